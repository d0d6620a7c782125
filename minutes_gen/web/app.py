"""The web application: pages over the same pipeline as the command line."""

import base64
import datetime as dt
import io
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from flask import Flask, jsonify, redirect, render_template, request, send_file

from minutes_gen.errors import InputError, Problem
from minutes_gen.web import forms
from minutes_gen.web.security import MAX_UPLOAD_BYTES, UploadError, check_csrf, csrf_token, read_upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOWNLOAD_SECONDS = 15 * 60


class Downloads:
    """Finished zips kept in memory for a while, reached only by a random token."""

    def __init__(self, limit: int = 20):
        self.items: dict[str, tuple[float, bytes]] = {}
        self.limit, self.lock = limit, threading.Lock()

    def put(self, data: bytes) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            now = time.time()
            self.items = {k: v for k, v in self.items.items() if now - v[0] < DOWNLOAD_SECONDS}
            while len(self.items) >= self.limit:
                self.items.pop(next(iter(self.items)))
            self.items[token] = (now, data)
        return token

    def get(self, token: str) -> bytes | None:
        with self.lock:
            item = self.items.get(token)
        return item[1] if item and time.time() - item[0] < DOWNLOAD_SECONDS else None


def create_app() -> Flask:
    """The application, with a fresh secret key (sessions last as long as the process)."""
    from minutes_gen.model.apology_settings import ApologySettings
    from minutes_gen.model.inspection import Inspection

    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES + 64 * 1024,
                      SESSION_COOKIE_SAMESITE="Strict")
    app.jinja_env.globals.update(csrf_token=csrf_token, count_at=forms.count_at, value_at=forms.value_at)
    app.before_request(check_csrf)
    downloads = Downloads()
    inspection_form, agency_form = forms.form_of(Inspection), forms.form_of(ApologySettings)

    def inspection_page(data=None, problems=(), warnings=(), deadline=None, preview=None, status=200):
        by_field = _by_field(problems)
        return render_template("inspection.html", fields=inspection_form, data=data or {}, problems=list(problems),
                               by_field=by_field, warnings=list(warnings), deadline=deadline, preview=preview,
                               pdf_available=_soffice() is not None), status

    @app.get("/")
    def home():
        return redirect("/bien-ban")

    @app.get("/bien-ban")
    def inspection_get():
        return inspection_page()

    @app.post("/bien-ban")
    def inspection_post():
        action = request.form.get("action", "validate")
        if action == "open":
            try:
                _, raw = read_upload("yaml_file", {"yaml"})
                from minutes_gen.sources.yaml_source import parse_yaml

                data = parse_yaml(raw.decode("utf-8-sig"), "tệp tải lên").data
            except UploadError as error:
                return inspection_page(problems=[Problem("tệp tải lên", str(error))], status=400)
            except (InputError, UnicodeDecodeError) as error:
                return inspection_page(problems=_problems(error, "tệp tải lên"), status=400)
            return inspection_page(data if isinstance(data, dict) else {})
        data = forms.data_from_form(request.form)
        yaml_text = forms.to_yaml(data)
        if action == "save_yaml":
            return _download(yaml_text.encode("utf-8"), "kiem-tra.yaml", "application/x-yaml")
        try:
            loaded = _load_inspection(yaml_text)
        except InputError as error:
            return inspection_page(data, problems=error.problems, status=400)
        deadline = _deadline_text(loaded.inspection)
        if action in ("minutes", "notice", "minutes_pdf", "notice_pdf"):
            try:
                name, content, mimetype = _render(action, yaml_text)
            except InputError as error:
                return inspection_page(data, problems=error.problems, status=400)
            return _download(content, name, mimetype)
        preview = _preview(yaml_text) if action == "preview" else None
        return inspection_page(data, warnings=loaded.warnings, deadline=deadline, preview=preview)

    @app.post("/api/deadline")
    def api_deadline():
        from minutes_gen.vn.dates import long_date, numeric_date, parse_date
        from minutes_gen.vn.workdays import NATIONAL

        payload = request.get_json(silent=True) or {}
        try:
            start, days = parse_date(str(payload.get("date", ""))), int(str(payload.get("days", "")))
            if not 0 <= days <= 1000:
                raise ValueError("số ngày làm việc phải từ 0 đến 1000")
        except ValueError as error:
            return jsonify(error=str(error)), 400
        due = NATIONAL.add_working_days(start, days)
        return jsonify(date=numeric_date(due), text=f"trước {long_date(due)}",
                       days_off=[[numeric_date(d), n] for d, n in NATIONAL.days_off_between(start, due)])

    @app.get("/han")
    def deadline_page():
        from minutes_gen.vn.dates import long_date, numeric_date, parse_date
        from minutes_gen.vn.workdays import NATIONAL

        start_text, days_text = request.args.get("start", ""), request.args.get("days", "")
        result, error = None, None
        if start_text or days_text:
            try:
                start, days = parse_date(start_text), int(days_text)
                if not 0 <= days <= 1000:
                    raise ValueError("số ngày làm việc phải từ 0 đến 1000")
                due = NATIONAL.add_working_days(start, days)
                result = {"date": numeric_date(due), "long": long_date(due),
                          "days_off": [(numeric_date(d), n) for d, n in NATIONAL.days_off_between(start, due)]}
            except ValueError as exc:
                error = str(exc) if "ngày" in str(exc) or "giờ" in str(exc) else "số ngày phải là số nguyên"
        return render_template("deadline.html", start=start_text, days=days_text, result=result, error=error)

    @app.get("/xin-loi")
    def apology_get():
        return render_template("apology.html", fields=agency_form, data=_sample_agency(), by_field={}, problems=[],
                               rows=None, token=None, as_of=dt.date.today().strftime("%d/%m/%Y"), extend="")

    @app.post("/xin-loi")
    def apology_post():
        data = forms.data_from_form(request.form)
        as_of_text, extend = request.form.get("as_of", ""), request.form.get("extend_days", "")
        page = dict(fields=agency_form, data=data, as_of=as_of_text, extend=extend, rows=None, token=None)
        try:
            rows, zipped = _run_apology(data, as_of_text, extend)
        except UploadError as error:
            return render_template("apology.html", **page, by_field={}, problems=[Problem("sổ theo dõi", str(error))]), 400
        except InputError as error:
            return render_template("apology.html", **page, by_field=_by_field(error.problems),
                                   problems=error.problems), 400
        return render_template("apology.html", **{**page, "rows": rows, "token": downloads.put(zipped)},
                               by_field={}, problems=[])

    @app.get("/xin-loi/tai/<token>")
    def apology_download(token: str):
        content = downloads.get(token)
        if content is None:
            return render_template("error.html", message="Tệp đã hết hạn hoặc không có; hãy tạo lại."), 404
        return _download(content, "phieu-xin-loi.zip", "application/zip")

    @app.errorhandler(403)
    def forbidden(_):
        return render_template("error.html", message="Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; "
                                                     "hãy tải lại trang và thử lại."), 403

    @app.errorhandler(404)
    def not_found(_):
        return render_template("error.html", message="Không có trang này."), 404

    @app.errorhandler(413)
    def too_large(_):
        return render_template("error.html", message="Tệp tải lên quá lớn (tối đa 20 MB)."), 413

    @app.errorhandler(500)
    def server_error(_):
        return render_template("error.html", message="Đã có lỗi khi xử lý; dữ liệu của bạn không bị thay đổi. "
                                                     "Hãy thử lại hoặc báo cho bộ phận CNTT."), 500

    return app


def _problems(error, file: str) -> list[Problem]:
    if isinstance(error, InputError):
        return error.problems
    return [Problem(file, "tệp không được lưu theo bảng mã UTF-8")]


def _by_field(problems) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in problems:
        if problem.field:
            found.setdefault(problem.field, []).append(problem.message)
    return found


def _load_inspection(yaml_text: str):
    from minutes_gen.model.loading import inspection_from
    from minutes_gen.sources.yaml_source import parse_yaml

    loaded = parse_yaml(yaml_text, "biểu mẫu")
    return inspection_from(loaded)


def _deadline_text(inspection) -> str:
    from minutes_gen.documents.common import remediation_deadline
    from minutes_gen.vn.dates import long_date
    from minutes_gen.vn.workdays import NATIONAL

    return f"trước {long_date(remediation_deadline(inspection, NATIONAL))}"


def _soffice():
    from minutes_gen.engine.pdf import find_soffice

    return find_soffice()


def _render(action: str, yaml_text: str) -> tuple[str, bytes, str]:
    """The document asked for, made by the command line's own pipeline in a private folder."""
    from minutes_gen.documents import KINDS
    from minutes_gen.pipeline import render_one

    kind, pdf = action.removesuffix("_pdf"), action.endswith("_pdf")
    name = KINDS[kind].module.output_name(_load_inspection(yaml_text).inspection)
    with tempfile.TemporaryDirectory(prefix="minutes-gen-web-") as folder:
        source = Path(folder) / "du-lieu.yaml"
        source.write_text(yaml_text, encoding="utf-8")
        written, _, _ = render_one(kind, source, Path(folder) / "van-ban.docx", pdf=pdf)
        if pdf:
            return f"{name}.pdf", written.with_suffix(".pdf").read_bytes(), "application/pdf"
        return f"{name}.docx", written.read_bytes(), DOCX


def _preview(yaml_text: str) -> dict:
    """The first page: a picture when LibreOffice and pdftoppm are there, else the text outline."""
    from docx import Document

    from minutes_gen.pipeline import render_one

    with tempfile.TemporaryDirectory(prefix="minutes-gen-web-") as folder:
        source = Path(folder) / "du-lieu.yaml"
        source.write_text(yaml_text, encoding="utf-8")
        can_draw = _soffice() is not None and shutil.which("pdftoppm") is not None
        written, _, _ = render_one("minutes", source, Path(folder) / "van-ban.docx", pdf=can_draw)
        if can_draw:
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                            str(written.with_suffix(".pdf")), str(Path(folder) / "trang")], check=True, timeout=60)
            image = base64.b64encode((Path(folder) / "trang.png").read_bytes()).decode("ascii")
            return {"image": f"data:image/png;base64,{image}"}
        document = Document(str(written))
        lines = [p.text for t in document.tables[:1] for c in t.rows[0].cells for p in c.paragraphs if p.text]
        lines += [p.text for p in document.paragraphs if p.text][:30]
        return {"outline": lines}


def _sample_agency() -> dict:
    return {"agency": {"parent": "", "name": "", "abbreviation": "", "place": ""}, "type_code": "PXL",
            "signer": {"authority": "KT. Giám đốc", "title": "Phó Giám đốc", "name": ""}}


def _run_apology(data: dict, as_of_text: str, extend: str):
    """Run ``minutes-gen apology`` on the upload in a private folder; return (rows, zip bytes)."""
    from minutes_gen.apology_run import run_apology
    from minutes_gen.model.apology_settings import ApologySettings
    from minutes_gen.model.schema import build
    from minutes_gen.sources.yaml_source import parse_yaml
    from minutes_gen.vn.dates import parse_date
    from minutes_gen.vn.workdays import NATIONAL

    kind, raw = read_upload("register", {"xlsx", "csv"})
    settings, problems = build(ApologySettings, parse_yaml(forms.to_yaml(data) or "{}", "biểu mẫu"))
    try:
        as_of = parse_date(as_of_text)
    except ValueError as error:
        problems.append(Problem("biểu mẫu", str(error), field="as_of"))
    if extend.strip() and not extend.strip().isdigit():
        problems.append(Problem("biểu mẫu", "phải là số ngày làm việc", field="extend_days"))
    if problems:
        raise InputError(problems)
    with tempfile.TemporaryDirectory(prefix="minutes-gen-web-") as folder:
        register = Path(folder) / f"so-theo-doi.{kind}"
        register.write_bytes(raw)
        out = Path(folder) / "phieu"
        result = run_apology(register, settings, out, as_of=as_of, calendar=NATIONAL, combined=True,
                             extend_days=int(extend) if extend.strip() else None, skip_invalid=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(out.iterdir()):
                archive.write(path, path.name)
        return result.rows, buffer.getvalue()


def _download(content: bytes, name: str, mimetype: str):
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)
