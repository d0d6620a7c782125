"""The pages: each calls the command line's own loading, validation, building and rendering."""

import base64
import datetime as dt
import json
import secrets
from pathlib import Path

from flask import Blueprint, current_app, jsonify, make_response, redirect, render_template, request, session

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
from minutes_gen.web.guard import Busy
from minutes_gen.web.uploads import MAX_KEPT, uploaded_mapping

BUSY = "máy đang bận lập phiếu cho người khác; hãy đợi một phút rồi bấm gửi lại (sổ và thông tin đã nhập vẫn còn)"

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
    """Open a .yaml into the form and check it at once: errors beside their fields, or the
    deadline and the warnings."""
    try:
        data = uploaded_mapping("yaml_file")
    except InputError as error:
        return inspection_page(problems=error.problems, status=400)
    try:
        loaded = load_inspection(forms.to_yaml(data))
    except InputError as error:
        return inspection_page(data, problems=error.problems)
    return inspection_page(data, warnings=loaded.warnings, deadline=deadline_text(loaded.inspection))


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
            return download(*render_document(action, yaml_text, loaded))
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
    return jsonify(date=numeric_date(due), text=f"chậm nhất {long_date(due)}",
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


AGENCY_COOKIE = "minutes_gen_agency"
AGENCY_COOKIE_DAYS = 365
MAX_COOKIE_BYTES = 3800


def _sample_agency() -> dict:
    return {"type_code": "PXL", "signer": {"authority": "KT. Giám đốc", "title": "Phó Giám đốc"}}


def _remembered_agency() -> dict | None:
    """The agency block of the last successful visit (a cookie of this browser), if any."""
    raw = request.cookies.get(AGENCY_COOKIE, "")
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()).decode("utf-8")) if raw else None
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _remember_agency(response, data: dict):
    """Keep the agency block in this browser for the next visit (nothing secret is in it)."""
    agency = {key: value for key, value in data.items() if key not in ("as_of", "extend_days")}
    value = base64.urlsafe_b64encode(json.dumps(agency, ensure_ascii=False).encode("utf-8")).decode()
    if len(value) <= MAX_COOKIE_BYTES:
        response.set_cookie(AGENCY_COOKIE, value, max_age=AGENCY_COOKIE_DAYS * 86400, httponly=True,
                            samesite="Strict")
    return response


def _form_in_use(as_of_text: str):
    """The apology form set in force on the page's «Ngày lập phiếu» (today's when it is no date;
    the earliest set for a day before every set)."""
    from minutes_gen.model.form_sets import form_set_for, form_sets
    from minutes_gen.vn.dates import parse_date

    try:
        day = parse_date(as_of_text)
    except ValueError:
        day = dt.date.today()
    try:
        return form_set_for(day)
    except InputError:
        return form_sets()[0]


def _form_dates() -> list[dict]:
    """Each form set's dates and name, for the page to change its title as the date is typed."""
    from minutes_gen.model.form_sets import form_sets

    return [{"from": item.effective_from.isoformat(), "until": (item.effective_until or dt.date.max).isoformat(),
             "name": item.name, "basis": f"Theo {item.form} ({item.key})"} for item in form_sets()]


def _apology_page(data: dict, status: int = 200, *, problems=(), rows=None, download_token=None,
                  kept=None, as_of=None, extend=""):
    as_of = as_of or dt.date.today().strftime("%d/%m/%Y")
    page = render_template("apology.html", fields=_forms()["agency"], data=data, by_field=by_field(problems),
                           problems=list(problems), rows=rows, token=download_token, kept=kept,
                           as_of=as_of, extend=extend, form=_form_in_use(as_of), form_dates=_form_dates())
    return make_response(page, status)


@pages.get("/xin-loi")
def apology_get():
    return _apology_page(_remembered_agency() or _sample_agency())


def _uploads():
    return current_app.extensions["minutes_gen.uploads"]


def _kept_register():
    """The register for this run: a new upload (then kept), or the one kept behind the form's
    token — for this session only. ``(None, None)`` when there is neither."""
    upload = request.files.get("register")
    if upload is not None and upload.filename:
        kind, raw = read_upload("register", {"xlsx", "csv"})
        token = _uploads().put(kind, Path(upload.filename).name, raw)
        session["uploads"] = (session.get("uploads", []) + [token])[-MAX_KEPT:]
        return token, _uploads().get(token)
    token = request.form.get("register_token", "")
    if token and token in session.get("uploads", []):
        kept = _uploads().get(token)
        if kept is not None:
            return token, kept
    return None, None


@pages.post("/xin-loi")
def apology_post():
    data = forms.data_from_form(request.form)
    as_of, extend = request.form.get("as_of", ""), request.form.get("extend_days", "")
    common = dict(as_of=as_of, extend=extend)
    if request.form.get("action") == "open_agency":
        try:
            opened = uploaded_mapping("agency_file")
        except InputError as error:
            return _apology_page(data, 400, problems=error.problems, **common)
        return _remember_agency(_apology_page(opened, **common), opened)
    kept_token = kept = None
    downloads = current_app.extensions["minutes_gen.downloads"]
    staging = downloads.folder / f".{secrets.token_urlsafe(12)}.zip"
    try:
        kept_token, kept = _kept_register()
        if kept is None:
            raise UploadError("chưa chọn tệp sổ theo dõi hồ sơ")
        with current_app.extensions["minutes_gen.jobs"]:
            rows = run_apology(data, as_of, extend, kept, staging)
    except Busy:
        staging.unlink(missing_ok=True)
        return _apology_page(data, 503, problems=[Problem("", BUSY)], kept=(kept_token, kept) if kept else None,
                             **common)
    except UploadError as error:
        return _apology_page(data, 400, problems=[Problem("sổ theo dõi", f"sổ theo dõi hồ sơ: {error}")], **common)
    except InputError as error:
        staging.unlink(missing_ok=True)
        shown = (kept_token, kept) if kept else None
        return _apology_page(data, 400, problems=error.problems, kept=shown, **common)
    token = downloads.put_file(staging)
    page = _apology_page(data, rows=rows, download_token=token, kept=(kept_token, kept), **common)
    return _remember_agency(page, data)


@pages.get("/xin-loi/tai/<token>")
def apology_download(token: str):
    path = current_app.extensions["minutes_gen.downloads"].take(token)
    if path is None:
        return render_template("error.html", message="Tệp đã hết hạn, đã được tải, hoặc không thuộc phiên làm việc này; "
                                                     "hãy tạo lại."), 404
    return current_app.response_class(_sent_then_deleted(path), mimetype="application/zip", headers={
        "Content-Disposition": "attachment; filename=phieu-xin-loi.zip", "Content-Length": str(path.stat().st_size)})


def _sent_then_deleted(path: Path, chunk: int = 256 * 1024):
    """The file's bytes a piece at a time (never all in memory); the file is deleted once sent
    or when the download is broken off."""
    try:
        with open(path, "rb") as handle:
            while piece := handle.read(chunk):
                yield piece
    finally:
        path.unlink(missing_ok=True)
