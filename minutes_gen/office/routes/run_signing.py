"""Digital signatures on an issued apology run's letters (``office.run_signing``): on the run's
page the người ký signs every letter with their own PKCS#12 (sent for that request only), then the
văn thư seals every letter; the signed letters download as one .zip, and the page says how many
carry their signatures intact (``verify`` of each)."""

import io

from flask import Blueprint, current_app, g, redirect, request, send_file

from minutes_gen.errors import InputError
from minutes_gen.office.context import BUSY, address, jobs, store
from minutes_gen.office.issuing import APOLOGY_KIND
from minutes_gen.office.routes.documents import not_found, owned_document
from minutes_gen.office.routes.signing import NO_SEAL, PERSON_FORM_BYTES, refused_page, upload_field
from minutes_gen.office.run_signing import run_verification, sign_run
from minutes_gen.office.signing import PERSON_KEY, opened_seal
from minutes_gen.office.store import CLERK, ISSUED, SECRETARY, SIGNER
from minutes_gen.signing.keys import pkcs12_signer
from minutes_gen.web.guard import Busy

pages = Blueprint("run_signing", __name__)
VERIFIED = "minutes_gen.office.run_verified"  # the app's extension keeping what verify said of each run


@pages.before_request
def _small_person_form():
    if request.endpoint == "run_signing.sign_run_person":  # the key stays in memory (see routes.signing)
        request.max_content_length = PERSON_FORM_BYTES


@pages.app_template_global()
def run_signatures(document) -> dict | None:
    """What an issued run's page shows of its letters' signatures (None: no section)."""
    if document.kind != APOLOGY_KIND or document.status != ISSUED or g.get("user") is None:
        return None
    try:
        with jobs():
            checked = run_verification(store(), g.user.agency_id, document.id,
                                       current_app.extensions.setdefault(VERIFIED, {}))
    except Busy:
        return {"busy": True}
    return {"busy": False, "checked": checked, "sealed_by_server": store().seal_key(g.user.agency_id) is not None}


def _signed(document_id: int, role: str, user_role: str, action: str):
    """Sign every letter of the run as ``role`` (the person's key from the form, or the agency's seal)."""
    user, found = owned_document(document_id, user_role)
    agency = store().agency(user.agency_id)
    try:
        if role == "person":
            p12, image = upload_field("p12", {"p12"}), upload_field("image", {"png"})
            with jobs():
                signer = pkcs12_signer(p12, request.form.get("password", ""), PERSON_KEY)
                count = sign_run(store(), agency, user, found, role, signer, image)
        else:
            key = store().seal_key(agency.id)
            if key is None:
                raise InputError([NO_SEAL])
            with jobs(), opened_seal(key) as signer:
                count = sign_run(store(), agency, user, found, role, signer, key.image)
    except Busy:
        return refused_page(found, [BUSY], 503)
    except InputError as error:
        return refused_page(found, error.problems, 400)
    store().audit(action, f"{found[0].file_name}: {count} phiếu", user, address())
    return redirect(f"/van-ban/{document_id}")


@pages.post("/van-ban/<int:document_id>/ky-so-dot")
def sign_run_person(document_id: int):
    """The người ký signs every letter of the run."""
    return _signed(document_id, "person", SIGNER, "ký số đợt phiếu (người ký)")


@pages.post("/van-ban/<int:document_id>/dong-dau-dot")
def sign_run_agency(document_id: int):
    """The văn thư seals every letter of the run, after the person."""
    return _signed(document_id, "agency", CLERK, "ký số đợt phiếu (con dấu cơ quan)")


@pages.get("/van-ban/<int:document_id>/phieu-ky-so")
def download_signed_letters(document_id: int):
    """The run's signed letters, one PDF each, as a .zip."""
    user, (stored, _, _) = owned_document(document_id, CLERK, SECRETARY, SIGNER)
    kept = store().signed_pdf(user.agency_id, document_id) if stored.kind == APOLOGY_KIND else None
    if kept is None:
        not_found()
    name = stored.file_name.removesuffix(".zip") + "-da-ky-so.zip"
    store().audit("tải đợt phiếu đã ký số", name, user, address())
    return send_file(io.BytesIO(kept.pdf), mimetype="application/zip", as_attachment=True, download_name=name)
