"""The văn thư's sổ đăng ký văn bản đi of the agency's series of the shared number register: every
number with the sổ's columns, voiding a number (with its reason), numbers for documents made
outside the tool, the export (CSV that Excel opens)."""

import io
from dataclasses import replace

from flask import Blueprint, redirect, render_template, request, send_file

from minutes_gen.errors import InputError
from minutes_gen.office.book import HEADERS, SHOWN, book_lines, book_page
from minutes_gen.office.context import address, agency_user, row_id, store
from minutes_gen.office.issuing import HISTORY_NAMES
from minutes_gen.office.paging import listing_from
from minutes_gen.office.store import CLERK, BookDetails
from minutes_gen.office.workflow import OUTSIDE_TYPES, OutsideDocument, number_outside
from minutes_gen.vn.dates import numeric_date, vietnam_today

pages = Blueprint("register", __name__)


def _register(agency_id: int):
    """The agency's series of the shared number register, on this request's connection (not closed here)."""
    from minutes_gen.register.sql import SqlRegister

    return SqlRegister(store().database, check_integrity=False, owner=agency_id)


def _book_page(agency_id: int, problem: str | None = None, status: int = 200, taken: str = ""):
    """One page of the sổ of the agency (its numbers: documents, apology letters, numbers taken on
    the command line or for documents made elsewhere; filters and page from the address), with
    the form to take a number."""
    listing, problems = listing_from(request.args, HISTORY_NAMES)
    paged = book_page(store(), agency_id, replace(listing, search=listing.searched))
    return render_template("office_numbers.html", paged=paged, lines=paged.rows, headers=SHOWN, problem=problem,
                           paging_problems=problems, kinds=HISTORY_NAMES, agency=store().agency(agency_id),
                           types=OUTSIDE_TYPES, today=numeric_date(vietnam_today()),
                           taken=taken), 400 if problems and status == 200 else status


@pages.get("/so-van-ban")
def numbers():
    user = agency_user(CLERK)
    return _book_page(user.agency_id, taken=request.args.get("so", "")[:40])


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
        return _book_page(user.agency_id, problem, 400)
    return redirect("/so-van-ban")


@pages.post("/so-van-ban/lay-so")
def take_number():
    """A number of the agency's series for a document made outside the tool (a quyết định …)."""
    user = agency_user(CLERK)
    form = {name: request.form.get(name, "")[:2000] for name in
            ("type_code", "summary", "signer", "date", "recipients", "archive", "copies", "note")}
    outside = OutsideDocument(form["type_code"], form["summary"], form["signer"], form["date"],
                              BookDetails(form["recipients"].strip(), form["archive"].strip(), form["copies"].strip(),
                                          form["note"].strip()))
    try:
        issued = number_outside(store(), user, store().agency(user.agency_id), outside)
    except InputError as error:
        return _book_page(user.agency_id, "; ".join(f"{p.where()}: {p.message}" for p in error.problems), 400)
    store().audit("cấp số", f"{issued.number} — văn bản làm ngoài: {outside.summary[:100]}", user, address())
    return redirect(f"/so-van-ban?so={issued.number}")


@pages.get("/so-van-ban/xuat")
def export_numbers():
    from minutes_gen.outputs.sheets import csv_bytes

    user = agency_user(CLERK)
    rows = [list(line.cells) for line in book_lines(store(), user.agency_id)]
    store().audit("xuất sổ", f"{len(rows)} số", user, address())
    return send_file(io.BytesIO(csv_bytes(HEADERS, rows)), mimetype="text/csv", as_attachment=True,
                     download_name="so-van-ban-di.csv")
