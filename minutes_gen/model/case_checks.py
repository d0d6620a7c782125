"""Checks across a case: the documents' dates follow the order they are issued in (decision →
plan → schedule notice → visit → minutes → conclusion notice → report), the units share one
team and decision, and the follow-up speaks of requests the notice has."""

from dataclasses import replace

from minutes_gen.errors import Problem
from minutes_gen.model.case import Case
from minutes_gen.model.deadlines import working_days_before
from minutes_gen.model.followup import tracked_count
from minutes_gen.sources.yaml_source import LoadedYaml
from minutes_gen.vn.dates import numeric_date
from minutes_gen.vn.numbers import count
from minutes_gen.vn.workdays import NATIONAL


def check_case(case: Case, loaded: LoadedYaml, calendar=NATIONAL) -> tuple[list[Problem], list[Problem]]:
    """Return ``(errors, warnings)`` of a built case."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    documents, first = case.documents, case.first
    decided = first.decision.date
    if documents.plan.date < decided:
        errors.append(loaded.problem(("case", "plan", "date"), f"kế hoạch đề ngày {numeric_date(documents.plan.date)}, "
                                                               f"trước ngày quyết định thành lập đoàn ({numeric_date(decided)})"))
    last_notice = max((unit.inspection.notice.date for unit in case.units if unit.inspection.notice.date), default=None)
    if last_notice and documents.report.date < last_notice:
        errors.append(loaded.problem(("case", "report", "date"), f"báo cáo đề ngày {numeric_date(documents.report.date)}, "
                                                                 f"trước thông báo kết luận cuối ({numeric_date(last_notice)})"))
    for unit in case.units:
        errors += _unit_errors(case, unit, loaded, calendar)
        warnings += _unit_warnings(unit, loaded, calendar)
    return errors, warnings


def _unit_errors(case: Case, unit, loaded: LoadedYaml, calendar) -> list[Problem]:
    inspection, name = unit.inspection, unit.inspection.unit.name
    found = []

    def error(path: tuple, message: str) -> None:
        found.append(replace(loaded.problem(path, message), unit=name))

    if inspection.decision != case.first.decision or inspection.team != case.first.team:
        error(("units",), "mọi đơn vị của một hồ sơ kiểm tra có cùng quyết định và đoàn kiểm tra (ghi ở «shared»)")
    if unit.schedule.date < case.documents.plan.date:
        error(("case", "schedule", "date"), f"thông báo lịch kiểm tra {name} đề ngày {numeric_date(unit.schedule.date)}, "
                                            f"trước ngày kế hoạch ({numeric_date(case.documents.plan.date)})")
    if unit.schedule.date >= inspection.meeting.date:
        error(("case", "schedule", "date"), f"thông báo lịch kiểm tra {name} phải đề ngày trước ngày kiểm tra "
                                            f"({numeric_date(inspection.meeting.date)})")
    return found


def followup_problems(unit, loaded: LoadedYaml) -> list[Problem]:
    """A unit's follow-up names requests its notice has (numbered 1, 2, … as printed)."""
    items, found = tracked_count(unit.inspection), []
    for index, report in enumerate(unit.followup.reports):
        for item in report.items:
            if not 1 <= item <= items:
                found.append(loaded.problem(("followup", "reports", index, "items"), _no_item(item, items)))
    for index, closed in enumerate(unit.followup.closed):
        if not 1 <= closed.item <= items:
            found.append(loaded.problem(("followup", "closed", index, "item"), _no_item(closed.item, items)))
    return [replace(problem, unit=unit.inspection.unit.name) for problem in found]


def _no_item(item: int, items: int) -> str:
    return f"thông báo kết luận không có yêu cầu số {item} (chỉ có {count(items)} yêu cầu, đánh số từ 1)"


def _unit_warnings(unit, loaded: LoadedYaml, calendar) -> list[Problem]:
    """A unit given fewer working days to report than the case asks (the schedule came late)."""
    inspection = unit.inspection
    due = working_days_before(calendar, inspection.meeting.date, unit.schedule.report_days)
    if due > unit.schedule.date:
        return []
    return [replace(loaded.problem(("case", "schedule", "report_days"),
                                   f"hạn gửi báo cáo ({numeric_date(due)}) không sau ngày thông báo lịch kiểm tra "
                                   f"({numeric_date(unit.schedule.date)}): đơn vị không kịp báo cáo"),
                    unit=inspection.unit.name)]
