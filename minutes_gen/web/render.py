"""What the pages ask of the pipeline: load, render, preview, run the apology job — each in a
private temporary folder removed before the answer leaves."""

import base64
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from flask import send_file

from minutes_gen.errors import InputError, Problem
from minutes_gen.web import forms

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def by_field(problems) -> dict[str, list[str]]:
    """Messages by field path, to show each beside its input."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        if problem.field:
            found.setdefault(problem.field, []).append(problem.message)
    return found


def load_inspection(yaml_text: str):
    """Parse, build and check the form's data exactly as ``minutes-gen validate`` does."""
    from minutes_gen.runs.uploaded import inspection_from_text

    return inspection_from_text(yaml_text, "biểu mẫu")


def deadline_text(inspection) -> str:
    from minutes_gen.documents.common import remediation_due
    from minutes_gen.vn.workdays import NATIONAL

    return remediation_due(inspection, NATIONAL)


def soffice():
    from minutes_gen.engine.pdf import find_soffice

    return find_soffice()


def _render_in(folder: str, yaml_text: str, kind: str, pdf: bool) -> Path:
    from minutes_gen.runs.settings import RunSettings
    from minutes_gen.runs.single import render_one

    source = Path(folder) / "du-lieu.yaml"
    source.write_text(yaml_text, encoding="utf-8")
    written, _, _ = render_one(kind, source, Path(folder) / "van-ban.docx", RunSettings(pdf=pdf))
    return written


def render_document(action: str, yaml_text: str, loaded) -> tuple[bytes, str, str]:
    """(content, file name, type) of the document asked for, made by the CLI's own pipeline:
    a .docx in memory from the data already loaded, a PDF through a private folder."""
    from minutes_gen.documents import KINDS
    from minutes_gen.runs.single import document_bytes
    from minutes_gen.vn.workdays import NATIONAL

    kind, pdf = action.removesuffix("_pdf"), action.endswith("_pdf")
    name = KINDS[kind].module.output_name(loaded.inspection)
    if not pdf:
        return document_bytes(kind, loaded.inspection, NATIONAL), f"{name}.docx", DOCX
    with tempfile.TemporaryDirectory(prefix="minutes-gen-web-") as folder:
        written = _render_in(folder, yaml_text, kind, pdf)
        if pdf:
            return written.with_suffix(".pdf").read_bytes(), f"{name}.pdf", "application/pdf"
        return written.read_bytes(), f"{name}.docx", DOCX


def preview(yaml_text: str) -> dict:
    """The first page: a picture when LibreOffice and pdftoppm are there, else the text outline."""
    from docx import Document

    with tempfile.TemporaryDirectory(prefix="minutes-gen-web-") as folder:
        can_draw = soffice() is not None and shutil.which("pdftoppm") is not None
        written = _render_in(folder, yaml_text, "minutes", can_draw)
        if can_draw:
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                            str(written.with_suffix(".pdf")), str(Path(folder) / "trang")], check=True, timeout=60)
            image = base64.b64encode((Path(folder) / "trang.png").read_bytes()).decode("ascii")
            return {"image": f"data:image/png;base64,{image}"}
        document = Document(str(written))
        lines = [p.text for t in document.tables[:1] for c in t.rows[0].cells for p in c.paragraphs if p.text]
        lines += [p.text for p in document.paragraphs if p.text][:30]
        return {"outline": lines}


def run_apology(data: dict, as_of_text: str, extend: str, register_kept, zip_path: Path):
    """Run ``minutes-gen apology`` on the kept upload in a private folder, write the results as a
    zip at ``zip_path`` (on disk, never in memory); return the manifest's rows."""
    from minutes_gen.model.apology_settings import ApologySettings
    from minutes_gen.model.schema import build
    from minutes_gen.runs.apology import LetterRules
    from minutes_gen.runs.uploaded import apology_archive
    from minutes_gen.sources.yaml_source import parse_yaml
    from minutes_gen.vn.dates import parse_date
    from minutes_gen.vn.workdays import NATIONAL

    settings, problems = build(ApologySettings, parse_yaml(forms.to_yaml(data) or "{}", "biểu mẫu"))
    try:
        as_of = parse_date(as_of_text)
    except ValueError as error:
        problems.append(Problem("biểu mẫu", str(error), field="as_of"))
    if extend.strip() and not (extend.strip().isdigit() and 1 <= int(extend) <= 1000):
        problems.append(Problem("biểu mẫu", "phải là số ngày làm việc từ 1 đến 1000", field="extend_days"))
    if problems:
        raise InputError(problems)
    rules = LetterRules(as_of, NATIONAL, int(extend) if extend.strip() else None)
    result, _ = apology_archive(register_kept.path, register_kept.kind, settings, rules, zip_path)
    return result.rows


def download(content: bytes, name: str, mimetype: str):
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name)
