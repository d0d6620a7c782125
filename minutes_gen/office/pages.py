"""The office server's pages (Vietnamese): login, documents and history, the number register
of the văn thư, administration, health."""

import datetime as dt
import functools
import io
import secrets

from flask import (Blueprint, abort, current_app, g, jsonify, make_response, redirect, render_template, request,
                   send_file, session)

from minutes_gen.errors import InputError, Problem
from minutes_gen.office import accounts
from minutes_gen.office.app import (ADMIN, BUSY, CLERK, SECRETARY, Busy, address, agency_user, from_trusted_proxy, jobs,
                                   require, row_id, store)
from minutes_gen.office.issuing import (HISTORY_NAMES, KIND_NAMES, check_template, issue, issue_apologies,
                                       profile_label, profile_settings)
from minutes_gen.office.store import ROLES
from minutes_gen.web.security import UploadError, read_upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_FOUND = "Không có văn bản này (hoặc văn bản thuộc cơ quan khác)."
pages = Blueprint("pages", __name__, template_folder="templates")


@pages.get("/suc-khoe")
def health():
    """For monitoring: the database answers (200) or not (503)."""
    try:
        store().database.one("SELECT 1 AS ok")
    except InputError:
        g.store_failed = True
        return jsonify(trang_thai="lỗi", co_so_du_lieu="không kết nối được"), 503
    return jsonify(trang_thai="tốt", co_so_du_lieu="kết nối được")


# --- login ------------------------------------------------------------------------------
@pages.get("/dang-nhap")
def login_get():
    return render_template("office_login.html", problem=None)


def _next_page(user) -> str:
    wanted = request.args.get("tiep", "")
    if wanted.startswith("/") and not wanted.startswith("//"):
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
    require(ADMIN, CLERK, SECRETARY)
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
    user = require(ADMIN, CLERK, SECRETARY)
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
    user = require(ADMIN, CLERK, SECRETARY)
    return redirect("/quan-tri" if user.role == ADMIN else "/van-ban")


# --- documents and history --------------------------------------------------------------
@pages.get("/van-ban")
def history():
    user = agency_user(CLERK, SECRETARY)
    search = request.args.get("q", "")[:100]
    return render_template("office_history.html", documents=store().documents(user.agency_id, search), search=search,
                           agency=store().agency(user.agency_id), kinds=HISTORY_NAMES,
                           issued=request.args.get("moi", ""))


def _new_page(text: str = "", kind: str = "minutes", numbered: bool = True, problems=(), status: int = 200,
              profile_id: str = ""):
    user = g.user
    from minutes_gen.engine.pdf import find_soffice

    return render_template("office_new.html", text=text, kind=kind, numbered=numbered, problems=list(problems),
                           kinds=KIND_NAMES, agency=store().agency(user.agency_id), pdf_available=find_soffice() is not None,
                           profiles=store().profiles(user.agency_id), profile_id=profile_id), status


def _chosen_profile(user):
    """The profile chosen on the form, which must be one of the user's agency."""
    chosen = request.form.get("profile_id", "")
    profile = store().profile(user.agency_id, row_id(chosen)) if row_id(chosen) is not None else None
    if profile is None:
        raise InputError([Problem("hồ sơ cơ quan", "chưa chọn (người quản trị thêm hồ sơ cơ quan ở trang Quản trị)")])
    return profile


@pages.get("/van-ban/moi")
def new_document():
    agency_user(SECRETARY)
    starting = row_id(request.args.get("tu", ""))
    if starting is not None:  # a previous document of this agency as the starting point
        _, (stored, _, yaml_text) = _owned(starting, SECRETARY)
        if stored.kind not in KIND_NAMES:
            _not_found()
        return _new_page(yaml_text, stored.kind)
    return _new_page()


@pages.post("/van-ban/moi")
def new_document_post():
    user = agency_user(SECRETARY)
    kind, numbered = request.form.get("kind", ""), request.form.get("numbered") == "1"
    with_pdf = request.form.get("pdf") == "1"
    text = request.form.get("data", "")
    if request.files.get("file") and request.files["file"].filename:
        try:
            _, raw = read_upload("file", {"yaml"})
            text = raw.decode("utf-8-sig")
        except (UploadError, UnicodeDecodeError) as error:
            message = str(error) if isinstance(error, UploadError) else "tệp không phải văn bản UTF-8"
            return _new_page(text, kind, numbered, [Problem("tệp tải lên", message)], 400)
    agency = store().agency(user.agency_id)
    try:
        with jobs():
            issued = issue(store(), user, agency, _chosen_profile(user), kind, text, numbered, with_pdf)
    except Busy:
        return _new_page(text, kind, numbered, [BUSY], 503, request.form.get("profile_id", ""))
    except InputError as error:
        return _new_page(text, kind, numbered, error.problems, 400, request.form.get("profile_id", ""))
    store().audit("lập văn bản", f"{KIND_NAMES[kind]} {issued.number or '(chưa số)'} — {issued.file_name}", user, address())
    if issued.number:
        store().audit("cấp số", issued.number, user, address())
    return redirect(f"/van-ban?moi={issued.document_id}")


def _owned(document_id: int, *roles: str):
    user = agency_user(*roles)
    found = store().document(user.agency_id, document_id)
    if found is None:  # another agency's document looks exactly like one that does not exist
        store().audit("truy cập bị từ chối", f"văn bản {document_id}", user, address())
        _not_found()
    return user, found


def _not_found():
    abort(make_response(render_template("office_error.html", message=NOT_FOUND), 404))


@pages.get("/van-ban/<int:document_id>/tai")
def download(document_id: int):
    user, (stored, content, _) = _owned(document_id, CLERK, SECRETARY)
    store().audit("tải văn bản", stored.file_name, user, address())
    mimetype = "application/zip" if stored.file_name.endswith(".zip") else DOCX
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=stored.file_name)


@pages.get("/van-ban/<int:document_id>/pdf")
def download_pdf(document_id: int):
    user, (stored, _, _) = _owned(document_id, CLERK, SECRETARY)
    pdf = store().pdf(user.agency_id, document_id)
    if pdf is None:
        _not_found()
    store().audit("tải văn bản", stored.file_name.removesuffix(".docx") + ".pdf", user, address())
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=stored.file_name.removesuffix(".docx") + ".pdf")


@pages.get("/van-ban/<int:document_id>/du-lieu")
def download_data(document_id: int):
    _, (stored, _, yaml_text) = _owned(document_id, CLERK, SECRETARY)
    return send_file(io.BytesIO(yaml_text.encode("utf-8")), mimetype="application/x-yaml", as_attachment=True,
                     download_name=stored.file_name.removesuffix(".docx") + ".yaml")


@pages.get("/xin-loi")
def apologies():
    user = agency_user(SECRETARY)
    return render_template("office_apology.html", agency=store().agency(user.agency_id), problems=[],
                           today=dt.date.today().strftime("%d/%m/%Y"), profiles=store().profiles(user.agency_id),
                           profile_id="")


def _refusal(error: Exception) -> tuple[list[Problem], int]:
    """The problems shown and the status of an apology run refused (upload, data, busy server)."""
    if isinstance(error, Busy):
        return [BUSY], 503
    if isinstance(error, UploadError):
        return [Problem("sổ theo dõi", str(error))], 400
    return error.problems, 400


@pages.post("/xin-loi")
def apologies_post():
    user = agency_user(SECRETARY)
    agency = store().agency(user.agency_id)
    as_of = request.form.get("as_of", "")
    try:
        profile = _chosen_profile(user)
        register_kind, raw = read_upload("register", {"xlsx", "csv"})
        with jobs():
            issued = issue_apologies(store(), current_app.config["OFFICE_DB"], user, agency, profile, register_kind,
                                     raw, as_of)
    except (UploadError, InputError, Busy) as error:
        problems, status = _refusal(error)
        return render_template("office_apology.html", agency=agency, problems=problems, today=as_of,
                               profiles=store().profiles(user.agency_id),
                               profile_id=request.form.get("profile_id", "")), status
    store().audit("lập phiếu xin lỗi", issued.file_name, user, address())
    return redirect(f"/van-ban?moi={issued.document_id}")


# --- the number register (văn thư) ------------------------------------------------------
def _register(agency_id: int):
    """The agency's series of the shared number register, on this request's connection (not closed here)."""
    from minutes_gen.register.sql import SqlRegister

    return SqlRegister(store().database, check_integrity=False, owner=agency_id)


def _agency_numbers(agency_id: int) -> list:
    """Every number the agency holds (documents, apology letters, numbers taken on the command
    line), with its current status."""
    return _register(agency_id).entries()


@pages.get("/so-van-ban")
def numbers():
    user = agency_user(CLERK)
    return render_template("office_numbers.html", entries=_agency_numbers(user.agency_id), problem=None,
                           agency=store().agency(user.agency_id))


@pages.post("/so-van-ban/huy")
def void_number():
    user = agency_user(CLERK)
    entry_id, reason = request.form.get("id", ""), request.form.get("reason", "").strip()
    problem = None
    if row_id(entry_id) is None:
        problem = "Không có số này trong sổ của cơ quan."
    elif not reason:
        problem = "Phải ghi lý do hủy số."
    else:
        try:
            entry = _register(user.agency_id).void_entry(row_id(entry_id), reason)
            store().audit("hủy số", f"{entry.text} năm {entry.year}: {reason}", user, address())
        except InputError as error:
            problem = error.problems[0].message[:1].upper() + error.problems[0].message[1:] + "."
    if problem:
        return render_template("office_numbers.html", entries=_agency_numbers(user.agency_id), problem=problem,
                               agency=store().agency(user.agency_id)), 400
    return redirect("/so-van-ban")


@pages.get("/so-van-ban/xuat")
def export_numbers():
    from minutes_gen.outputs.sheets import csv_bytes

    user = agency_user(CLERK)
    headers = ["Số", "Năm", "Loại", "Đơn vị / hồ sơ", "Ngày văn bản", "Trạng thái", "Lý do hủy", "SHA-256"]
    rows = [[e.text, e.year, e.kind, e.record_key, e.doc_date, "đã hủy" if e.status == "void" else "đã cấp",
             e.void_reason, e.sha256] for e in _agency_numbers(user.agency_id)]
    store().audit("xuất sổ", f"{len(rows)} số", user, address())
    return send_file(io.BytesIO(csv_bytes(headers, rows)), mimetype="text/csv", as_attachment=True,
                     download_name="so-van-ban-di.csv")


# --- administration ---------------------------------------------------------------------
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
    if role in (CLERK, SECRETARY) and agency is None:
        problems.append(Problem("cơ quan", "văn thư và cán bộ phải thuộc một cơ quan"))
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
    name = request.files["template"].filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    office.set_template(agency.id, kind, name, content, admin_user.id)
    office.audit("tải mẫu riêng", f"{KIND_NAMES[kind]}: {name}", admin_user, address(), agency.id)
    return redirect("/quan-tri")


@pages.post("/quan-tri/mau/bo")
def remove_template():
    """Remove an agency's own template: its documents are made with the built-in one again."""
    admin_user = require(ADMIN)
    office = store()
    agency_text, kind = request.form.get("agency_id", ""), request.form.get("kind", "")
    agency = office.agency(int(agency_text)) if agency_text.isdigit() else None
    removed = office.remove_template(agency.id, kind) if agency is not None and kind in KIND_NAMES else None
    if removed is None:
        return _admin_page([Problem("mẫu riêng", "cơ quan này không có mẫu riêng cho loại văn bản đó")], 404)
    office.audit("bỏ mẫu riêng", f"{KIND_NAMES[kind]}: {removed}", admin_user, address(), agency.id)
    return redirect("/quan-tri")
