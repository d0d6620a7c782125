"""The pipeline every command runs: load → build → render → write."""

import datetime as dt
from pathlib import Path

from minutes_gen.documents import KINDS
from minutes_gen.engine.output import refuse_existing_files, write_atomic
from minutes_gen.engine.pdf import convert_to_pdf, pdf_targets, require_soffice
from minutes_gen.engine.render import render_docx
from minutes_gen.engine.template_check import require_valid_template
from minutes_gen.engine.templates import builtin_template
from minutes_gen.errors import ConversionFailed
from minutes_gen.manifest import sha256
from minutes_gen.model import load_inspection
from minutes_gen.numbering import Numbering, attach_output, document_request, issue_numbers
from minutes_gen.sources.calendar_file import load_calendar


def render_one(kind_name: str, file: Path, output: Path | None, *, force: bool = False,
               calendar_file: Path | None = None, template: Path | None = None,
               numbering: Numbering = Numbering(), today: dt.date | None = None, pdf: bool = False):
    """Render one document of ``kind_name`` from an inspection file (and its PDF with ``pdf``);
    return (path, number, warnings)."""
    if pdf:
        require_soffice()
    if template is not None:
        require_valid_template(template, kind_name)
    kind = KINDS[kind_name]
    loaded = load_inspection(file)
    calendar = load_calendar(calendar_file)
    target = Path(output) if output else Path.cwd() / f"{kind.module.output_name(loaded.inspection)}.docx"
    refuse_existing_files([target] + (pdf_targets([target]) if pdf else []), force)
    register, (issued,) = issue_numbers(numbering, [document_request(kind, loaded.inspection, today)], file)
    context = kind.module.build_context(loaded.inspection, calendar, number=issued.number if issued else None,
                                        today=today)
    data = render_docx(template or builtin_template(kind.template), context)
    write_atomic(target, data, force=force)
    attach_output(register, issued, target, sha256(data))
    if pdf:
        errors = convert_to_pdf([target], force=force)
        if errors:
            raise ConversionFailed(f"đã ghi {target} nhưng không tạo được PDF: {errors[target]}")
    return target, issued, loaded.warnings
