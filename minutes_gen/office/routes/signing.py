"""Digital signatures from the server (``office.signing``): the administrator sets each agency's
seal key and the trusted roots; on a document's page the người ký signs with their own PKCS#12
(sent for that request only), then the văn thư seals; the signed PDF is downloaded, and the page
shows what ``verify`` says of it."""


from flask import Blueprint, g, redirect, render_template, request

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.context import BUSY, address, jobs, require, row_id, store
from minutes_gen.office.issuing import APOLOGY_KIND, HISTORY_NAMES
from minutes_gen.office.routes.documents import owned_document, send_pdf
from minutes_gen.office.signing import (PERSON_KEY, SealUpload, checked_roots, checked_seal, opened_seal, sign_document,
                                        verification)
from minutes_gen.office.store import ADMIN, CLERK, SECRETARY, SIGNER
from minutes_gen.signing.keys import pkcs12_signer
from minutes_gen.signing.verify import UNCHECKED
from minutes_gen.storage.sealed import key_configured
from minutes_gen.web.guard import Busy
from minutes_gen.web.security import UploadError, read_upload

pages = Blueprint("signing", __name__)
FIELD_NAMES = {"ChuKyNguoiKy": "Người ký", "ChuKyCoQuan": "Cơ quan (con dấu)"}
NO_ROOTS = "chưa kiểm tra độ tin cậy (quản trị chưa nạp chứng thư gốc tin cậy)"
# The person's key and image come in one small form: werkzeug keeps an upload below 500 KB in
# memory, so the key never reaches a temporary file.
PERSON_FORM_BYTES = 400 * 1024
NO_SEAL = Problem("con dấu", "cơ quan chưa có khóa con dấu trên máy chủ; người quản trị đặt ở trang «Khóa con dấu»")


# --- the administrator: seal keys and trusted roots ------------------------------------------
def _seal_page(problems=(), status: int = 200):
    office = store()
    return render_template("office_seal.html", agencies=office.agencies(), seals=office.seal_keys(),
                           problems=list(problems), has_roots=bool(office.trust_roots()),
                           key_ready=key_configured()), status


@pages.get("/quan-tri/con-dau")
def seal_page():
    require(ADMIN)
    return _seal_page()


def upload_field(name: str, kinds: set[str]) -> bytes:
    try:
        return read_upload(name, kinds)[1]
    except UploadError as error:
        raise InputError([Problem({"p12": "tệp khóa", "image": "ảnh", "roots": "chứng thư gốc"}[name],
                                  str(error))]) from None


@pages.post("/quan-tri/con-dau")
def set_seal():
    """An agency's seal key, checked (it opens, its certificate can sign) before it is kept sealed."""
    user = require(ADMIN)
    form = request.form
    agency = store().agency(row_id(form.get("agency_id", "")) or 0)
    try:
        if agency is None:
            raise InputError([Problem("cơ quan", "chưa chọn")])
        on_token = form.get("kind") == "pkcs11"
        upload = SealUpload(None if on_token else upload_field("p12", {"p12"}), form.get("module", ""),
                            form.get("token", ""), form.get("key", ""), form.get("secret", ""),
                            upload_field("image", {"png"}))
        with jobs():
            key = checked_seal(agency.id, upload)
    except Busy:
        return _seal_page([BUSY], 503)
    except InputError as error:
        return _seal_page(error.problems, 400)
    store().set_seal(key, user.id)
    store().audit("đặt khóa con dấu", f"{agency.name}: {key.subject} ({'thiết bị PKCS#11' if key.on_token else 'PKCS#12'})",
                  user, address(), agency.id)
    return redirect("/quan-tri/con-dau")


@pages.post("/quan-tri/con-dau/goc")
def set_roots():
    """The roots signatures are verified against (the government CA's root certificates)."""
    user = require(ADMIN)
    try:
        pem = checked_roots(upload_field("roots", {"pem"}))
    except InputError as error:
        return _seal_page(error.problems, 400)
    store().set_trust_roots(pem)
    store().audit("nạp chứng thư gốc tin cậy", f"{pem.count('BEGIN CERTIFICATE')} chứng thư", user, address())
    return redirect("/quan-tri/con-dau")


# --- a document: sign, seal, download, verify --------------------------------------------------
@pages.app_template_global()
def signatures_of(document_id: int):
    """What the document page shows of the signatures: the ``verify`` verdict of the kept signed
    PDF (None: not signed), who signed on the server, whether the agency has a seal key."""
    user = g.user
    try:
        with jobs():
            verdict = verification(store(), user.agency_id, document_id)
    except Busy:
        return {"busy": True}
    kept = store().signed_pdf(user.agency_id, document_id)
    reports = [{"who": FIELD_NAMES.get(r.field, "Cơ quan (phụ lục)"), "signer": r.signer, "at": r.signed_at,
                "good": r.good, "verdict": r.verdict.replace(UNCHECKED, NO_ROOTS)}
               for r in (verdict.signatures if verdict else [])]
    return {"busy": False, "kept": kept, "reports": reports, "active": verdict.active if verdict else [],
            "sealed_by_server": store().seal_key(user.agency_id) is not None}


def refused_page(found, problems, status: int):
    """The document page again, with why it was not signed."""
    return render_template("office_document.html", d=found[0], kinds=HISTORY_NAMES, problems=problems,
                           agency=store().agency(g.user.agency_id)), status


@pages.post("/van-ban/<int:document_id>/ky-so")
def sign_person(document_id: int):
    """The người ký signs with their own PKCS#12 and image, sent with this request and kept
    nowhere (held in memory while it signs)."""
    user, found = owned_document(document_id, SIGNER)
    agency = store().agency(user.agency_id)
    try:
        p12, image = upload_field("p12", {"p12"}), upload_field("image", {"png"})
        with jobs():
            signer = pkcs12_signer(p12, request.form.get("password", ""), PERSON_KEY)
            sign_document(store(), agency, user, found, "person", signer, image)
    except Busy:
        return refused_page(found, [BUSY], 503)
    except InputError as error:
        return refused_page(found, error.problems, 400)
    store().audit("ký số (người ký)", f"{found[0].number} — {found[0].file_name}", user, address())
    return redirect(f"/van-ban/{document_id}")


sign_person.form_bytes = PERSON_FORM_BYTES  # read by the app before the form is (office.app._limit_form)


@pages.post("/van-ban/<int:document_id>/dong-dau")
def sign_agency(document_id: int):
    """The văn thư applies the agency's seal (its key on the server) after the person's signature."""
    user, found = owned_document(document_id, CLERK)
    agency = store().agency(user.agency_id)
    key = store().seal_key(agency.id)
    try:
        if key is None:
            raise InputError([NO_SEAL])
        with jobs(), opened_seal(key) as signer:
            sign_document(store(), agency, user, found, "agency", signer, key.image)
    except Busy:
        return refused_page(found, [BUSY], 503)
    except InputError as error:
        return refused_page(found, error.problems, 400)
    store().audit("ký số (con dấu cơ quan)", f"{found[0].number} — {found[0].file_name}", user, address())
    return redirect(f"/van-ban/{document_id}")


@pages.get("/van-ban/<int:document_id>/pdf-ky-so")
def download_signed(document_id: int):
    user, (stored, _, _) = owned_document(document_id, CLERK, SECRETARY, SIGNER)
    kept = store().signed_pdf(user.agency_id, document_id)
    signed = kept.pdf if kept and stored.kind != APOLOGY_KIND else None  # a run's is a .zip: run_signing
    return send_pdf(signed, stored.file_name.removesuffix(".docx") + "-da-ky-so.pdf", user, "tải văn bản đã ký số")
