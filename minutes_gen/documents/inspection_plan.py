"""Kế hoạch kiểm tra (type ``KH``) of the team: purposes and requirements, content, the units
with their dates (a table), the method, organisation."""

from minutes_gen.documents.case_common import (case_file_stem, chosen_signer, decision_reference, ending, indexed,
                                               signing)
from minutes_gen.documents.common import chosen_number, header, list_lines
from minutes_gen.documents.schedule import when_text
from minutes_gen.vn.numbers import count

TEMPLATE = "ke-hoach-kiem-tra.docx"
TYPE_CODE = "KH"
FILE_PREFIX = "ke-hoach"


def summary(case, unit=None) -> str:
    return f"Kiểm tra {case.first.subject}"


def dashed(items: list[str]) -> list[str]:
    return [f"- {line}" for line in list_lines(items)]


def organisation(case) -> list[str]:
    """Who does what: the data's own lines, else the usual ones (report N working days ahead,
    the team's minutes and notice, the summary report)."""
    first, days = case.first, case.units[0].schedule.report_days
    lines = case.documents.plan.organisation or [
        f"{first.team.name} thông báo lịch kiểm tra đến từng cơ quan, đơn vị; đơn vị được kiểm tra chuẩn bị báo "
        f"cáo theo đề cương và gửi về {first.team.name} chậm nhất {count(days)} ngày làm việc trước ngày kiểm tra",
        f"Sau mỗi buổi kiểm tra, {first.team.name} lập biên bản và ban hành thông báo kết luận kiểm tra; theo dõi, "
        f"đôn đốc việc khắc phục tồn tại, hạn chế",
        f"{first.team.name} tổng hợp, báo cáo kết quả kiểm tra với {first.decision.issuer}",
    ]
    return dashed(lines)


def build_context(case, calendar, number=None, today=None, unit=None, issued=None) -> dict:
    """Everything the plan's template shows."""
    plan, first = case.documents.plan, case.first
    return {
        "header": header(first.issuing_body, TYPE_CODE, chosen_number(number, plan), plan.date),
        "summary": summary(case),
        "opening": f"Thực hiện {decision_reference(first)}, {first.team.name} ban hành Kế hoạch kiểm tra "
                   f"{first.subject} như sau:",
        "purposes": dashed(plan.purposes),
        "requirements": dashed(plan.requirements),
        "scope": [f"{i}. {line}" for i, line in enumerate(list_lines(first.scope), start=1)],
        "subjects_sentence": f"{first.team.name} kiểm tra trực tiếp tại {count(len(case.units))} cơ quan, đơn vị "
                             f"theo lịch sau:",
        "schedule_rows": indexed([{"unit": u.inspection.unit.name, "when": when_text(u.inspection.meeting),
                                   "place": u.inspection.meeting.location} for u in case.units]),
        "methods": dashed(plan.methods),
        "organisation": organisation(case),
        "closing": f"Trên đây là Kế hoạch kiểm tra {first.subject} của {first.team.name}./.",
        **signing(case, plan.signer),
        **ending(plan.recipients or [u.inspection.unit.name for u in case.units], plan.archive, case),
    }


def document_date(case, today=None, unit=None):
    return case.documents.plan.date


def signer_name(case, unit=None) -> str:
    return chosen_signer(case, case.documents.plan.signer).name


def output_name(case, unit=None) -> str:
    return case_file_stem(FILE_PREFIX, case)
