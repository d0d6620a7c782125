"""The pages: each calls the command line's own loading, validation, building and rendering."""

import datetime as dt

from flask import Blueprint, current_app, jsonify, redirect, render_template, request

from minutes_gen.errors import InputError, Problem
from minutes_gen.web import forms
from minutes_gen.web.render import (
    by_field,
    deadline_text,
    download,
    load_inspection,
    preview,
    render_document,
    run_apology,
    soffice,
)
from minutes_gen.web.security import UploadError, read_upload

pages = Blueprint("pages", __name__)


def _forms():
    return current_app.extensions["minutes_gen.forms"]


def inspection_page(data=None, problems=(), warnings=(), deadline=None, shown=None, status=200):
    """The inspection form, with errors beside their fields."""
    return render_template("inspection.html", fields=_forms()["inspection"], data=data or {}, problems=list(problems),
                           by_field=by_field(problems), warnings=list(warnings), deadline=deadline, preview=shown,
                           pdf_available=soffice() is not None), status


@pages.get("/")
def home():
    return redirect("/bien-ban")


@pages.get("/bien-ban")
def inspection_get():
    return inspection_page()


def _open_upload():
    from minutes_gen.sources.yaml_source import parse_yaml

    try:
        _, raw = read_upload("yaml_file", {"yaml"})
        data = parse_yaml(raw.decode("utf-8-sig"), "tệp tải lên").data
    except UploadError as error:
        return inspection_page(problems=[Problem("tệp tải lên", str(error))], status=400)
    except InputError as error:
        return inspection_page(problems=error.problems, status=400)
    except UnicodeDecodeError:
        return inspection_page(problems=[Problem("tệp tải lên", "tệp không được lưu theo bảng mã UTF-8")], status=400)
    return inspection_page(data if isinstance(data, dict) else {})


@pages.post("/bien-ban")
def inspection_post():
    action = request.form.get("action", "validate")
    if action == "open":
        return _open_upload()
    data = forms.data_from_form(request.form)
    yaml_text = forms.to_yaml(data)
    if action == "save_yaml":
        return download(yaml_text.encode("utf-8"), "kiem-tra.yaml", "application/x-yaml")
    try:
        loaded = load_inspection(yaml_text)
        if action in ("minutes", "notice", "minutes_pdf", "notice_pdf"):
            return download(*render_document(action, yaml_text))
    except InputError as error:
        return inspection_page(data, problems=error.problems, status=400)
    shown = preview(yaml_text) if action == "preview" else None
    return inspection_page(data, warnings=loaded.warnings, deadline=deadline_text(loaded.inspection), shown=shown)


def _deadline(start_text: str, days_text: str):
    """(due date, days off) for the calculator and the live deadline; ValueError in Vietnamese."""
    from minutes_gen.vn.dates import parse_date
    from minutes_gen.vn.workdays import NATIONAL

    start = parse_date(start_text)
    if not days_text.strip().isdigit() or not 0 <= int(days_text) <= 1000:
        raise ValueError("số ngày làm việc phải là số nguyên từ 0 đến 1000")
    due = NATIONAL.add_working_days(start, int(days_text))
    return due, NATIONAL.days_off_between(start, due)


@pages.post("/api/deadline")
def api_deadline():
    from minutes_gen.vn.dates import long_date, numeric_date

    payload = request.get_json(silent=True) or {}
    try:
        due, days_off = _deadline(str(payload.get("date", "")), str(payload.get("days", "")))
    except ValueError as error:
        return jsonify(error=str(error)), 400
    return jsonify(date=numeric_date(due), text=f"trước {long_date(due)}",
                   days_off=[[numeric_date(d), name] for d, name in days_off])


@pages.get("/han")
def deadline_page():
    from minutes_gen.vn.dates import long_date, numeric_date

    start, days = request.args.get("start", ""), request.args.get("days", "")
    result = error = None
    if start or days:
        try:
            due, days_off = _deadline(start, days)
            result = {"date": numeric_date(due), "long": long_date(due),
                      "days_off": [(numeric_date(d), name) for d, name in days_off]}
        except ValueError as exc:
            error = str(exc)
    return render_template("deadline.html", start=start, days=days, result=result, error=error)


def _sample_agency() -> dict:
    return {"type_code": "PXL", "signer": {"authority": "KT. Giám đốc", "title": "Phó Giám đốc"}}


@pages.get("/xin-loi")
def apology_get():
    return render_template("apology.html", fields=_forms()["agency"], data=_sample_agency(), by_field={},
                           problems=[], rows=None, token=None, as_of=dt.date.today().strftime("%d/%m/%Y"), extend="")


@pages.post("/xin-loi")
def apology_post():
    data = forms.data_from_form(request.form)
    as_of, extend = request.form.get("as_of", ""), request.form.get("extend_days", "")
    page = dict(fields=_forms()["agency"], data=data, as_of=as_of, extend=extend, rows=None, token=None)
    try:
        rows, zipped = run_apology(data, as_of, extend)
    except UploadError as error:
        problems = [Problem("sổ theo dõi", str(error))]
        return render_template("apology.html", **page, by_field={}, problems=problems), 400
    except InputError as error:
        return render_template("apology.html", **page, by_field=by_field(error.problems), problems=error.problems), 400
    token = current_app.extensions["minutes_gen.downloads"].put(zipped)
    return render_template("apology.html", **{**page, "rows": rows, "token": token}, by_field={}, problems=[])


@pages.get("/xin-loi/tai/<token>")
def apology_download(token: str):
    content = current_app.extensions["minutes_gen.downloads"].get(token)
    if content is None:
        return render_template("error.html", message="Tệp đã hết hạn hoặc không có; hãy tạo lại."), 404
    return download(content, "phieu-xin-loi.zip", "application/zip")
