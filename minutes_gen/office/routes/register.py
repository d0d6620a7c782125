"""The văn thư's page of the agency's series of the shared number register: every number and
its status, voiding a number (with its reason), the CSV export."""

import io

from flask import Blueprint, redirect, render_template, request, send_file

from minutes_gen.errors import InputError
from minutes_gen.office.context import address, agency_user, row_id, store
from minutes_gen.office.store import CLERK

pages = Blueprint("register", __name__)


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
