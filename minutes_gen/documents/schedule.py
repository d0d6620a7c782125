"""Thông báo lịch kiểm tra và đề nghị báo cáo (type ``TB``), one to each unit: when and where
the team comes, who attends, what is inspected, the report the unit sends and by when (N
working days before the visit, on the working-day calendar)."""

from minutes_gen.documents.case_common import chosen_signer, decision_reference, ending, plan_reference, signing
from minutes_gen.documents.common import chosen_number, header, inspection_days, list_lines, unit_file_stem
from minutes_gen.model.deadlines import working_days_before
from minutes_gen.vn.dates import long_date, time_of_day
from minutes_gen.vn.numbers import count

TEMPLATE = "thong-bao-lich-kiem-tra.docx"
TYPE_CODE = "TB"
FILE_PREFIX = "lich-kiem-tra"


def when_text(meeting) -> str:
    """``08 giờ 00 phút, ngày 09 tháng 4 năm 2024`` (a visit of several days: from … to …)."""
    if meeting.sessions:
        return f"{time_of_day(meeting.start)}, {inspection_days(meeting)}"
    return f"{time_of_day(meeting.start)}, {long_date(meeting.date)}"


def summary(case, unit) -> str:
    return f"Lịch kiểm tra {unit.inspection.subject} tại {unit.inspection.unit.name}"


def report_due(unit, calendar):
    """The last day the unit's report reaches the team: N working days before the visit."""
    return working_days_before(calendar, unit.inspection.meeting.date, unit.schedule.report_days)


def build_context(case, calendar, number=None, today=None, unit=None, issued=None) -> dict:
    """Everything the schedule notice to ``unit`` shows."""
    inspection, schedule, first = unit.inspection, unit.schedule, case.first
    target = schedule.report_to or first.team.name
    return {
        "header": header(first.issuing_body, TYPE_CODE, chosen_number(number, schedule), schedule.date),
        "summary": summary(case, unit),
        "meeting": {"location": inspection.meeting.location},
        "unit": {"name": inspection.unit.name},
        "opening": f"Thực hiện {decision_reference(first)} và {plan_reference(case, issued)}, {first.team.name} "
                   f"thông báo lịch kiểm tra {inspection.subject} tại {inspection.unit.name} như sau:",
        "when": when_text(inspection.meeting),
        "team_line": f"{first.team.name}: các thành viên theo Quyết định số {first.decision.number};",
        "attendees": [f"- {line}" for line in list_lines(schedule.attendees)],
        "scope": [f"- {line}" for line in list_lines(inspection.scope)],
        "report_request": (f"Đề nghị {inspection.unit_short_name} chuẩn bị báo cáo theo đề cương dưới đây, gửi "
                           f"{target} chậm nhất {long_date(report_due(unit, calendar))} (trước ngày kiểm tra "
                           f"{count(schedule.report_days)} ngày làm việc), kèm các hồ sơ, tài liệu liên quan:"),
        "report_outline": [f"{i}. {line}" for i, line in enumerate(list_lines(schedule.report_outline), start=1)],
        "contact": schedule.contact or "",
        "closing": f"{first.team.name} thông báo để {inspection.unit_short_name} biết, chuẩn bị và phối hợp thực "
                   f"hiện./.",
        **signing(case, schedule.signer),
        **ending(schedule.recipients or [inspection.unit.name], schedule.archive, case),
    }


def document_date(case, today=None, unit=None):
    return unit.schedule.date


def signer_name(case, unit=None) -> str:
    return chosen_signer(case, unit.schedule.signer).name


def output_name(case, unit=None) -> str:
    return unit_file_stem(FILE_PREFIX, unit.inspection)
