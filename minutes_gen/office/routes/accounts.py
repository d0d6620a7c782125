"""Logging in and out, changing one's own password (the same lock as the login page), and the
home page that sends each role to its own."""

import functools
import re
import secrets

from flask import Blueprint, g, make_response, redirect, render_template, request, session

from minutes_gen.errors import Problem
from minutes_gen.office import accounts
from minutes_gen.office.context import address, from_trusted_proxy, require, store
from minutes_gen.office.store import ADMIN, ROLES

pages = Blueprint("accounts", __name__)


@pages.get("/dang-nhap")
def login_get():
    return render_template("office_login.html", problem=None)


_OWN_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9/_.?=&%-]*")  # a path of this server: no //host, no \, no controls


def _next_page(user) -> str:
    """Where the login goes on: the page asked for before, when it is a path of this server
    (never another site, however the address is disguised), else the user's home page."""
    wanted = request.args.get("tiep", "")
    if _OWN_PATH.fullmatch(wanted):
        return wanted
    return "/quan-tri" if user.role == ADMIN else "/van-ban"


def _attempt_wait(office, username: str) -> float:
    """Seconds this password attempt for ``username`` must still wait (0: it goes on, counted as
    a failure until the password proves right). The address limit is not applied to a trusted
    proxy's own address: behind it, that would be the whole office."""
    rule = functools.partial(accounts.seconds_to_wait, address_counts=not from_trusted_proxy())
    return office.claim_attempt(username, address(), (accounts.LOGIN_WINDOW_SECONDS, accounts.ADDRESS_WINDOW_SECONDS),
                                rule)


def _too_many(wait: float) -> str:
    return f"Đăng nhập sai quá nhiều lần; hãy đợi {accounts.wait_text(wait)} rồi thử lại, hoặc báo người quản trị."


def _account(office, typed: str, username: str):
    """(user, password hash) of the name ``typed`` (``username``: its normal form), or (None, None).
    Accounts made before names were normalised (``NguyenVanA``) are found as typed, else by their
    normal form."""
    found = office.credentials(typed.strip()) or office.credentials(username)
    if found is None:
        twins = [u.username for u in office.users() if accounts.normal_username(u.username) == username]
        found = office.credentials(twins[0]) if len(twins) == 1 else None
    return found if found else (None, None)


@pages.post("/dang-nhap")
def login_post():
    office = store()
    typed = request.form.get("username", "")[:4 * accounts.USERNAME_LENGTH[1]]  # far beyond any name
    username, password = accounts.normal_username(typed), request.form.get("password", "")
    wait = _attempt_wait(office, username)
    if wait > 0:
        office.audit("đăng nhập bị chặn", f"tên «{username}»: sai quá nhiều lần", None, address())
        answer = make_response(render_template("office_login.html", problem=_too_many(wait)), 429)
        answer.headers["Retry-After"] = str(int(wait) + 1)
        return answer
    user, stored_hash = _account(office, typed, username)
    if not accounts.password_matches(stored_hash, password) or not user.active:
        office.audit("đăng nhập sai", f"tên «{username}»", None, address())
        return render_template("office_login.html", problem="Sai tên đăng nhập hoặc mật khẩu."), 401
    office.forget_failures(username)
    token = secrets.token_urlsafe(32)
    session.clear()
    session["token"] = token
    office.open_session(token, user.id)
    office.audit("đăng nhập", "", user, address())
    return redirect(_next_page(user))


@pages.post("/dang-xuat")
def logout():
    if session.get("token"):
        store().close_session(session["token"])
    if g.user is not None:
        store().audit("đăng xuất", "", g.user, address())
    session.clear()
    return redirect("/dang-nhap")


@pages.get("/mat-khau")
def password_page():
    require(*ROLES)
    return render_template("office_password.html", problems=[], done=False)


def _current_password_problem(office, user, current: str) -> str | None:
    """Why the current password typed is not accepted: wrong, or too many wrong ones (the same
    lock as the login page, so a session left open is no way to guess it)."""
    name = accounts.normal_username(user.username)
    wait = _attempt_wait(office, name)
    if wait > 0:
        return f"sai quá nhiều lần; hãy đợi {accounts.wait_text(wait)} rồi thử lại"
    if not accounts.password_matches(office.credentials(user.username)[1], current):
        return "không đúng"
    office.forget_failures(name)
    return None


@pages.post("/mat-khau")
def change_password():
    """Anyone changes their own password: the current one first; their other sessions end."""
    user = require(*ROLES)
    office = store()
    current, new, again = (request.form.get(name, "") for name in ("current", "new", "again"))
    problems = []
    if (wrong := _current_password_problem(office, user, current)) is not None:
        problems.append(Problem("mật khẩu đang dùng", wrong))
    if (weak := accounts.password_problem(new, user.username)) is not None:
        problems.append(Problem("mật khẩu mới", weak))
    elif new != again:
        problems.append(Problem("nhắc lại mật khẩu mới", "không giống mật khẩu mới"))
    if problems:
        return render_template("office_password.html", problems=problems, done=False), 400
    office.set_password(user.id, accounts.hash_password(new), keep_token=session.get("token", ""))
    office.audit("đổi mật khẩu", "", user, address())
    return render_template("office_password.html", problems=[], done=True)


@pages.get("/")
def home():
    user = require(*ROLES)
    return redirect("/quan-tri" if user.role == ADMIN else "/van-ban")
