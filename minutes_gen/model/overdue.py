"""Which dossiers are owed an apology slip, and with which new date.

Rules (Nghị định 61/2018/NĐ-CP as amended; ../shared/reference/dossiers-and-deadlines.md):
- a dossier returned after its due date is owed an apology (the slip states the date the
  result was actually returned, and gives no new appointment);
- a dossier still in process is owed one when its due date has passed, or falls within the
  next working day (the apology is due at the latest one day before the due date);
- the new appointment is the register's «Ngày hẹn lại» if given, else N working days after the
  slip's date; a return date may be re-appointed only once, so a dossier already re-appointed
  and apologised for is reported, never re-appointed again.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from minutes_gen.model.dossier import Dossier

DEFAULT_EXTEND_DAYS = 5


class Outcome(enum.Enum):
    """Exactly one per register row; the value is what the manifest says."""

    APOLOGY_NEW_DATE = "phiếu xin lỗi, hẹn lại ngày trả"
    APOLOGY_RETURNED_LATE = "phiếu xin lỗi, đã trả kết quả trễ hạn"
    NOT_OVERDUE = "không quá hạn"
    ALREADY_APOLOGISED = "đã xin lỗi"
    ALREADY_REAPPOINTED = "đã hẹn lại một lần, cần xử lý"
    INVALID = "dữ liệu lỗi"

    @property
    def writes_slip(self) -> bool:
        return self in (Outcome.APOLOGY_NEW_DATE, Outcome.APOLOGY_RETURNED_LATE)


@dataclass(frozen=True)
class Verdict:
    """The outcome for one dossier and, for a new appointment, its date."""

    outcome: Outcome
    new_date: dt.date | None = None
    note: str = ""


def judge(dossier: Dossier, as_of: dt.date, calendar, extend_days: int = DEFAULT_EXTEND_DAYS) -> Verdict:
    """Return what is owed for ``dossier`` on the date ``as_of``."""
    if dossier.returned is not None:
        if dossier.returned <= dossier.due:
            return Verdict(Outcome.NOT_OVERDUE)
        if dossier.apologised:
            return Verdict(Outcome.ALREADY_APOLOGISED)
        return Verdict(Outcome.APOLOGY_RETURNED_LATE)
    if dossier.due > calendar.add_working_days(as_of, 1):
        return Verdict(Outcome.NOT_OVERDUE)
    if dossier.apologised:
        if dossier.reappointed and dossier.reappointed < as_of:
            return Verdict(Outcome.ALREADY_REAPPOINTED, dossier.reappointed,
                           "đã xin lỗi và hẹn lại nhưng vẫn quá hạn; không được hẹn lại lần thứ hai")
        return Verdict(Outcome.ALREADY_APOLOGISED, dossier.reappointed)
    if dossier.reappointed:
        if dossier.reappointed < as_of:
            return Verdict(Outcome.ALREADY_REAPPOINTED, dossier.reappointed,
                           "ngày hẹn lại đã qua; không được hẹn lại lần thứ hai")
        return Verdict(Outcome.APOLOGY_NEW_DATE, dossier.reappointed)
    return Verdict(Outcome.APOLOGY_NEW_DATE, calendar.add_working_days(as_of, extend_days))
