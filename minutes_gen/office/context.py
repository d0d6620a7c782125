"""What every office route works with during one request: this request's database connection,
the user and the roles a page requires, the client's address, the job gate, row ids."""

import re
import threading

from flask import abort, current_app, g, redirect, request
from werkzeug.routing import IntegerConverter

from minutes_gen.errors import Problem
from minutes_gen.office.store import OfficeStore
from minutes_gen.web.guard import JobGate, client_address, is_trusted

BUSY = Problem("máy chủ", "đang bận lập văn bản cho người khác; hãy đợi một phút rồi bấm gửi lại (dữ liệu đã nhập "
                          "vẫn còn, chưa có gì được lưu hay cấp số)")
JOBS = "minutes_gen.office.jobs"  # the app's extension holding the job gate
FORM = "minutes_gen.office.form"  # the app's extension holding the drafting form
MAX_ROW_ID = 2 ** 63 - 1  # the largest id both databases hold (PostgreSQL BIGINT)


class RowId(IntegerConverter):
    """``<int:…>`` on the office's routes: a number larger than any row id, or written with other
    digits than 0–9 (``١``, ``１``), is no page (404)."""

    regex = r"[0-9]{1,19}"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


def row_id(text: str) -> int | None:
    """The row id a form or a query sends (``"12"``), or None when it is none (empty, not plain
    digits, larger than any row id)."""
    if not re.fullmatch(r"[0-9]{1,19}", text) or int(text) > MAX_ROW_ID:
        return None
    return int(text)


_KEPT = threading.local()  # per server thread: {database URL: an open connection between requests}


def store() -> OfficeStore:
    """This request's connection to the database: the one this thread kept from its last request
    (opening a PostgreSQL connection per request doubled the latency), else a new one."""
    if "store" not in g:
        url = current_app.config["OFFICE_DB"]
        kept = getattr(_KEPT, "stores", {}).pop(url, None)
        g.store = kept if kept is not None else OfficeStore.open(url)
    return g.store


def close_store(error=None) -> None:
    """Keep the connection for the thread's next request, unless the request failed (then it is
    closed: a connection that saw an error is never reused)."""
    opened = g.pop("store", None)
    if opened is None:
        return
    if error is None and not g.get("store_failed"):
        if not hasattr(_KEPT, "stores"):
            _KEPT.stores = {}
        _KEPT.stores[current_app.config["OFFICE_DB"]] = opened
    else:
        opened.close()


def jobs() -> JobGate:
    """The gate every document and apology run goes through (``Busy`` beyond it)."""
    return current_app.extensions[JOBS]


def address() -> str:
    """The client's address (through a trusted proxy: the one the proxy saw)."""
    if "client_address" not in g:
        forwarded = ",".join(request.headers.getlist("X-Forwarded-For"))
        g.client_address = client_address(request.remote_addr or "", forwarded,
                                          current_app.config["OFFICE_TRUSTED_PROXIES"])
    return g.client_address


def from_trusted_proxy() -> bool:
    """Whether the client's address is a trusted proxy's own (it did not say who sent it)."""
    return is_trusted(address(), current_app.config["OFFICE_TRUSTED_PROXIES"])


def require(*roles: str):
    """The user logged in with one of ``roles``; otherwise to the login page (not logged in)
    or 403 (logged in with another role)."""
    user = g.get("user")
    if user is None:
        abort(redirect(f"/dang-nhap?tiep={request.path}"))
    if user.role not in roles:
        abort(403)
    return user


def agency_user(*roles: str):
    """A user of ``roles`` who belongs to an agency (every document page works inside one)."""
    user = require(*roles)
    if user.agency_id is None:
        abort(403)
    return user

