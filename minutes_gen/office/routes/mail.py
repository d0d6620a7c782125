"""E-mail from the server: the administrator sets an agency's SMTP server (the password kept
sealed, never shown back); on an apology run's page the cán bộ sends its letters to the
applicants who filed online; the run's page and the history say what became of each letter.

Who may do what: the administrator sets the SMTP server (and nothing else here); the cán bộ
and the văn thư of the agency see the letters and their states; only the cán bộ sends."""

from flask import Blueprint, abort, g, render_template, request

from minutes_gen.errors import InputError, Problem
from minutes_gen.office.context import BUSY, address, jobs, require, store
from minutes_gen.office.issuing import APOLOGY_KIND, HISTORY_NAMES, profile_settings
from minutes_gen.office.mailing import (NO_SERVER, SECURITY, counts, letter_rows, password_opens, send_run,
                                        sent_states, smtp_from_form)
from minutes_gen.office.routes.documents import owned_document
from minutes_gen.office.run_signing import sealed_letters
from minutes_gen.office.store import ADMIN, ISSUED, SECRETARY
from minutes_gen.storage.sealed import KEY_VARIABLE, MAKE_ONE, key_configured
from minutes_gen.web.guard import Busy

pages = Blueprint("mail", __name__)
NO_KEY = (f"Máy chủ chưa có khóa mã hóa hợp lệ (biến môi trường {KEY_VARIABLE}) nên chưa lưu được máy chủ thư: "
          f"{MAKE_ONE}.")


def _smtp_page(agency, problems=(), status: int = 200, saved: bool = False):
    server = store().smtp_server(agency.id)
    return render_template("office_smtp.html", agency=agency, server=server, security=SECURITY, saved=saved,
                           problems=list(problems), key_ok=key_configured(),
                           unopened=password_opens(server, agency.id), no_key=NO_KEY), status


def _agency_for_admin(agency_id: int):
    require(ADMIN)
    agency = store().agency(agency_id)
    if agency is None:
        abort(404)
    return agency


@pages.get("/quan-tri/thu-dien-tu/<int:agency_id>")
def smtp_settings(agency_id: int):
    return _smtp_page(_agency_for_admin(agency_id))


@pages.post("/quan-tri/thu-dien-tu/<int:agency_id>")
def save_smtp_settings(agency_id: int):
    agency = _agency_for_admin(agency_id)
    try:
        server = smtp_from_form(request.form, agency.id, store().smtp_server(agency.id))
    except InputError as error:
        return _smtp_page(agency, error.problems, 400)
    store().save_smtp_server(agency.id, server, g.user.id)
    store().audit("đặt máy chủ thư", f"{server.host}:{server.port} ({server.security}), người gửi {server.sender}",
                  g.user, address(), agency.id)
    return _smtp_page(agency, saved=True)


@pages.app_context_processor
def _for_templates():
    return {"mail_section": _section, "mail_counts": _counts}


def _states(agency):
    """The sending log of the agency, read once per page."""
    if "mail_states" not in g:
        g.mail_states = sent_states(store(), agency)
    return g.mail_states


def _section(document) -> dict:
    """What the run's page shows of its letters."""
    agency = store().agency(g.user.agency_id)
    record = store().run_letters(agency.id, document.id)
    rows = letter_rows(record, _states(agency)) if record else []
    return {"record": record is not None, "rows": rows, "counts": counts(rows),
            "server": store().smtp_server(agency.id) is not None, "can_send": g.user.role == SECRETARY}


def _counts(document) -> dict | None:
    """The history's line for a run: letters sent, waiting, failed, to check (None: none kept)."""
    section = _section(document)
    return section["counts"] if section["record"] else None


@pages.post("/van-ban/<int:document_id>/thu-dien-tu")
def send_letters(document_id: int):
    """Send the letters of the run not sent yet (``thu``: only these of its files)."""
    user, (stored, archive, _) = owned_document(document_id, SECRETARY)
    if stored.kind != APOLOGY_KIND:
        abort(404)
    agency = store().agency(user.agency_id)
    record = store().run_letters(agency.id, document_id)
    chosen = request.form.getlist("thu")
    try:
        if stored.status != ISSUED:
            raise InputError([Problem("đợt phiếu", "chưa được văn thư cấp số và ban hành; thư gửi sau khi ban hành")])
        if record is None:
            raise InputError([Problem("đợt phiếu", "đợt này lập trước khi máy chủ gửi được thư điện tử")])
        if store().smtp_server(agency.id) is None:
            raise InputError([NO_SERVER])
        with jobs():
            results = send_run(store(), agency, record, archive, chosen, profile_settings(record["profile"]),
                               sealed_letters(store(), agency.id, document_id))
    except Busy:
        return _document_page(stored, agency, [BUSY], 503)
    except InputError as error:
        return _document_page(stored, agency, error.problems, 400)
    sent = sum(text.startswith("đã gửi tới") for text in results.values())
    store().audit("gửi thư điện tử", f"{stored.file_name}: {sent} thư đã gửi, {len(results) - sent} thư khác "
                                     f"(lỗi, không gửi hoặc cần kiểm tra)", user, address())
    return _document_page(stored, agency, results=results)


def _document_page(stored, agency, problems=(), status: int = 200, results=None):
    return render_template("office_document.html", d=stored, kinds=HISTORY_NAMES, agency=agency,
                           problems=list(problems), mail_results=results), status

