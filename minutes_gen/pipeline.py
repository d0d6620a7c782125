"""The pipeline every command runs: load → build → render → write."""

from pathlib import Path

from minutes_gen.documents import KINDS
from minutes_gen.engine.output import refuse_existing, write_atomic
from minutes_gen.engine.render import render_docx
from minutes_gen.engine.templates import builtin_template
from minutes_gen.model import load_inspection
from minutes_gen.sources.calendar_file import load_calendar


def render_one(kind_name: str, file: Path, output: Path | None, *, force: bool = False,
               calendar_file: Path | None = None, template: Path | None = None):
    """Render one document of ``kind_name`` from an inspection file; return (path, warnings)."""
    kind = KINDS[kind_name]
    loaded = load_inspection(file)
    calendar = load_calendar(calendar_file)
    target = Path(output) if output else Path.cwd() / f"{kind.module.output_name(loaded.inspection)}.docx"
    refuse_existing(target, force)
    context = kind.module.build_context(loaded.inspection, calendar)
    data = render_docx(template or builtin_template(kind.template), context)
    write_atomic(target, data, force=force)
    return target, loaded.warnings
