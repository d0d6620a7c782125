"""Batch rendering of an inspection plan: validate every unit first, then write every document.

Nothing is written when any unit is invalid (unless ``skip_invalid``), when an output file
already exists (unless ``force``), or when the output folder cannot be written.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from minutes_gen.documents import KINDS
from minutes_gen.documents.common import chosen_number, number_symbol
from minutes_gen.engine.output import check_writable_folder, refuse_existing_files, unique_names
from minutes_gen.engine.tasks import Task
from minutes_gen.engine.workers import pool_for
from minutes_gen.engine.parallel import write_documents
from minutes_gen.engine.pdf import pdf_outputs, pdf_targets, require_soffice
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.errors import InputError, Problem, Stopped
from minutes_gen.outputs.manifest import (MANIFEST_FILES, STATUS_FAILED, STATUS_NOT_WRITTEN, STATUS_SKIPPED,
                                          STATUS_WRITTEN, ManifestRow, manifest_paths, write_manifest)
from minutes_gen.runs.settings import RunSettings
from minutes_gen.model.checks import check_notice_date
from minutes_gen.model.loading import LoadedInspection
from minutes_gen.model.plan_loading import validate_units
from minutes_gen.register.numbering import attach_output, document_request, issue_numbers
from minutes_gen.register.entries import IssuedNumber
from minutes_gen.sources.plan import load_plan

COMBINED_PDF = "ban-in-tong-hop.pdf"


@dataclass
class BatchResult:
    """What a batch did: the manifest rows, warnings, and where the manifest is."""

    rows: list[ManifestRow] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    manifest: Path | None = None
    combined: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


@dataclass
class _Job:
    unit: LoadedInspection
    kind: str
    target: Path


def validate_plan(plan_file: Path) -> tuple[list[LoadedInspection], list[Problem]]:
    """Return the valid units and every problem found (plan, units, duplicate names)."""
    planned, problems = load_plan(plan_file)
    return [loaded for _, loaded in validate_units(planned, problems)], problems


def _check_notice_dates(units: list[LoadedInspection], problems: list[Problem], given: dt.date | None):
    """Keep the units whose notice date is right; add the others' errors to ``problems``."""
    kept = []
    for unit in units:
        name = unit.inspection.unit.name
        errors, warnings = check_notice_date(unit.inspection, unit.source, given, dt.date.today())
        problems += [replace(error, unit=name) for error in errors]
        unit.warnings += [replace(warning, unit=name) for warning in warnings]
        if not errors:
            kept.append(unit)
    return kept


def _plan_jobs(units: list[LoadedInspection], kinds: list[str], folder: Path) -> list[_Job]:
    pairs = [(unit, kind) for unit in units for kind in kinds]
    stems = [KINDS[kind].module.output_name(unit.inspection) for unit, kind in pairs]
    names = unique_names(stems, ".docx", reserved=set(MANIFEST_FILES) | {COMBINED_PDF})
    return [_Job(unit, kind, folder / name) for (unit, kind), name in zip(pairs, names)]


def run_batch(plan_file: Path, folder: Path, kinds: list[str], settings: RunSettings = RunSettings(), *,
              skip_invalid: bool = False, calendar=None, today: dt.date | None = None) -> BatchResult:
    """Validate the plan, then write one document per unit and kind (and PDFs), and the manifest.

    ``settings.combined`` (with ``pdf``) adds one print file of the whole batch, in manifest
    order. Ctrl-C stops it with ``Stopped`` after the manifest of what was written."""
    if settings.pdf:
        require_soffice()
    if settings.template is not None:  # one kind only (the CLI checks it)
        from minutes_gen.engine.template_check import require_valid_template  # custom templates only

        require_valid_template(settings.template, kinds[0])
    units, problems = validate_plan(plan_file)
    if "notice" in kinds:
        units = _check_notice_dates(units, problems, today)
    if problems and not skip_invalid:
        raise InputError(problems, headline="Kế hoạch kiểm tra có lỗi")
    with pool_for(len(units) * len(kinds), settings.jobs, bounded=settings.template is not None) as workers:
        return _write_batch(units, problems, Path(folder), kinds, settings, calendar=calendar,
                            today=today, workers=workers)


def _write_batch(units, problems, folder: Path, kinds, settings: RunSettings, *, calendar, today,
                 workers) -> BatchResult:
    check_writable_folder(folder)
    jobs_list = _plan_jobs(units, kinds, folder)
    targets = [job.target for job in jobs_list]
    extra = manifest_paths(folder) + (pdf_targets(targets) if settings.pdf else [])
    refuse_existing_files(targets + extra + ([folder / COMBINED_PDF] if settings.combined else []), settings.force)
    result = BatchResult(skipped=problems, warnings=[w for unit in units for w in unit.warnings])
    skipped = [ManifestRow(name, "", status=STATUS_SKIPPED, detail="dữ liệu lỗi, xem thông báo lỗi")
               for name in sorted({p.unit or p.file for p in problems})]
    requests = [document_request(KINDS[job.kind], job.unit.inspection, today) for job in jobs_list]
    register, numbers = issue_numbers(settings.numbering, requests)
    rows = [_row(job, issued) for job, issued in zip(jobs_list, numbers)]

    def task(index: int) -> Task:
        job, issued = jobs_list[index], numbers[index]
        kind = KINDS[job.kind]
        context = kind.module.build_context(job.unit.inspection, calendar, number=issued.number if issued else None,
                                            today=today)
        template = settings.template or builtin_template(kind.template)
        return Task(index, str(template), context, str(job.target), bounded=settings.template is not None)

    firsts = [next(i for i, job in enumerate(jobs_list) if job.kind == kind)
              for kind in kinds if any(job.kind == kind for job in jobs_list)]

    def record(outcome) -> None:
        rows[outcome.index] = finished_row(rows[outcome.index], jobs_list[outcome.index].target, outcome)
        if outcome.sha256:
            attach_output(register, numbers[outcome.index], jobs_list[outcome.index].target, outcome.sha256)

    completed = write_documents((task(i) for i in range(len(jobs_list))), workers, settings.force, record,
                                settings.progress, checks=[task(i) for i in firsts], total=len(jobs_list),
                                folder=folder)
    if settings.pdf:
        written = [job.target for job, row in zip(jobs_list, rows) if row.status == STATUS_WRITTEN]
        converted = pdf_outputs(written, settings.jobs, settings.force, folder / COMBINED_PDF if settings.combined
                                else None, settings.progress, stopped=not completed)
        result.combined, completed = converted.print_file, converted.completed
        rows = [replace(row, pdf=converted.cells.get(job.target, "")) for job, row in zip(jobs_list, rows)]
    if settings.signing is not None and completed:
        from minutes_gen.signing.batch import sign_documents

        made = [(job.target.with_suffix(".pdf"), KINDS[job.kind].module.signer_name(job.unit.inspection))
                for job in jobs_list if job.target.with_suffix(".pdf").exists()]
        signed = sign_documents(made, settings.signing, settings.progress, settings.force, settings.jobs)
        rows = [replace(row, signed=signed.get(job.target.with_suffix(".pdf"), "")) for job, row in zip(jobs_list, rows)]
    result.rows = skipped + rows
    result.manifest = write_manifest(folder, result.rows)
    if not completed:
        raise Stopped(result.count(STATUS_WRITTEN), len(jobs_list), result.manifest)
    return result


def _row(job: _Job, issued: IssuedNumber | None) -> ManifestRow:
    inspection, kind = job.unit.inspection, KINDS[job.kind]
    number = chosen_number(issued.number if issued else None, getattr(inspection, job.kind))
    shown = number_symbol(number, kind.type_code, kind.issuing_body(inspection).abbreviation) if number else ""
    return ManifestRow(inspection.unit.name, kind.label, number=shown, status=STATUS_NOT_WRITTEN)


def finished_row(row: ManifestRow, target: Path, outcome) -> ManifestRow:
    """A manifest row once its document's task is done: written (file, digest) or failed (why)."""
    if outcome.error:
        return replace(row, status=STATUS_FAILED, detail=outcome.error)
    return replace(row, status=STATUS_WRITTEN, file=target.name, sha256=outcome.sha256)
