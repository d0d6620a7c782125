"""Dossier statistics over a period, computed from the register (what minutes quote).

Over the period [from, to]:
- received: received within the period; carried over: received before it and still open on
  its first day;
- resolved: returned by the end of the period, split into early (before the due date),
  on time (on the due date) and overdue (after it);
- in process: not returned by the end of the period, within the deadline (due on or after
  the last day) or overdue;
- apologies owed: overdue (resolved or in process); recorded: those the register marks apologised;
  late: recorded with a date after the last working day before the due date (xin lỗi muộn).
So received + carried over = resolved + in process (within) + in process (overdue), always.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from minutes_gen.model.dossier import Dossier
from minutes_gen.vn.workdays import NATIONAL

UNKNOWN_CHANNEL = "không rõ"


@dataclass
class DossierStats:
    """The figures of one period."""

    period_from: dt.date
    period_to: dt.date
    received: int = 0
    carried_over: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    overdue: int = 0
    in_process: int = 0
    in_process_overdue: int = 0
    apologies_owed: int = 0
    apologies_recorded: int = 0
    apologies_late: int = 0  # recorded with a date after the working day before the due date
    by_channel: dict = field(default_factory=dict)


def _open_during(dossier: Dossier, start: dt.date, end: dt.date) -> bool:
    return dossier.received <= end and (dossier.returned is None or dossier.returned >= start)


class StatsTally:
    """The statistics of a period, counted one dossier at a time (a register of any size is
    counted in flat memory)."""

    def __init__(self, start: dt.date, end: dt.date, calendar=NATIONAL):
        self.stats = DossierStats(start, end)
        self.channels: Counter = Counter()
        self.calendar = calendar

    def add(self, dossier: Dossier) -> None:
        stats = self.stats
        if not _open_during(dossier, stats.period_from, stats.period_to):
            return
        if dossier.received >= stats.period_from:
            stats.received += 1
            self.channels[dossier.channel or UNKNOWN_CHANNEL] += 1
        else:
            stats.carried_over += 1
        if _count_outcome(stats, dossier, stats.period_to):
            stats.apologies_owed += 1
            stats.apologies_recorded += dossier.apologised
            stats.apologies_late += dossier.late_apology(self.calendar)

    def result(self) -> DossierStats:
        self.stats.by_channel = dict(sorted(self.channels.items()))
        return self.stats


def compute_stats(dossiers, start: dt.date, end: dt.date) -> DossierStats:
    """Return the statistics of ``dossiers`` over the period ``start``..``end`` (both included)."""
    tally = StatsTally(start, end)
    for dossier in dossiers:
        tally.add(dossier)
    return tally.result()


def _count_outcome(stats: DossierStats, dossier: Dossier, end: dt.date) -> bool:
    """Count one open dossier as resolved or in process; return True when it is overdue."""
    if dossier.returned is not None and dossier.returned <= end:
        stats.resolved += 1
        if dossier.returned < dossier.due:
            stats.early += 1
        elif dossier.returned == dossier.due:
            stats.on_time += 1
        else:
            stats.overdue += 1
            return True
        return False
    if dossier.due >= end:
        stats.in_process += 1
        return False
    stats.in_process_overdue += 1
    return True
