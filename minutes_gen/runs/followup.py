"""``minutes-gen followup``: where every unit's remediation stands on a day, the follow-up
report and table (.docx, .xlsx), and a reminder letter (văn bản đôn đốc) to each overdue unit."""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from minutes_gen.documents import CASE_KINDS, FOLLOWUP_KINDS
from minutes_gen.documents.reminder import symbol
from minutes_gen.engine.output import check_writable_folder, refuse_existing_files, write_atomic
from minutes_gen.engine.render import render_docx
from minutes_gen.errors import InputError, Problem
from minutes_gen.model.case_loading import load_case
from minutes_gen.model.followup import case_tracking, status_text
from minutes_gen.outputs.sheets import xlsx_bytes
from minutes_gen.outputs.manifest import sha256
from minutes_gen.register.numbering import attach_output, case_numbers, case_request, issue_numbers
from minutes_gen.runs.settings import RunSettings
from minutes_gen.sources.builtin_files import builtin_template
from minutes_gen.vn.dates import numeric_date
from minutes_gen.vn.workdays import NATIONAL

TABLE_FILE = "bang-theo-doi-khac-phuc.xlsx"
NO_DRAFTING_UNIT = ("có đơn vị quá hạn nhưng hồ sơ chưa ghi «case.followup.drafting_unit» (đơn vị soạn thảo, để ghi ký "
                    "hiệu văn bản đôn đốc)")
HEADERS = ["STT", "Đơn vị", "Yêu cầu số", "Nội dung yêu cầu", "Hạn", "Tình trạng", "Văn bản báo cáo", "Ngày báo cáo",
           "Ngày hoàn thành", "Số ngày làm việc quá hạn"]


@dataclass
class FollowupResult:
    """The units' tracking on the day, and the files written (none without a folder)."""

    trackings: list
    written: list[Path] = field(default_factory=list)


def table_rows(trackings) -> list[list]:
    """The follow-up table, one row per item (the .xlsx)."""
    rows, index = [], 0
    for tracking in trackings:
        for item in tracking.items:
            index += 1
            rows.append([index, tracking.unit, item.number, item.text, numeric_date(item.due) if item.due else "",
                         status_text(item), item.report_number,
                         numeric_date(item.report_date) if item.report_date else "",
                         numeric_date(item.closed_date) if item.closed_date else "", item.late_days or ""])
    return rows


def table_bytes(trackings) -> bytes:
    """The follow-up table (.xlsx) of ``trackings``."""
    return xlsx_bytes(HEADERS, table_rows(trackings), title="Theo dõi khắc phục")


def case_document_bytes(kind: str, case, calendar, number: int | None, today: dt.date, unit=None,
                        issued: dict | None = None, tracking=None) -> bytes:
    """A document of the case's own (``CASE_KINDS`` beyond the inspection's, or ``FOLLOWUP_KINDS``)
    from the built-in template; ``tracking``: the unit's, for a reminder."""
    module = {**CASE_KINDS, **FOLLOWUP_KINDS}[kind].module
    extra = {"tracking": tracking} if kind == "reminder" else {}
    return render_docx(builtin_template(module.TEMPLATE),
                       module.build_context(case, calendar, number=number, today=today, unit=unit, issued=issued,
                                            **extra))


def run_followup(case_file: Path, as_of: dt.date, folder: Path | None = None,
                 settings: RunSettings = RunSettings(), calendar=NATIONAL) -> FollowupResult:
    """Track the case on ``as_of``; with ``folder``, write the table, the report and the reminders."""
    case = load_case(case_file)
    result = FollowupResult(case_tracking(case, calendar, as_of))
    if folder is None:
        return result
    late = [(unit, tracking) for unit, tracking in zip(case.units, result.trackings) if tracking.overdue]
    if late and case.documents.followup is None:
        raise InputError([Problem(str(case_file), NO_DRAFTING_UNIT, field="case.followup")])
    folder = Path(folder)
    check_writable_folder(folder)
    jobs = [("followup", None, None)] + [("reminder", unit, tracking) for unit, tracking in late]
    targets = [folder / f"{FOLLOWUP_KINDS[k].module.output_name(case, u)}-{as_of.strftime('%Y%m%d')}.docx"
               for k, u, _ in jobs]
    refuse_existing_files(targets + [folder / TABLE_FILE], settings.force)
    requests = [case_request(FOLLOWUP_KINDS[k], case, u, as_of, symbol(case) if k == "reminder" else "")
                for k, u, _ in jobs]
    register, numbers = issue_numbers(settings.numbering, requests)
    issued = case_numbers(register, case)
    for (kind, unit, tracking), target, number in zip(jobs, targets, numbers):
        data = case_document_bytes(kind, case, calendar, number.number if number else None, as_of, unit, issued,
                                   tracking)
        write_atomic(target, data, force=settings.force)
        attach_output(register, number, target, sha256(data))
        result.written.append(target)
    write_atomic(folder / TABLE_FILE, table_bytes(result.trackings), force=settings.force)
    result.written.append(folder / TABLE_FILE)
    return result
