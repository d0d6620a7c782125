"""When the inspected unit must have done what it was asked: the common remediation deadline
and each request's own, counted in working days (the documents print them, the follow-up
tracks them)."""

import datetime as dt


def remediation_start(inspection, notice_date: dt.date | None = None) -> dt.date | None:
    """The day the remediation period counts from (None: the notice's date, not known yet)."""
    return inspection.meeting.last_date if inspection.remediation.counted_from == "inspection" else notice_date


def remediation_deadline(inspection, calendar, notice_date: dt.date | None = None) -> dt.date | None:
    """The last day of the period: the Nth working day after its start, that day included."""
    start = remediation_start(inspection, notice_date)
    return None if start is None else calendar.add_working_days(start, inspection.remediation.working_days)


def own_deadline(request, inspection, calendar) -> dt.date | None:
    """A request's own deadline (a date, or N working days after the inspection); None when it
    follows the common one."""
    if request.date is not None:
        return request.date
    if request.working_days is not None:
        return calendar.add_working_days(inspection.meeting.last_date, request.working_days)
    return None


def working_days_before(calendar, day: dt.date, count: int) -> dt.date:
    """The working day ``count`` working days before ``day`` (``day`` itself not counted): the
    latest day a unit's report reaches the team when it is due N working days before a visit."""
    for _ in range(count):
        day = calendar.working_day_before(day)
    return day
