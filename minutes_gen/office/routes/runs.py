"""Apology runs prepared for the văn thư: the letters of a run on its page (``apology_run`` in
``office_document.html``) and the văn thư's issuing of the run (numbers and date)."""

from flask import Blueprint, g, redirect, request

from minutes_gen.errors import InputError
from minutes_gen.office.context import BUSY, address, jobs, store
from minutes_gen.office.issuing import APOLOGY_KIND
from minutes_gen.office.routes.documents import history_page, owned_document
from minutes_gen.office.runs import issue_run, run_letters
from minutes_gen.office.store import CLERK
from minutes_gen.office.workflow import issue_date
from minutes_gen.web.guard import Busy

pages = Blueprint("runs", __name__)


@pages.app_template_global()
def apology_run(document) -> dict | None:
    """What the page of an apology run shows: its letters, and whether it waits for its numbers."""
    if document.kind != APOLOGY_KIND or g.get("user") is None:
        return None
    found = store().document(g.user.agency_id, document.id)
    source = store().run_source(g.user.agency_id, document.id)
    return {"letters": run_letters(found[2]) if found else [], "prepared": source is not None,
            "waiting": source is not None and document.status != "issued", "as_of": source.as_of if source else ""}


@pages.post("/van-ban/<int:document_id>/cap-so-dot")
def issue_prepared_run(document_id: int):
    """The văn thư issues a prepared run: numbers from the agency's series, the issue date."""
    user, _ = owned_document(document_id, CLERK)
    try:
        with jobs():
            issued = issue_run(store(), store().agency(user.agency_id), document_id,
                               issue_date(request.form.get("date", "")))
    except Busy:
        return history_page(refused=BUSY.message, status=503)
    except InputError as error:
        return history_page(refused="; ".join(f"{p.where()}: {p.message}" for p in error.problems), status=400)
    store().audit("cấp số đợt phiếu xin lỗi", issued.file_name, user, address())
    return redirect(f"/van-ban/{document_id}")
