"""Apology slips for a whole register: one outcome per row, one slip per dossier owed one.

Invalid rows stop everything (all listed) unless ``skip_invalid``; nothing is written when an
output file exists (unless ``force``) or the folder cannot be written.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from minutes_gen.documents import apology
from minutes_gen.engine.combine import combine_documents
from minutes_gen.engine.output import check_writable_folder, refuse_existing_files, unique_names, write_atomic
from minutes_gen.engine.render import render_docx
from minutes_gen.engine.templates import builtin_template
from minutes_gen.errors import InputError, Problem
from minutes_gen.manifest import MANIFEST_NAME, sha256, write_manifest
from minutes_gen.model.apology_settings import ApologySettings
from minutes_gen.model.dossier import Dossier, load_dossiers
from minutes_gen.model.overdue import Outcome, Verdict, judge
from minutes_gen.numbering import Numbering, attach_output, issue_numbers
from minutes_gen.vn.dates import numeric_date

COMBINED_NAME = "phieu-xin-loi-tong-hop.docx"


@dataclass
class ApologyRow:
    """One register row and what became of it."""

    HEADERS: ClassVar[dict] = {"row": "Hàng", "code": "Mã hồ sơ", "applicant": "Người nộp",
                               "outcome": "Kết quả", "new_date": "Ngày hẹn lại", "number": "Số",
                               "file": "Tệp", "sha256": "SHA-256", "detail": "Ghi chú"}

    row: int
    code: str
    applicant: str
    outcome: str
    new_date: str = ""
    number: str = ""
    file: str = ""
    sha256: str = ""
    detail: str = ""


@dataclass
class ApologyResult:
    """The manifest rows, the invalid rows skipped, and the files written."""

    rows: list[ApologyRow] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    manifest: Path | None = None
    combined: Path | None = None

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome.value)


@dataclass
class _Slip:
    dossier: Dossier
    verdict: Verdict
    target: Path


def run_apology(register_file: Path, settings: ApologySettings, folder: Path, *, as_of: dt.date,
                calendar, extend_days: int | None = None, combined: bool = False, force: bool = False,
                skip_invalid: bool = False, columns_file: Path | None = None, encoding: str | None = None,
                numbering: Numbering = Numbering(), on_progress=lambda done: None) -> ApologyResult:
    """Judge every row of the register, write the slips owed, the manifest and the print file."""
    register, dossiers, invalid = load_dossiers(register_file, columns_file, encoding)
    if invalid and not skip_invalid:
        raise InputError(invalid, headline="Sổ theo dõi hồ sơ có dòng lỗi")
    days = settings.extend_days if extend_days is None else extend_days
    verdicts = [(dossier, judge(dossier, as_of, calendar, days)) for dossier in dossiers]
    owed = [(d, v) for d, v in verdicts if v.outcome.writes_slip]
    folder = Path(folder)
    names = unique_names([apology.output_name(d) for d, _ in owed], ".docx", {MANIFEST_NAME, COMBINED_NAME})
    slips = [_Slip(d, v, folder / name) for (d, v), name in zip(owed, names)]
    check_writable_folder(folder)
    extra = [folder / MANIFEST_NAME] + ([folder / COMBINED_NAME] if combined else [])
    refuse_existing_files([slip.target for slip in slips] + extra, force)
    template = builtin_template(apology.TEMPLATE)
    numbers_register, numbers = issue_numbers(numbering, [apology.number_request(s.dossier, settings, as_of) for s in slips],
                                      register_file)

    def render(slip: _Slip, issued) -> bytes:
        return render_docx(template, apology.build_context(slip.dossier, slip.verdict, settings, calendar,
                                                           issued=as_of, number=issued.number if issued else None))

    first = render(slips[0], numbers[0]) if slips else None  # a broken template stops here, nothing written
    result = ApologyResult(invalid=invalid)
    written: dict[int, ApologyRow] = {}
    parts = []
    for done, (slip, issued) in enumerate(zip(slips, numbers), start=1):
        data = first if done == 1 else render(slip, issued)
        write_atomic(slip.target, data, force=force)
        digest = sha256(data)
        attach_output(numbers_register, issued, slip.target, digest)
        if combined:
            parts.append(data)
        written[slip.dossier.row] = _row(slip.dossier, slip.verdict, file=slip.target.name, sha256=digest,
                                         number=issued.text if issued else "")
        on_progress(done)
    for dossier, verdict in verdicts:
        result.rows.append(written.get(dossier.row) or _row(dossier, verdict))
    result.rows += _invalid_rows(register, invalid)
    result.rows.sort(key=lambda row: row.row)
    if combined and parts:
        result.combined = folder / COMBINED_NAME
        write_atomic(result.combined, combine_documents(parts), force=force)
    result.manifest = write_manifest(folder, result.rows, ApologyRow)
    return result


def _invalid_rows(register, invalid: list[Problem]) -> list[ApologyRow]:
    """One manifest row per invalid register row, with every reason."""
    reasons: dict[int, list[str]] = {}
    for problem in invalid:
        reasons.setdefault(problem.row, []).append(f"cột «{problem.column}»: {problem.message}")
    values = {row.number: row.values for row in register.rows}
    return [ApologyRow(number, str(values[number].get("code") or ""), str(values[number].get("applicant") or ""),
                       Outcome.INVALID.value, detail="; ".join(texts)) for number, texts in reasons.items()]


def _row(dossier: Dossier, verdict: Verdict, **written) -> ApologyRow:
    return ApologyRow(dossier.row, dossier.code, dossier.applicant, verdict.outcome.value,
                      new_date=numeric_date(verdict.new_date) if verdict.new_date else "",
                      detail=verdict.note, **written)
