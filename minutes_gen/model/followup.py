"""Remediation tracking: every request of a conclusion notice is an item with its due date
(working days, as the notice printed it); on a given day each item is within its deadline,
overdue, reported on (the unit's report: number, date) or closed by the team. Pure logic on
the model, so that the command line and the office server show the same."""

import datetime as dt
from dataclasses import dataclass, field

from minutes_gen.model.deadlines import own_deadline, remediation_deadline
from minutes_gen.vn.dates import short_date
from minutes_gen.vn.numbers import count

PENDING, OVERDUE, REPORTED, CLOSED, NOT_NOTIFIED = "trong hạn", "quá hạn", "đã báo cáo", "đã hoàn thành", \
    "chưa có thông báo kết luận"


@dataclass(frozen=True)
class TrackedItem:
    """One request of a notice and where it stands on ``as_of``."""

    unit: str
    number: int                  # as numbered in the notice (1, 2, …)
    text: str
    due: dt.date | None
    status: str
    report_number: str = ""
    report_date: dt.date | None = None
    closed_date: dt.date | None = None
    late_days: int = 0           # working days past the due date (overdue, or reported late)


@dataclass
class UnitTracking:
    """A unit's items on ``as_of``."""

    unit: str
    short_name: str
    notice_date: dt.date | None
    items: list[TrackedItem] = field(default_factory=list)

    @property
    def overdue(self) -> list[TrackedItem]:
        return [item for item in self.items if item.status == OVERDUE]

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)


def item_texts(inspection) -> list[str]:
    """The notice's requests in order: each request, then the written report on the remediation."""
    texts = [request.text.rstrip(" .;") for request in inspection.requests]
    if inspection.shortcomings:
        texts.append("Khắc phục các tồn tại, hạn chế và báo cáo bằng văn bản kết quả khắc phục")
    elif inspection.requests:
        texts.append("Báo cáo bằng văn bản kết quả thực hiện các yêu cầu")
    return texts


def tracked_count(inspection) -> int:
    """How many items the notice of ``inspection`` has."""
    return len(item_texts(inspection))


def unit_tracking(inspection, followup, calendar, as_of: dt.date) -> UnitTracking:
    """Every item of one unit on ``as_of`` (reports and closings dated after it are not known yet)."""
    notice_date = inspection.notice.date if inspection.notice.date and inspection.notice.date <= as_of else None
    common = remediation_deadline(inspection, calendar, notice_date)
    owns = [own_deadline(request, inspection, calendar) for request in inspection.requests]
    tracking = UnitTracking(inspection.unit.name, inspection.unit_short_name, notice_date)
    for number, text in enumerate(item_texts(inspection), start=1):
        due = (owns[number - 1] if number <= len(owns) else None) or common
        tracking.items.append(_item(inspection.unit.name, number, text, due, followup, calendar, as_of, notice_date))
    return tracking


def _item(unit: str, number: int, text: str, due, followup, calendar, as_of: dt.date, notified) -> TrackedItem:
    if notified is None:
        return TrackedItem(unit, number, text, due, NOT_NOTIFIED)
    closed = next((c for c in followup.closed if c.item == number and c.date <= as_of), None)
    reports = [r for r in followup.reports if r.date <= as_of and (not r.items or number in r.items)]
    report = max(reports, key=lambda r: r.date) if reports else None
    first = min(reports, key=lambda r: r.date) if reports else None
    found = {"report_number": report.number if report else "", "report_date": report.date if report else None}
    late = calendar.working_days_between(due, first.date) if first and due else 0
    if closed is not None:
        return TrackedItem(unit, number, text, due, CLOSED, closed_date=closed.date, late_days=late, **found)
    if report is not None:
        return TrackedItem(unit, number, text, due, REPORTED, late_days=late, **found)
    if due is not None and as_of > due:
        return TrackedItem(unit, number, text, due, OVERDUE, late_days=calendar.working_days_between(due, as_of))
    return TrackedItem(unit, number, text, due, PENDING)


def case_tracking(case, calendar, as_of: dt.date) -> list[UnitTracking]:
    """Every unit of a case on ``as_of``, in the case's order."""
    return [unit_tracking(unit.inspection, unit.followup, calendar, as_of) for unit in case.units]


def status_text(item: TrackedItem) -> str:
    """Where an item stands, as a table or a page says it."""
    if item.status == OVERDUE:
        return f"Quá hạn {count(item.late_days)} ngày làm việc"
    if item.status in (REPORTED, CLOSED):
        report = f"báo cáo tại văn bản số {item.report_number} ngày {short_date(item.report_date)}" \
            if item.report_number else "không cần báo cáo"
        late = f", muộn {count(item.late_days)} ngày làm việc" if item.late_days else ""
        if item.status == CLOSED:
            return f"Đã hoàn thành ({short_date(item.closed_date)}; {report}{late})"
        return f"Đã {report}{late}; chờ Đoàn xác nhận"
    if item.status == NOT_NOTIFIED:
        return "Chưa ban hành thông báo kết luận"
    return "Trong hạn"
