"""A whole case in one run (``minutes-gen batch HỒ_SƠ``): every document of the chain, in the
order they are issued (by date: decision, plan, schedule notices, minutes, conclusion notices,
report), numbered from the register in that order, with one manifest."""

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from minutes_gen.documents import CASE_KINDS, KINDS, PER_UNIT
from minutes_gen.engine.output import check_writable_folder, refuse_existing_files, unique_names
from minutes_gen.engine.parallel import write_documents
from minutes_gen.engine.pdf import pdf_outputs, pdf_targets, require_soffice
from minutes_gen.engine.tasks import Task
from minutes_gen.engine.workers import pool_for
from minutes_gen.errors import InputError, Problem, Stopped
from minutes_gen.model.case_loading import load_case
from minutes_gen.outputs.manifest import (MANIFEST_FILES, STATUS_NOT_WRITTEN, STATUS_WRITTEN, ManifestRow, manifest_paths,
                                          write_manifest)
from minutes_gen.register.numbering import (attach_output, case_numbers, case_request, document_request,
                                            issue_numbers)
from minutes_gen.runs.batch import BatchResult, finished_row
from minutes_gen.runs.settings import RunSettings
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.vn.workdays import NATIONAL

STAGES = list(CASE_KINDS)


@dataclass
class CaseJob:
    """One document of the case: its kind, its unit (None: the whole case), date and file."""

    kind: str
    unit: object
    date: dt.date
    target: Path | None = None

    @property
    def key(self) -> str:
        """How later documents find its number: ``plan``, ``notice:Sở Tư pháp``."""
        return self.kind if self.unit is None else f"{self.kind}:{self.unit.inspection.unit.name}"


def issue_order(case, kinds: list[str], today: dt.date | None) -> list[CaseJob]:
    """The documents of ``kinds`` in the order they are issued: by date, then by stage."""
    jobs = []
    for kind in kinds:
        module = CASE_KINDS[kind].module
        for unit in (case.units if kind in PER_UNIT else [None]):
            date = (module.document_date(unit.inspection, today) if kind in KINDS
                    else module.document_date(case, today, unit))
            jobs.append(CaseJob(kind, unit, date))
    return sorted(jobs, key=lambda job: (job.date, STAGES.index(job.kind)))


def _request(job: CaseJob, case, today):
    kind = CASE_KINDS[job.kind]
    return document_request(kind, job.unit.inspection, today) if job.kind in KINDS else case_request(kind, case, job.unit, today)


def _context(job: CaseJob, case, calendar, number, today, issued: dict) -> dict:
    module = CASE_KINDS[job.kind].module
    if job.kind in KINDS:
        return module.build_context(job.unit.inspection, calendar, number=number, today=today)
    return module.build_context(case, calendar, number=number, today=today, unit=job.unit, issued=issued)


def _label(job: CaseJob) -> str:
    return job.unit.inspection.unit.name if job.unit is not None else "(cả đợt kiểm tra)"


def run_case(case_file: Path, folder: Path, kinds: list[str] | None = None, settings: RunSettings = RunSettings(),
             calendar=NATIONAL, today: dt.date | None = None) -> BatchResult:
    """Check the case, then write every document of ``kinds`` (all by default) and the manifest."""
    if settings.template is not None:
        raise InputError([Problem("--template", "hồ sơ kiểm tra có nhiều loại văn bản: dùng mẫu có sẵn (sửa mẫu "
                                                "bằng «minutes-gen templates export»)")])
    if settings.pdf:
        require_soffice()
    case = load_case(case_file)
    jobs = issue_order(case, kinds or STAGES, today)
    folder = Path(folder)
    check_writable_folder(folder)
    stems = [f"{i:02d}-" + (CASE_KINDS[j.kind].module.output_name(j.unit.inspection) if j.kind in KINDS
                            else CASE_KINDS[j.kind].module.output_name(case, j.unit)) for i, j in enumerate(jobs, 1)]
    for job, name in zip(jobs, unique_names(stems, ".docx", reserved=set(MANIFEST_FILES))):
        job.target = folder / name
    targets = [job.target for job in jobs]
    refuse_existing_files(targets + manifest_paths(folder) + (pdf_targets(targets) if settings.pdf else []),
                          settings.force)
    numbered = [job for job in jobs if job.kind != "decision"]  # the decision's number is its issuer's, in the data
    register, issued_numbers = issue_numbers(settings.numbering, [_request(job, case, today) for job in numbered])
    numbers = dict(zip((job.key for job in numbered), issued_numbers))
    issued = {**case_numbers(register, case),  # issued by an earlier run (the notices, before the report)
              **{key: number.text for key, number in numbers.items() if number is not None}}
    rows = [ManifestRow(_label(job), CASE_KINDS[job.kind].label, number=_shown(job, numbers.get(job.key), case),
                        status=STATUS_NOT_WRITTEN) for job in jobs]

    def task(index: int) -> Task:
        job, number = jobs[index], numbers.get(jobs[index].key)
        context = _context(job, case, calendar, number.number if number else None, today, issued)
        return Task(index, str(builtin_template(CASE_KINDS[job.kind].template)), context, str(job.target))

    def record(outcome) -> None:
        rows[outcome.index] = finished_row(rows[outcome.index], jobs[outcome.index].target, outcome)
        if outcome.sha256:
            attach_output(register, numbers.get(jobs[outcome.index].key), jobs[outcome.index].target, outcome.sha256)

    with pool_for(len(jobs), settings.jobs) as workers:  # the batch's own writer: staged files, Ctrl-C kept whole
        completed = write_documents((task(i) for i in range(len(jobs))), workers, settings.force, record,
                                    settings.progress, total=len(jobs), folder=folder)
    if settings.pdf:
        written = [job.target for job, row in zip(jobs, rows) if row.status == STATUS_WRITTEN]
        converted = pdf_outputs(written, settings.jobs, settings.force, None, settings.progress, stopped=not completed)
        completed = converted.completed
        rows = [replace(row, pdf=converted.cells.get(job.target, "")) for job, row in zip(jobs, rows)]
    result = BatchResult(rows=rows, warnings=case.warnings, manifest=write_manifest(folder, rows))
    if not completed:
        raise Stopped(result.count(STATUS_WRITTEN), len(jobs), result.manifest)
    return result


def _shown(job: CaseJob, number, case) -> str:
    """The number a document of the case carries in the manifest (the decision's: its issuer's)."""
    return number.text if number else (case.first.decision.number if job.kind == "decision" else "")
