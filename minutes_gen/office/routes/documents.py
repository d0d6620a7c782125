"""The documents of the user's agency: the history, a new document (numbered, with its PDF),
downloads of the file, the PDF and the data, and apology letter runs."""

import datetime as dt
import io

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, send_file

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.context import BUSY, address, agency_user, jobs, row_id, store
from minutes_gen.office.issuing import HISTORY_NAMES, KIND_NAMES, issue, issue_apologies
from minutes_gen.office.store import CLERK, SECRETARY
from minutes_gen.web.guard import Busy
from minutes_gen.web.security import UploadError, read_upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_FOUND = "Không có văn bản này (hoặc văn bản thuộc cơ quan khác)."
pages = Blueprint("documents", __name__)


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
