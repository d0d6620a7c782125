"""The administrator's page: agencies and their profiles, users (added, locked, a temporary
password), the agencies' own templates, the audit log."""

from flask import Blueprint, redirect, render_template, request

from minutes_gen.errors import InputError, Problem
from minutes_gen.office import accounts
from minutes_gen.office.context import address, require, row_id, store
from minutes_gen.office.issuing import KIND_NAMES, check_template, profile_label, profile_settings
from minutes_gen.office.store import ADMIN, ROLES
from minutes_gen.web.security import UploadError, read_upload, upload_name

pages = Blueprint("admin", __name__)


def _admin_page(problems=(), status: int = 200, profile: str = "", reset: tuple[str, str] | None = None):
    """The administration page; ``reset``: (user name, temporary password) to show once."""
    office = store()
    return render_template("office_admin.html", agencies=office.agencies(), users=office.users(),
                           audit=office.audit_log(100), problems=list(problems), profile=profile, reset=reset,
                           templates=office.templates(), kinds=KIND_NAMES, profiles=office.profiles(),
                           agency_names={a.id: a.name for a in office.agencies()}), status


@pages.get("/quan-tri")
def admin():
    require(ADMIN)
    return _admin_page()


@pages.post("/quan-tri/co-quan")
def add_agency():
    user = require(ADMIN)
    text = request.form.get("profile", "")
    try:
        settings = profile_settings(text)
    except InputError as error:
        return _admin_page(error.problems, 400, text)
    office = store()
    abbreviation, label = settings.agency.abbreviation.upper(), profile_label(settings)
    agency = office.agency_by_abbreviation(abbreviation)
    if agency is None:
        agency_id = office.add_agency(settings.agency.name, abbreviation)
        office.audit("thêm cơ quan", settings.agency.name, user, address(), agency_id)
    else:
        agency_id = agency.id
        office.rename_agency(agency_id, settings.agency.name)
    office.save_profile(agency_id, label, text)
    office.audit("lưu hồ sơ cơ quan", f"{settings.agency.name}: {label}", user, address(), agency_id)
    return redirect("/quan-tri")


@pages.post("/quan-tri/nguoi-dung")
def add_user():
    admin_user = require(ADMIN)
    form = request.form
    username, full_name = accounts.normal_username(form.get("username", "")), form.get("full_name", "").strip()
    role, agency_text, password = form.get("role", ""), form.get("agency_id", ""), form.get("password", "")
    office = store()
    problems = []
    if (bad_name := accounts.username_problem(username, [u.username for u in office.users()])) is not None:
        problems.append(Problem("tên đăng nhập", bad_name))
    if not full_name:
        problems.append(Problem("họ và tên", "chưa ghi"))
    if role not in ROLES:
        problems.append(Problem("vai trò", "chưa chọn"))
    agency = office.agency(row_id(agency_text)) if row_id(agency_text) is not None else None
    if role in ROLES and role != ADMIN and agency is None:
        problems.append(Problem("cơ quan", "văn thư, cán bộ và người ký phải thuộc một cơ quan"))
    if (weak := accounts.password_problem(password, username)) is not None:
        problems.append(Problem("mật khẩu", weak))
    if problems:
        return _admin_page(problems, 400)
    office.add_user(username, full_name, role, agency.id if agency and role != ADMIN else None,
                    accounts.hash_password(password))
    office.audit("thêm người dùng", f"{username} ({ROLES[role]})", admin_user, address(), agency.id if agency else None)
    return redirect("/quan-tri")


@pages.post("/quan-tri/nguoi-dung/<int:user_id>/khoa")
def lock_user(user_id: int):
    admin_user = require(ADMIN)
    office = store()
    target = office.user(user_id)
    if target is None:
        return _admin_page([Problem("người dùng", "không có người dùng này")], 404)
    active = request.form.get("active") == "1"
    if not active and target.role == ADMIN and office.count_admins() <= 1:
        return _admin_page([Problem("người dùng", "không khóa được người quản trị cuối cùng")], 400)
    office.set_active(user_id, active)
    office.audit("mở khóa người dùng" if active else "khóa người dùng", target.username, admin_user, address())
    return redirect("/quan-tri")


@pages.post("/quan-tri/nguoi-dung/<int:user_id>/mat-khau")
def reset_password(user_id: int):
    """A temporary password, shown once to the administrator: the user's sessions end, their
    failed logins are forgotten, and they must change it at the next login."""
    admin_user = require(ADMIN)
    office = store()
    target = office.user(user_id)
    if target is None:
        return _admin_page([Problem("người dùng", "không có người dùng này")], 404)
    if target.id == admin_user.id:
        return _admin_page([Problem("người dùng", "tự đổi mật khẩu của mình ở trang «Đổi mật khẩu»")], 400)
    temporary = accounts.temporary_password(target.username)
    office.set_password(target.id, accounts.hash_password(temporary), must_change=True)
    office.forget_failures(accounts.normal_username(target.username))
    office.audit("đặt lại mật khẩu", target.username, admin_user, address(), target.agency_id)
    return _admin_page(reset=(target.username, temporary))


@pages.post("/quan-tri/mau")
def upload_template():
    """An agency's own template: accepted only when ``templates check`` finds nothing wrong."""
    admin_user = require(ADMIN)
    office = store()
    agency_text, kind = request.form.get("agency_id", ""), request.form.get("kind", "")
    agency = office.agency(row_id(agency_text)) if row_id(agency_text) is not None else None
    try:
        if agency is None:
            raise InputError([Problem("cơ quan", "chưa chọn")])
        _, content = read_upload("template", {"docx"})
        check_template(kind, content)
    except UploadError as error:
        return _admin_page([Problem("tệp mẫu", str(error))], 400)
    except InputError as error:
        return _admin_page(error.problems, 400)
    name = upload_name(request.files["template"].filename)
    office.set_template(agency.id, kind, name, content, admin_user.id)
    office.audit("tải mẫu riêng", f"{KIND_NAMES[kind]}: {name}", admin_user, address(), agency.id)
    return redirect("/quan-tri")


@pages.post("/quan-tri/mau/bo")
def remove_template():
    """Remove an agency's own template: its documents are made with the built-in one again."""
    admin_user = require(ADMIN)
    office = store()
    agency_text, kind = request.form.get("agency_id", ""), request.form.get("kind", "")
    agency = office.agency(row_id(agency_text)) if row_id(agency_text) is not None else None
    removed = office.remove_template(agency.id, kind) if agency is not None and kind in KIND_NAMES else None
    if removed is None:
        return _admin_page([Problem("mẫu riêng", "cơ quan này không có mẫu riêng cho loại văn bản đó")], 404)
    office.audit("bỏ mẫu riêng", f"{KIND_NAMES[kind]}: {removed}", admin_user, address(), agency.id)
    return redirect("/quan-tri")
