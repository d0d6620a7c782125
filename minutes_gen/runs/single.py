"""One document: load → build → render → write (and its PDF)."""

import datetime as dt
from pathlib import Path

from minutes_gen.documents import KINDS
from minutes_gen.engine.output import refuse_existing_files, write_atomic
from minutes_gen.engine.parallel import render_isolated
from minutes_gen.engine.pdf import convert_to_pdf, pdf_targets, require_soffice
from minutes_gen.engine.render import render_docx
from minutes_gen.engine.template_check import require_valid_template
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.errors import ConversionFailed, InputError, Problem
from minutes_gen.model import load_inspection
from minutes_gen.model.checks import check_notice_date
from minutes_gen.register.numbering import attach_output, document_request, issue_numbers
from minutes_gen.outputs.manifest import sha256
from minutes_gen.runs.settings import RunSettings
from minutes_gen.sources.calendar_file import load_calendar

SUFFIX = ".docx"


def output_target(output: Path | str | None, default_name: str) -> Path:
    """Where ``-o`` says to write: a ``.docx`` path, or a folder (existing, or written with a
    trailing slash) that receives ``default_name``; none given: the current folder."""
    if output is None:
        return Path.cwd() / default_name
    text = str(output)
    path = Path(output)
    if path.is_dir() or text.endswith(("/", "\\")):
        return path / default_name
    if path.suffix.lower() != SUFFIX:
        raise InputError([Problem("-o", f"«{text}» phải là tệp .docx (ví dụ bien-ban.docx) hoặc một thư mục có sẵn")],
                         headline="Tên tệp kết quả không dùng được")
    return path


def document_bytes(kind_name: str, inspection, calendar, *, number: int | None = None, today: dt.date | None = None,
                   template: Path | None = None) -> bytes:
    """The .docx of one document, in memory (a custom ``template`` renders in a worker, under limits)."""
    kind = KINDS[kind_name]
    context = kind.module.build_context(inspection, calendar, number=number, today=today)
    if template is not None:
        return render_isolated(str(template), context)
    return render_docx(builtin_template(kind.template), context)


def render_one(kind_name: str, file: Path, output: Path | None, settings: RunSettings = RunSettings(), *,
               calendar_file: Path | None = None, today: dt.date | None = None):
    """Render one document of ``kind_name`` from an inspection file (and its PDF with
    ``settings.pdf``); return (path, number, warnings)."""
    if settings.pdf:
        require_soffice()
    if settings.template is not None:
        require_valid_template(settings.template, kind_name)
    kind = KINDS[kind_name]
    loaded = load_inspection(file)
    if kind_name == "notice":
        errors, warnings = check_notice_date(loaded.inspection, loaded.source, today, dt.date.today())
        if errors:
            raise InputError(errors)
        loaded.warnings += warnings
    calendar = load_calendar(calendar_file)
    target = output_target(output, f"{kind.module.output_name(loaded.inspection)}{SUFFIX}")
    refuse_existing_files([target] + (pdf_targets([target]) if settings.pdf else []), settings.force)
    register, (issued,) = issue_numbers(settings.numbering, [document_request(kind, loaded.inspection, today)])
    data = document_bytes(kind_name, loaded.inspection, calendar, number=issued.number if issued else None,
                          today=today, template=settings.template)
    write_atomic(target, data, force=settings.force)
    attach_output(register, issued, target, sha256(data))
    if settings.pdf:
        errors = convert_to_pdf([target], force=settings.force, progress=settings.progress)
        if errors:
            raise ConversionFailed(f"đã ghi {target} nhưng không tạo được PDF: {errors[target]}")
    if settings.signing is not None:
        from minutes_gen.signing.batch import sign_documents

        pdf = target.with_suffix(".pdf")
        result = sign_documents([(pdf, kind.module.signer_name(loaded.inspection))], settings.signing,
                                force=settings.force)[pdf]
        if not result.startswith("đã ký"):
            raise ConversionFailed(f"đã ghi {pdf} nhưng chưa ký số được: {result}")
    return target, issued, loaded.warnings
