"""Văn bản đôn đốc (a công văn, ND30: no type name; its symbol is the body's abbreviation and
the drafting unit's, «V/v …» under the number) to a unit whose remediation is overdue."""

from minutes_gen.documents.case_common import chosen_signer, ending, issued_text, plan_reference, signing
from minutes_gen.documents.common import header, list_lines, number_symbol, unit_file_stem
from minutes_gen.vn.dates import long_date
from minutes_gen.vn.numbers import count

TEMPLATE = "van-ban-don-doc.docx"
TYPE_CODE = "CV"   # the register's series of công văn (not printed: a công văn has no type abbreviation)
FILE_PREFIX = "don-doc"
ABOUT = "đôn đốc báo cáo kết quả khắc phục sau kiểm tra"  # printed «V/v …»


def symbol(case) -> str:
    """``ĐKT-TH``: the body's abbreviation, a dash, the drafting unit's."""
    return f"{case.first.issuing_body.abbreviation}-{case.documents.followup.drafting_unit}".upper()


def summary(case, unit=None) -> str:
    return f"Đôn đốc báo cáo kết quả khắc phục sau kiểm tra tại {unit.inspection.unit.name}"


def overdue_lines(tracking) -> list[str]:
    lines = [f"{item.text} (hạn {long_date(item.due)}, đã quá {count(item.late_days)} ngày làm việc)"
             for item in tracking.overdue]
    return [f"- {line}" for line in list_lines(lines)]


def build_context(case, calendar, number=None, today=None, unit=None, issued=None, tracking=None) -> dict:
    """The reminder to ``unit`` on ``today``; ``tracking`` is its ``model.followup.UnitTracking``."""
    first, inspection, followup = case.first, unit.inspection, case.documents.followup
    block = header(first.issuing_body, TYPE_CODE, number, today)
    block["number_line"] = "Số: " + number_symbol(number, *symbol(case).split("-", 1))
    block["about"] = ABOUT
    notice = issued_text(case, issued, f"notice:{inspection.unit.name}", "TB", inspection.notice.number)
    new_due = calendar.add_working_days(today, followup.reminder_days)
    return {
        "header": block,
        "addressee": inspection.unit.name,
        "opening": f"Thực hiện {plan_reference(case, issued)}, {first.team.name} đã kiểm tra {inspection.subject} tại "
                   f"{inspection.unit.name} và ban hành Thông báo kết luận kiểm tra{' số ' + notice if notice else ''} "
                   f"{long_date(inspection.notice.date)}. Đến {long_date(today)}, {first.team.name} chưa nhận được "
                   f"báo cáo của {inspection.unit_short_name} về các nội dung sau:",
        "overdue_lines": overdue_lines(tracking),
        "request": f"Để kịp tổng hợp, báo cáo {first.decision.issuer}, {first.team.name} đề nghị "
                   f"{inspection.unit_short_name} khẩn trương thực hiện và gửi báo cáo bằng văn bản về {first.team.name} "
                   f"chậm nhất {long_date(new_due)} ({count(followup.reminder_days)} ngày làm việc kể từ ngày ký văn "
                   f"bản này).",
        "closing": "Trân trọng./.",
        **signing(case, followup.signer),
        **ending(["Như trên", *followup.recipients], followup.archive, case),
    }


def document_date(case, today=None, unit=None):
    return today


def signer_name(case, unit=None) -> str:
    return chosen_signer(case, case.documents.followup.signer).name


def output_name(case, unit=None) -> str:
    return unit_file_stem(FILE_PREFIX, unit.inspection)
