"""Which dossiers are owed an apology slip, and with which new date.

Rules (Nghị định 61/2018/NĐ-CP as amended; ../shared/reference/dossiers-and-deadlines.md):
- a dossier returned after its due date is owed an apology (the slip states the date the
  result was actually returned, and gives no new appointment);
- a dossier still in process is owed one when its due date has passed, or falls within the
  next working day (the apology is due at the latest one day before the due date); a letter
  dated after that day is still written, and flagged «xin lỗi muộn»;
- the register may be newer than the letter: a dossier is judged as it stood on the letter's
  date (received later: not yet received; returned later: still in process then);
- the new appointment is the register's «Ngày hẹn lại» if given, else N working days after the
  slip's date; a return date may be re-appointed only once, so a dossier already re-appointed
  and apologised for is reported, never re-appointed again.
"""

import datetime as dt
import enum
import sys
from dataclasses import dataclass, replace

from minutes_gen.model.dossier import Dossier
from minutes_gen.vn.dates import numeric_date

DEFAULT_EXTEND_DAYS = 5


class Outcome(enum.Enum):
    """Exactly one per register row; the value is what the manifest says."""

    APOLOGY_NEW_DATE = "phiếu xin lỗi, hẹn lại ngày trả"
    APOLOGY_RETURNED_LATE = "phiếu xin lỗi, đã trả kết quả trễ hạn"
    NOT_OVERDUE = "không quá hạn"
    ALREADY_APOLOGISED = "đã xin lỗi"
    ALREADY_REAPPOINTED = "đã hẹn lại một lần, cần xử lý"
    NOT_YET_RECEIVED = "chưa tiếp nhận tại ngày lập văn bản"
    INVALID = "dữ liệu lỗi"

    @property
    def writes_slip(self) -> bool:
        return self in (Outcome.APOLOGY_NEW_DATE, Outcome.APOLOGY_RETURNED_LATE)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one dossier and, for a new appointment, its date; ``late``: the letter
    is dated after the last day it was due (the working day before the due date)."""

    outcome: Outcome
    new_date: dt.date | None = None
    note: str = ""
    late: bool = False


LATE_APOLOGY = "xin lỗi muộn"


def judge(dossier: Dossier, as_of: dt.date, calendar, extend_days: int = DEFAULT_EXTEND_DAYS) -> Verdict:
    """Return what is owed for ``dossier`` on the date ``as_of``; a letter is flagged late when
    dated after the working day before the due date."""
    verdict = _judge(dossier, as_of, calendar, extend_days)
    latest = calendar.working_day_before(dossier.due)
    if verdict.outcome.writes_slip and as_of > latest:
        note = f"{LATE_APOLOGY}: hạn xin lỗi là {numeric_date(latest)} (trước ngày hẹn trả {numeric_date(dossier.due)})"
        return replace(verdict, late=True, note=sys.intern("; ".join(filter(None, [verdict.note, note]))))
    if verdict.outcome is Outcome.ALREADY_APOLOGISED and dossier.late_apology(calendar):
        return replace(verdict, late=True, note=f"{LATE_APOLOGY} (ngày {numeric_date(dossier.apologised_on)})")
    return verdict


def as_it_stood(dossier: Dossier, as_of: dt.date) -> Dossier:
    """The dossier as it stood on ``as_of``: a result returned after that day was not returned
    yet (a letter never states a later fact as past)."""
    if dossier.returned is not None and dossier.returned > as_of:
        return replace(dossier, returned=None)
    return dossier


def _judge(dossier: Dossier, as_of: dt.date, calendar, extend_days: int) -> Verdict:
    if dossier.received > as_of:
        return Verdict(Outcome.NOT_YET_RECEIVED)
    dossier = as_it_stood(dossier, as_of)
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
        if dossier.reappointed is None and dossier.due < as_of:
            return Verdict(Outcome.ALREADY_APOLOGISED, note="đã xin lỗi một lần nhưng sổ không ghi ngày hẹn lại; hãy "
                                                            "kiểm tra hồ sơ có trễ lần nữa không (không hẹn lại lần hai)")
        return Verdict(Outcome.ALREADY_APOLOGISED, dossier.reappointed)
    if dossier.reappointed:
        if dossier.reappointed < as_of:
            return Verdict(Outcome.ALREADY_REAPPOINTED, dossier.reappointed,
                           "ngày hẹn lại đã qua; không được hẹn lại lần thứ hai")
        return Verdict(Outcome.APOLOGY_NEW_DATE, dossier.reappointed)
    return Verdict(Outcome.APOLOGY_NEW_DATE, calendar.add_working_days(as_of, extend_days))
