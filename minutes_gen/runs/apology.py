"""Apology slips for a whole register: one outcome per row, one slip per dossier owed one.

Invalid rows stop everything (all listed) unless ``skip_invalid``; nothing is written when an
output file exists (unless ``force``) or the folder cannot be written.
"""

import datetime as dt
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

from minutes_gen.documents import apology
from minutes_gen.engine.output import check_writable_folder, refuse_existing_files, unique_names, write_atomic
from minutes_gen.engine.tasks import Task
from minutes_gen.engine.workers import pool_for
from minutes_gen.engine.parallel import write_documents
from minutes_gen.engine.pdf import pdf_outputs, pdf_targets, require_soffice
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.errors import InputError, Problem, Stopped
from minutes_gen.outputs.manifest import MANIFEST_FILES, STATUS_NOT_WRITTEN, manifest_paths, write_manifest
from minutes_gen.runs.settings import RunSettings
from minutes_gen.model.apology_settings import ApologySettings
from minutes_gen.model.dossier import Dossier, RegisterReading, load_dossiers
from minutes_gen.mail.delivery import Delivery, Letter, deliver, drafts_targets
from minutes_gen.model.form_sets import FormSet, form_set_for
from minutes_gen.model.overdue import Outcome, Verdict, judge
from minutes_gen.register.numbering import Numbering, apology_request, attach_output, issue_numbers
from minutes_gen.vn.dates import numeric_date
from minutes_gen.vn.numbers import grouped

COMBINED_NAME = "phieu-xin-loi-tong-hop.docx"
COMBINED_PDF = "phieu-xin-loi-tong-hop.pdf"


@dataclass(slots=True)
class ApologyRow:
    """One register row and what became of it."""

    DATES: ClassVar[tuple] = ("new_date",)
    HEADERS: ClassVar[dict] = {"row": "Hàng", "code": "Mã hồ sơ", "applicant": "Người nộp",
                               "outcome": "Kết quả", "new_date": "Ngày hẹn lại", "late": "Xin lỗi muộn",
                               "form": "Mẫu", "number": "Số", "file": "Tệp", "sha256": "SHA-256", "pdf": "PDF",
                               "signed": "Ký số", "email": "Thư điện tử", "detail": "Ghi chú"}

    row: int
    code: str
    applicant: str
    outcome: str
    new_date: str = ""
    late: str = ""
    form: str = ""
    number: str = ""
    file: str = ""
    sha256: str = ""
    pdf: str = ""
    signed: str = ""
    email: str = ""
    detail: str = ""


@dataclass
class ApologyResult:
    """The manifest rows, the invalid rows skipped, and the files written."""

    rows: list[ApologyRow] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    form: FormSet | None = None
    cautions: list[Problem] = field(default_factory=list)
    manifest: Path | None = None
    combined: Path | None = None
    combined_pdf: Path | None = None

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome.value)

    @property
    def late(self) -> int:
        """Letters written after the day they were due (flagged «xin lỗi muộn»)."""
        return sum(1 for row in self.rows if row.late)


@dataclass(slots=True)
class _Slip:
    """A letter to write: its dossier, verdict and file (the folder is shared by all letters:
    a Path per letter would cost ~0.5 kB each in a run of 50,000)."""

    dossier: Dossier
    verdict: Verdict
    folder: Path
    name: str

    @property
    def target(self) -> Path:
        return self.folder / self.name


@dataclass(frozen=True)
class LetterRules:
    """What a run judges by: the day overdue is judged on (also the letters' date unless
    ``issued`` gives another: a run prepared one day and issued a later one), the working-day calendar, the working days a new appointment adds when the register gives no
    date (None: the agency file's), and the form set chosen (None: the one in force)."""

    as_of: dt.date
    calendar: object
    extend_days: int | None = None
    form: str | None = None
    most_letters: int | None = None  # a run owing more is refused before anything is written (None: no limit)
    issued: dt.date | None = None  # the letters' date and their numbers' (None: ``as_of``)


def run_apology(register_file: Path, agency: ApologySettings, folder: Path, settings: RunSettings = RunSettings(),
                *, rules: LetterRules, reading: RegisterReading = RegisterReading(),
                delivery: Delivery | None = None) -> ApologyResult:
    """Judge every row of the register, write the letters owed in the form in force on
    ``rules.as_of`` (or the form set chosen) with their PDFs, the manifest and the print file.
    Ctrl-C stops it with ``Stopped`` after the manifest of what was written."""
    as_of, calendar = rules.as_of, rules.calendar
    form_set = form_set_for(as_of, rules.form)
    if settings.pdf:
        require_soffice()
    if settings.template is not None:
        from minutes_gen.engine.template_check import require_valid_template  # custom templates only

        require_valid_template(settings.template, "apology")
    loaded = load_dossiers(register_file, reading.columns_file, reading.encoding, reading.skip_invalid,
                           settings.progress, as_of=as_of)
    folder = Path(folder)
    days = agency.extend_days if rules.extend_days is None else rules.extend_days
    verdicts = [(dossier, judge(dossier, as_of, calendar, days)) for dossier in loaded.dossiers]  # ~20 µs each
    owed = [(d, v) for d, v in verdicts if v.outcome.writes_slip]
    if rules.most_letters is not None and len(owed) > rules.most_letters:
        raise InputError([Problem(loaded.file, f"sổ này cần {grouped(len(owed))} phiếu, quá {grouped(rules.most_letters)} "
                                               "phiếu một lần lập ở đây; hãy chia sổ theo khoảng ngày tiếp nhận, hoặc "
                                               "lập bằng dòng lệnh minutes-gen apology")],
                         headline="Sổ quá lớn cho một lần lập")
    with pool_for(len(owed), settings.jobs, bounded=settings.template is not None) as workers:
        slips = _slips(owed, folder, form_set.file_prefix)
        check_writable_folder(folder)
        drafts = drafts_targets([Letter(s.dossier, s.verdict, s.target, None, "") for s in slips], folder) \
            if delivery is not None and delivery.dry_run else []
        refuse_existing_files(_targets(slips, folder, settings) + drafts, settings.force)
        writer = _SlipWriter(slips, agency, calendar, rules.issued or as_of, settings.numbering, settings.template, form_set)
        completed = write_documents(writer.tasks(), workers, settings.force, writer.record, settings.progress,
                                    checks=writer.checks(), total=len(slips), folder=folder)
    caution = form_set.caution(as_of)
    result = ApologyResult(invalid=loaded.problems, form=form_set,
                           cautions=[Problem("--as-of", caution)] if caution else [])
    if settings.pdf:
        completed = writer.add_pdfs(settings, folder / COMBINED_PDF if settings.combined else None, completed)
        result.combined_pdf = writer.print_file
    if settings.signing is not None and completed:
        writer.sign(settings)  # before e-mailing: the applicant receives the signed letter
    if delivery is not None and completed:
        completed = writer.deliver(delivery, form_set, folder, settings)
    result.rows = sorted([writer.rows.get(d.row) or _row(d, v) for d, v in verdicts]
                         + _invalid_rows(loaded, loaded.problems), key=lambda row: row.row)
    result.manifest = write_manifest(folder, result.rows, ApologyRow)
    if not completed:
        raise Stopped(sum(1 for row in result.rows if row.file), len(slips), result.manifest)
    written = [slip.target for slip in slips if writer.rows[slip.dossier.row].file]
    if settings.combined and written:
        from minutes_gen.engine.combine import combine_documents  # lxml: only when asked for

        result.combined = folder / COMBINED_NAME
        write_atomic(result.combined, combine_documents(written), force=settings.force)
    return result


def _targets(slips: list, folder: Path, settings: RunSettings) -> list[Path]:
    """Every file the run may write (to refuse existing ones before anything is written)."""
    targets = [slip.target for slip in slips]
    extra = manifest_paths(folder) + ([folder / COMBINED_NAME] if settings.combined else [])
    extra += (pdf_targets(targets) + ([folder / COMBINED_PDF] if settings.combined else [])) if settings.pdf else []
    return targets + extra


def _slips(owed: list, folder: Path, prefix: str) -> list[_Slip]:
    names = unique_names([apology.output_name(d, prefix) for d, _ in owed], ".docx",
                         set(MANIFEST_FILES) | {COMBINED_NAME, COMBINED_PDF})
    return [_Slip(d, v, folder, name) for (d, v), name in zip(owed, names)]


class _SlipWriter:
    """Numbers the slips, makes their rendering tasks and records what became of each."""

    def __init__(self, slips: list[_Slip], settings: ApologySettings, calendar, as_of: dt.date,
                 numbering: Numbering, template: Path | None, form: FormSet):
        self.slips, self.settings, self.calendar, self.as_of, self.form = slips, settings, calendar, as_of, form
        self.form_label = sys.intern(form.label)  # one string for every row
        self.template = str(template or builtin_template(form.template))
        self.bounded = template is not None
        self.shared = apology.agency_context(settings)
        requests = [apology_request(slip.dossier, settings, as_of) for slip in slips]
        self.register, self.numbers = issue_numbers(numbering, requests)
        self.rows = {slip.dossier.row: _row(slip.dossier, slip.verdict, outcome=STATUS_NOT_WRITTEN, form=self.form_label)
                     for slip in slips}
        self.print_file: Path | None = None

    def task(self, index: int) -> Task:
        slip, issued = self.slips[index], self.numbers[index]
        context = apology.build_context(slip.dossier, slip.verdict, self.settings, self.calendar, issued=self.as_of,
                                        number=issued.number if issued else None, form=self.form,
                                        shared=self.shared)
        return Task(index, self.template, context, str(slip.target), bounded=self.bounded)

    def tasks(self):
        return (self.task(index) for index in range(len(self.slips)))

    def checks(self) -> list[Task]:
        """The first slip is rendered (not written) before anything is written."""
        return [self.task(0)] if self.slips else []

    def add_pdfs(self, settings: RunSettings, print_file: Path | None, completed: bool) -> bool:
        """Convert every slip written to PDF (not after Ctrl-C), note each result in its row;
        return whether the conversion ran to its end."""
        written = [slip for slip in self.slips if self.rows[slip.dossier.row].file]
        converted = pdf_outputs([slip.target for slip in written], settings.jobs, settings.force, print_file,
                                settings.progress, stopped=not completed)
        self.print_file = converted.print_file
        for slip in written:
            self.rows[slip.dossier.row] = replace(self.rows[slip.dossier.row], pdf=converted.cells[slip.target])
        return converted.completed

    def sign(self, settings: RunSettings) -> None:
        """Sign every PDF written (``settings.signing``); note each result in its row."""
        from minutes_gen.signing.batch import sign_documents

        made = {slip.target.with_suffix(".pdf"): slip for slip in self.slips if self.rows[slip.dossier.row].pdf}
        made = {path: slip for path, slip in made.items() if path.exists()}
        results = sign_documents([(path, self.settings.signer.name) for path in made], settings.signing,
                                 settings.progress, settings.force, settings.jobs)
        for path, slip in made.items():
            self.rows[slip.dossier.row] = replace(self.rows[slip.dossier.row], signed=results[path])

    def deliver(self, delivery: Delivery, form: FormSet, folder: Path, settings: RunSettings) -> bool:
        """E-mail the letters written (see ``mail.delivery``); note each result in its row."""
        letters = [Letter(slip.dossier, slip.verdict, slip.target, slip.target.with_suffix(".pdf") if settings.pdf else None,
                          self.rows[slip.dossier.row].sha256)
                   for slip in self.slips if self.rows[slip.dossier.row].file]
        results, completed = deliver(letters, self.settings, form, delivery, folder, settings.force, settings.progress)
        for row, text in results.items():
            self.rows[row] = replace(self.rows[row], email=text)
        return completed

    def record(self, outcome) -> None:
        slip, issued = self.slips[outcome.index], self.numbers[outcome.index]
        number = issued.text if issued else ""
        if outcome.error:
            self.rows[slip.dossier.row] = _row(slip.dossier, slip.verdict, number=number, detail=outcome.error,
                                               form=self.form_label)
            return
        attach_output(self.register, issued, slip.target, outcome.sha256)
        self.rows[slip.dossier.row] = _row(slip.dossier, slip.verdict, file=slip.target.name,
                                           sha256=outcome.sha256, number=number, form=self.form_label)


def _invalid_rows(loaded, invalid: list[Problem]) -> list[ApologyRow]:
    """One manifest row per invalid register row, with every reason."""
    reasons: dict[int, list[str]] = {}
    for problem in invalid:
        reasons.setdefault(problem.row, []).append(f"cột «{problem.column}»: {problem.message}")
    return [ApologyRow(number, *loaded.invalid_rows[number], Outcome.INVALID.value, detail="; ".join(texts))
            for number, texts in reasons.items()]


def _row(dossier: Dossier, verdict: Verdict, outcome: str | None = None, detail: str | None = None,
         **written) -> ApologyRow:
    return ApologyRow(dossier.row, dossier.code, dossier.applicant, outcome or verdict.outcome.value,
                      new_date=sys.intern(numeric_date(verdict.new_date)) if verdict.new_date else "",
                      late="Có" if verdict.late else "", detail=verdict.note if detail is None else detail, **written)
