"""Batch rendering of an inspection plan: validate every unit first, then write every document.

Nothing is written when any unit is invalid (unless ``skip_invalid``), when an output file
already exists (unless ``force``), or when the output folder cannot be written.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from minutes_gen.documents import KINDS
from minutes_gen.documents.common import number_symbol
from minutes_gen.engine.output import check_writable_folder, refuse_existing_files, unique_names, write_atomic
from minutes_gen.engine.render import render_docx
from minutes_gen.engine.templates import builtin_template
from minutes_gen.errors import InputError, Problem
from minutes_gen.manifest import (
    MANIFEST_NAME,
    STATUS_FAILED,
    STATUS_SKIPPED,
    ManifestRow,
    sha256,
    write_manifest,
)
from minutes_gen.model.loading import LoadedInspection, inspection_from
from minutes_gen.numbering import Numbering, attach_output, document_request, issue_numbers
from minutes_gen.register import IssuedNumber
from minutes_gen.sources.plan import load_plan
from minutes_gen.vn.text import nfc


@dataclass
class BatchResult:
    """What a batch did: the manifest rows, warnings, and where the manifest is."""

    rows: list[ManifestRow] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    manifest: Path | None = None

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
    valid: list[LoadedInspection] = []
    seen: dict[str, str] = {}
    for unit in planned:
        try:
            loaded = inspection_from(unit.loaded)
        except InputError as exc:
            name = _unit_name(unit.loaded.data) or unit.label
            problems += [replace(problem, unit=name) for problem in exc.problems]
            continue
        name = loaded.inspection.unit.name
        key = nfc(name).casefold()
        if key in seen:
            problems.append(replace(unit.loaded.problem(("unit", "name"),
                                                        f"tên đơn vị trùng với đơn vị đã khai báo ở {seen[key]}"),
                                    unit=name))
            continue
        file, line = unit.loaded.where(("unit", "name"))
        seen[key] = f"{file}, dòng {line}"
        loaded.warnings = [replace(warning, unit=name) for warning in loaded.warnings]
        valid.append(loaded)
    return valid, problems


def _unit_name(data) -> str | None:
    unit = data.get("unit") if isinstance(data, dict) else None
    name = unit.get("name") if isinstance(unit, dict) else None
    return str(name) if name else None


def _plan_jobs(units: list[LoadedInspection], kinds: list[str], folder: Path) -> list[_Job]:
    pairs = [(unit, kind) for unit in units for kind in kinds]
    stems = [KINDS[kind].module.output_name(unit.inspection) for unit, kind in pairs]
    names = unique_names(stems, ".docx", reserved={MANIFEST_NAME})
    return [_Job(unit, kind, folder / name) for (unit, kind), name in zip(pairs, names)]


def run_batch(plan_file: Path, folder: Path, kinds: list[str], *, force: bool = False,
              skip_invalid: bool = False, calendar=None, today: dt.date | None = None,
              numbering: Numbering = Numbering(), on_progress=lambda done: None) -> BatchResult:
    """Validate the plan, then write one document per unit and kind, and the manifest."""
    units, problems = validate_plan(plan_file)
    if problems and not skip_invalid:
        raise InputError(problems, headline="Kế hoạch kiểm tra có lỗi")
    folder = Path(folder)
    check_writable_folder(folder)
    jobs = _plan_jobs(units, kinds, folder)
    refuse_existing_files([job.target for job in jobs] + [folder / MANIFEST_NAME], force)
    result = BatchResult(skipped=problems)
    result.warnings = [w for unit in units for w in unit.warnings]
    for name in sorted({p.unit or p.file for p in problems}):
        result.rows.append(ManifestRow(name, "", status=STATUS_SKIPPED, detail="dữ liệu lỗi, xem thông báo lỗi"))
    requests = [document_request(KINDS[job.kind], job.unit.inspection, today) for job in jobs]
    register, numbers = issue_numbers(numbering, requests, plan_file)
    writer = _Writer(calendar, today, force, register)
    rendered = writer.preflight(jobs, numbers)
    for done, (job, issued) in enumerate(zip(jobs, numbers), start=1):
        result.rows.append(writer.write(job, issued, rendered.pop(id(job), None)))
        on_progress(done)
    result.manifest = write_manifest(folder, result.rows)
    return result


class _Writer:
    """Renders and writes the documents of one batch."""

    def __init__(self, calendar, today, force: bool, register):
        self.calendar, self.today, self.force, self.register = calendar, today, force, register
        self.templates: dict[str, Path] = {}

    def render(self, job: _Job, issued: IssuedNumber | None) -> bytes:
        kind = KINDS[job.kind]
        template = self.templates.setdefault(job.kind, builtin_template(kind.template))
        number = issued.number if issued else None
        return render_docx(template, kind.module.build_context(job.unit.inspection, self.calendar, number=number,
                                                               today=self.today))

    def preflight(self, jobs: list[_Job], numbers: list) -> dict:
        """Render the first document of each kind before writing anything: a broken template
        stops the batch here, with nothing written."""
        rendered, seen = {}, set()
        for job, issued in zip(jobs, numbers):
            if job.kind not in seen:
                seen.add(job.kind)
                rendered[id(job)] = self.render(job, issued)
        return rendered

    def write(self, job: _Job, issued: IssuedNumber | None, data: bytes | None) -> ManifestRow:
        inspection = job.unit.inspection
        kind = KINDS[job.kind]
        manual = getattr(inspection, job.kind).number
        number = issued.text if issued else (
            number_symbol(manual, kind.type_code, inspection.issuing_body.abbreviation) if manual else "")
        row = ManifestRow(inspection.unit.name, kind.label, number=number)
        try:
            data = data if data is not None else self.render(job, issued)
            write_atomic(job.target, data, force=self.force)
        except InputError as exc:
            return replace(row, status=STATUS_FAILED, detail="; ".join(p.message for p in exc.problems))
        except OSError as exc:
            return replace(row, status=STATUS_FAILED, detail=f"không ghi được tệp ({exc.strerror})")
        digest = sha256(data)
        attach_output(self.register, issued, job.target, digest)
        return replace(row, file=job.target.name, sha256=digest)
