"""The office server (``minutes-gen office serve``): accounts and roles, agency profiles, the
documents issued and their history, one number register — for a whole department.

Every page checks on the server who is logged in, their role and their agency; a document is
only ever looked up together with the agency of the user asking (``OfficeStore.document``).
"""

import secrets
import sys

from flask import current_app, g, redirect, render_template, request, session
from werkzeug.exceptions import HTTPException

from minutes_gen.sources.limits import limits, size_text
from minutes_gen.office import accounts
from minutes_gen.office.context import FORM, JOBS, RowId, close_store, store
from minutes_gen.office.routes import BLUEPRINTS
from minutes_gen.office.store import ROLES, OfficeStore
from minutes_gen.web.guard import (HOST_REFUSED, JobGate, VietnameseFlask, allowed_hosts, check_host, new_nonce,
                                   private_headers, security_headers, trusted_networks)
from minutes_gen.web.security import MAX_UPLOAD_BYTES, check_csrf, csrf_token

ERRORS = {
    400: "Yêu cầu gửi lên không hợp lệ; hãy tải lại trang và thử lại.",
    403: "Bạn không có quyền làm việc này, hoặc phiên làm việc đã hết hạn; hãy tải lại trang.",
    404: "Không có trang hay văn bản này (hoặc văn bản thuộc cơ quan khác).",
    405: "Trang này không nhận cách gửi đó.",
    413: "Tệp tải lên quá lớn (tối đa 20 MB).",
    500: "Đã có lỗi khi xử lý; dữ liệu không bị thay đổi. Hãy thử lại hoặc báo cho bộ phận CNTT.",
}
FORM_MARGIN = 64 * 1024  # the other fields of a form that is not multipart (csrf token, choices)
LONG_FIELDS = {"admin.add_agency": "Hồ sơ cơ quan"}  # endpoint: field label


def create_office_app(db_url: str, host: str = "127.0.0.1", allowed: tuple[str, ...] = (),
                      secure_cookies: bool = False, trusted_proxies: tuple[str, ...] = (),
                      jobs: JobGate | None = None) -> VietnameseFlask:
    """The application over the database ``db_url`` (already initialised by ``office init``);
    X-Forwarded-For is read only from ``trusted_proxies`` (addresses or networks); ``jobs`` lets
    a few documents and apology runs be made at once (``JobGate()``)."""
    trusted = trusted_networks(trusted_proxies)
    office = OfficeStore.open(db_url)
    try:
        if office.schema_version() == 0:
            from minutes_gen.errors import InputError, Problem

            raise InputError([Problem(office.database.label, "cơ sở dữ liệu chưa được khởi tạo; chạy "
                                                            "«minutes-gen office init --db …» trước")],
                             headline="Chưa khởi tạo máy chủ văn phòng")
        secret = office.secret(lambda: secrets.token_urlsafe(48))
    finally:
        office.close()
    app = VietnameseFlask(__name__)
    app.config.update(SECRET_KEY=secret, MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES + FORM_MARGIN,
                      MAX_FORM_MEMORY_SIZE=limits().yaml_bytes,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SECURE=secure_cookies, SESSION_COOKIE_NAME="minutes_gen_office",
                      OFFICE_DB=db_url, OFFICE_TRUSTED_PROXIES=trusted)
    _share_the_forms(app)
    app.jinja_env.globals.update(csrf_token=csrf_token, csp_nonce=lambda: g.get("csp_nonce", ""), roles=ROLES,
                                 current_user=lambda: g.get("user"))
    app.extensions[JOBS] = jobs or JobGate()
    app.url_map.converters["int"] = RowId
    app.before_request(check_host(allowed_hosts(host, allowed)))
    app.before_request(new_nonce)
    app.before_request(_limit_form)
    app.before_request(check_csrf)
    app.before_request(_load_user)
    app.before_request(_password_change_first)
    app.after_request(security_headers)
    app.after_request(private_headers(https=secure_cookies))  # every office page carries a session
    app.teardown_appcontext(close_store)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, _http_error_page)
    app.register_error_handler(Exception, _unexpected_error_page)
    return app


def _share_the_forms(app: VietnameseFlask) -> None:
    """The local page's form (its fields, templates and labels) for drafting here, less what the
    văn thư gives (the numbers, the notice's date), the issuing body optional (the profile's when
    left out); dates and times shown dd/mm/yyyy in +07:00."""
    from jinja2 import ChoiceLoader, PackageLoader

    from minutes_gen.model.inspection import Inspection
    from minutes_gen.vn.dates import shown_date, shown_moment
    from minutes_gen.web import forms

    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, PackageLoader("minutes_gen.web", "templates")])
    app.jinja_env.globals.update(forms.template_globals())
    app.jinja_env.filters.update(date=shown_date, moment=shown_moment)
    drafting = forms.without(forms.form_of(Inspection), {"minutes.number", "notice.number", "notice.date"})
    app.extensions[FORM] = forms.optional(drafting, "issuing_body")  # left out: taken from the agency's profile


def _own_limit() -> int | None:
    """The body limit a page sets for itself (``form_bytes`` on its view: the signer's form)."""
    return getattr(current_app.view_functions.get(request.endpoint or ""), "form_bytes", None)


def _limit_form() -> None:
    """A form without files (not multipart) is at most the longest field and a margin: its body
    is read whole before any field is looked at (a multipart form's fields are limited one by
    one by ``MAX_FORM_MEMORY_SIZE``); a page's own limit before the form is read (CSRF reads it)."""
    if _own_limit():
        request.max_content_length = _own_limit()
    elif request.mimetype != "multipart/form-data":
        request.max_content_length = limits().yaml_bytes + FORM_MARGIN


def _too_large() -> str:
    """What a 413 says: the upload limit, or the limit of the form field that is too long."""
    if request.mimetype == "multipart/form-data" and (request.content_length or 0) > MAX_UPLOAD_BYTES + FORM_MARGIN:
        return ERRORS[413]
    if _own_limit():
        return f"Tệp tải lên quá lớn (tối đa {size_text(_own_limit())})."
    if (request.content_length or 0) <= limits().yaml_bytes:  # no field can be too long: too many fields
        return "Biểu mẫu gửi lên có quá nhiều ô; hãy tải lại trang rồi gửi lại."
    label = LONG_FIELDS.get(request.endpoint or "")
    field = f"Ô «{label}»" if label else "Một ô của biểu mẫu"
    return (f"{field} dài quá, tối đa {size_text(limits().yaml_bytes)} (dữ liệu của một cuộc kiểm tra thật dưới "
            "200 KB); hãy quay lại, rút gọn rồi gửi lại.")


def _load_user() -> None:
    g.user = None
    token = session.get("token")
    if token and request.endpoint not in ("health.health", "static"):
        g.user = store().session_user(token, accounts.SESSION_IDLE_SECONDS, accounts.SESSION_LONGEST_SECONDS)
        if g.user is None:
            session.pop("token", None)


# What a user with a temporary password may still reach before changing it.
_BEFORE_CHANGING = {"accounts.password_page", "accounts.change_password", "accounts.logout", "health.health",
                    "static"}


def _password_change_first():
    """A user whose password the administrator reset sees only the change-password page."""
    user = g.get("user")
    if user is not None and user.must_change_password and request.endpoint not in _BEFORE_CHANGING:
        return redirect("/mat-khau")
    return None


def _http_error_page(error: HTTPException):
    if error.code == 400 and error.description == "host":
        return render_template("office_error.html", message=HOST_REFUSED), 400
    if error.code == 413:
        return render_template("office_error.html", message=_too_large()), 413
    message = ERRORS.get(error.code or 500) or f"Yêu cầu không xử lý được (mã {error.code})."
    return render_template("office_error.html", message=message), error.code or 500


def _unexpected_error_page(error: Exception):
    from minutes_gen.errors import InputError

    g.store_failed = True
    if isinstance(error, InputError):  # the database refused (locked, unreachable): said in Vietnamese
        print(f"Lỗi khi xử lý {request.method} {request.path}: {error.problems[0].message}", file=sys.stderr, flush=True)
        return render_template("office_error.html", message=f"{error.headline}: {error.problems[0].message}"), 503
    print(f"Lỗi ngoài dự kiến khi xử lý {request.method} {request.path} ({type(error).__name__}).",
          file=sys.stderr, flush=True)
    return render_template("office_error.html", message=ERRORS[500]), 500

