"""The documents of the user's agency: the history, a new draft in the local page's form, the
signature noted, the văn thư's number and date (with the PDF), downloads of the file, the PDF
and the data, and apology letter runs."""

import io

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, send_file

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.context import BUSY, FORM, address, agency_user, jobs, row_id, store
from minutes_gen.office.issuing import HISTORY_NAMES, KIND_NAMES, SOURCE
from minutes_gen.office.paging import PAGE_SIZE, Paged, listing_from
from minutes_gen.office.runs import prepare_run, run_day
from minutes_gen.office.store import CLERK, SECRETARY, SIGNER
from minutes_gen.office.workflow import draft, issue_date, issue_signed
from minutes_gen.vn.dates import numeric_date, vietnam_today
from minutes_gen.web import forms
from minutes_gen.web.guard import Busy
from minutes_gen.web.render import by_field
from minutes_gen.web.security import UploadError, read_upload
from minutes_gen.web.uploads import uploaded_mapping

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_FOUND = "Không có văn bản này (hoặc văn bản thuộc cơ quan khác)."
CONTROLS = {"kind", "profile_id"}  # posted with the drafting form, not fields of the data
pages = Blueprint("documents", __name__)


@pages.get("/van-ban")
def history():
    agency_user(CLERK, SECRETARY, SIGNER)
    return history_page(issued=request.args.get("moi", ""))


def history_page(issued: str = "", refused: str = "", status: int = 200):
    """One page of the agency's documents (filters and page from the address, ``office.paging``),
    each with what may be done next (noting the signature, issuing)."""
    from minutes_gen.engine.pdf import find_soffice

    user, (listing, problems) = g.user, listing_from(request.args, HISTORY_NAMES)
    search = listing.searched
    documents = store().documents(user.agency_id, search, year=listing.year, kind=listing.kind, limit=PAGE_SIZE,
                                  offset=listing.offset)
    paged = Paged(documents, store().count_documents(user.agency_id, search, listing.year, listing.kind), listing)
    return render_template("office_history.html", paged=paged, documents=documents, paging_problems=problems,
                           agency=store().agency(user.agency_id), kinds=HISTORY_NAMES, issued=issued,
                           refused=refused, today=numeric_date(vietnam_today()),
                           pdf_available=find_soffice() is not None), 400 if problems and status == 200 else status


def _new_page(data: dict, kind: str = "minutes", problems=(), status: int = 200, profile_id: str = ""):
    """The drafting form: the local page's fields, each error beside its field."""
    user = g.user
    return render_template("office_new.html", fields=current_app.extensions[FORM], data=data, kind=kind,
                           errors=list(problems), by_field=by_field(problems), kinds=KIND_NAMES,
                           agency=store().agency(user.agency_id), profiles=store().profiles(user.agency_id),
                           profile_id=profile_id), status


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
        from minutes_gen.sources.yaml_source import parse_yaml

        _, (stored, _, yaml_text) = owned_document(starting, SECRETARY)
        if stored.kind not in KIND_NAMES:
            not_found()
        return _new_page(parse_yaml(yaml_text, SOURCE).data, stored.kind)
    return _new_page({})


@pages.post("/van-ban/moi")
def new_document_post():
    """Open a .yaml into the form, or keep the form's data as a draft (no number yet)."""
    user = agency_user(SECRETARY)
    kind, profile_id = request.form.get("kind", ""), request.form.get("profile_id", "")
    if request.form.get("action") == "open":
        try:
            return _new_page(uploaded_mapping("yaml_file"), kind, profile_id=profile_id)
        except InputError as error:
            return _new_page({}, kind, error.problems, 400, profile_id)
    data = forms.data_from_form({key: value for key, value in request.form.items() if key not in CONTROLS})
    try:
        with jobs():
            drafted = draft(store(), user, store().agency(user.agency_id), _chosen_profile(user), kind, forms.to_yaml(data))
    except Busy:
        return _new_page(data, kind, [BUSY], 503, profile_id)
    except InputError as error:
        return _new_page(data, kind, error.problems, 400, profile_id)
    store().audit("lập văn bản", f"bản nháp {KIND_NAMES[kind]} — {drafted.file_name}", user, address())
    return redirect(f"/van-ban?moi={drafted.document_id}")


@pages.post("/van-ban/<int:document_id>/da-ky")
def mark_signed(document_id: int):
    """The signer signed the draft (noted by the cán bộ who took it to them, or the văn thư)."""
    user, (stored, _, _) = owned_document(document_id, CLERK, SECRETARY, SIGNER)
    if not store().mark_signed(user.agency_id, document_id, user.id):
        return history_page(refused="chỉ ghi nhận đã ký cho bản nháp", status=400)
    store().audit("ghi nhận đã ký", f"{HISTORY_NAMES.get(stored.kind, stored.kind)} — {stored.file_name}", user, address())
    return redirect("/van-ban")


@pages.post("/van-ban/<int:document_id>/cap-so")
def issue_document(document_id: int):
    """The văn thư gives a signed document its number and date, and issues it."""
    user, _ = owned_document(document_id, CLERK)
    form = request.form
    try:
        with jobs():
            issued = issue_signed(store(), store().agency(user.agency_id), document_id, issue_date(form.get("date", "")),
                                  form.get("note", "")[:500], with_pdf=form.get("pdf") == "1")
    except Busy:
        return history_page(refused=BUSY.message, status=503)
    except InputError as error:
        return history_page(refused="; ".join(f"{p.where()}: {p.message}" for p in error.problems), status=400)
    store().audit("cấp số", f"{issued.number} — {issued.file_name}", user, address())
    return redirect(f"/van-ban?moi={document_id}")


def owned_document(document_id: int, *roles: str):
    user = agency_user(*roles)
    found = store().document(user.agency_id, document_id)
    if found is None:  # another agency's document looks exactly like one that does not exist
        store().audit("truy cập bị từ chối", f"văn bản {document_id}", user, address())
        not_found()
    return user, found


def not_found():
    abort(make_response(render_template("office_error.html", message=NOT_FOUND), 404))


@pages.get("/van-ban/<int:document_id>")
def document_page(document_id: int):
    """One document: what it is, where it is in its way, its files. Features of the server add
    their own section to it (``office_document.html``)."""
    user, (stored, _, _) = owned_document(document_id, CLERK, SECRETARY, SIGNER)
    return render_template("office_document.html", d=stored, kinds=HISTORY_NAMES, agency=store().agency(user.agency_id))


@pages.get("/van-ban/<int:document_id>/tai")
def download(document_id: int):
    user, (stored, content, _) = owned_document(document_id, CLERK, SECRETARY, SIGNER)
    if not stored.file_name:  # a document made outside the tool: only its number is kept here
        not_found()
    store().audit("tải văn bản", stored.file_name, user, address())
    mimetype = "application/zip" if stored.file_name.endswith(".zip") else DOCX
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=stored.file_name)


@pages.get("/van-ban/<int:document_id>/pdf")
def download_pdf(document_id: int):
    user, (stored, _, _) = owned_document(document_id, CLERK, SECRETARY, SIGNER)
    return send_pdf(store().pdf(user.agency_id, document_id), stored.file_name.removesuffix(".docx") + ".pdf", user)


def send_pdf(pdf: bytes | None, name: str, user, action: str = "tải văn bản"):
    """A PDF kept with a document of the user's agency, downloaded as ``name`` and audited (none kept: 404)."""
    if pdf is None:
        not_found()
    store().audit(action, name, user, address())
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name)


@pages.get("/van-ban/<int:document_id>/du-lieu")
def download_data(document_id: int):
    _, (stored, _, yaml_text) = owned_document(document_id, CLERK, SECRETARY, SIGNER)
    return send_file(io.BytesIO(yaml_text.encode("utf-8")), mimetype="application/x-yaml", as_attachment=True,
                     download_name=stored.file_name.removesuffix(".docx") + ".yaml")


@pages.get("/xin-loi")
def apologies():
    user = agency_user(SECRETARY)
    return render_template("office_apology.html", agency=store().agency(user.agency_id), problems=[],
                           today=numeric_date(vietnam_today()), profiles=store().profiles(user.agency_id),
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
    """Prepare the day's run from the register uploaded: letters without numbers, for the văn thư."""
    user = agency_user(SECRETARY)
    agency = store().agency(user.agency_id)
    as_of = request.form.get("as_of", "")
    try:
        profile = _chosen_profile(user)
        register = read_upload("register", {"xlsx", "csv"})
        with jobs():
            prepared = prepare_run(store(), user, agency, profile, register, run_day(as_of))
    except (UploadError, InputError, Busy) as error:
        problems, status = _refusal(error)
        return render_template("office_apology.html", agency=agency, problems=problems, today=as_of,
                               profiles=store().profiles(user.agency_id), profile_id=request.form.get("profile_id", ""),
                               existing=getattr(error, "document_id", None)), status
    store().audit("lập phiếu xin lỗi", f"đợt chờ cấp số — {prepared.file_name}", user, address())
    return redirect(f"/van-ban/{prepared.document_id}")
