"""The remediation part of a case's reports: where every unit's items stand on a day, in
sentences and as a table (the summary report and the follow-up report print the same)."""

from minutes_gen.model.followup import CLOSED, OVERDUE, PENDING, REPORTED, case_tracking, status_text
from minutes_gen.documents.case_common import indexed
from minutes_gen.vn.dates import long_date, numeric_date
from minutes_gen.vn.numbers import count


def remediation_lines(trackings, as_of, team: str) -> list[str]:
    """``- Đến ngày …, 03/05 đơn vị đã gửi báo cáo …; trong 14 yêu cầu: …``."""
    items = [item for tracking in trackings for item in tracking.items]
    reported = [t for t in trackings if any(i.status in (REPORTED, CLOSED) for i in t.items)]
    late = [t.short_name for t in trackings if t.overdue]
    lines = [f"- Đến {long_date(as_of)}, {count(len(reported))}/{count(len(trackings))} đơn vị đã gửi báo cáo kết "
             f"quả khắc phục; trong tổng số {count(len(items))} yêu cầu: "
             + ", ".join(f"{count(sum(1 for i in items if i.status == status))} {label}" for status, label in
                         ((CLOSED, "đã hoàn thành"), (REPORTED, "đã báo cáo, chờ xác nhận"),
                          (PENDING, "còn trong hạn"), (OVERDUE, "quá hạn"))) + ";"]
    if late:
        lines.append(f"- Đơn vị còn yêu cầu quá hạn chưa báo cáo: {', '.join(late)}; {team} có văn bản đôn đốc "
                     f"khẩn trương thực hiện.")
    else:
        lines.append("- Không có đơn vị nào quá hạn báo cáo.")
    return lines


def remediation_rows(trackings) -> list[dict]:
    """One row per item: unit, request, due date, where it stands."""
    return indexed([{"unit": tracking.short_name, "text": item.text, "due": numeric_date(item.due) if item.due else "",
                     "status": status_text(item)} for tracking in trackings for item in tracking.items])


def remediation_context(case, calendar, as_of) -> dict:
    """What a report shows of the remediation on ``as_of``."""
    trackings = case_tracking(case, calendar, as_of)
    return {
        "remediation": remediation_lines(trackings, as_of, case.first.team.name),
        "remediation_rows": remediation_rows(trackings),
        "remediation_title": f"Bảng tổng hợp tình hình khắc phục sau kiểm tra (đến {long_date(as_of)})",
    }
