"""Working days of Vietnamese state agencies.

Rules (../shared/reference/dossiers-and-deadlines.md):
- Monday to Friday are working days (5-day week since 1999);
- public holidays of Bộ luật Lao động 2019, Điều 112, and the government's swapped days come
  from ``holidays.Vietnam`` (lunar Tết and Giỗ Tổ included), read for 2000–2100 from a table
  made from it (``vn.holiday_table``, equal day by day: a test checks), so that a command does
  not pay for importing the package;
- a user file adds a year's decisions the package may not know yet: extra days off and
  worked Saturdays (see ``sources.calendar_file``);
- counting N working days from an event does not count the event's day.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

ONE_DAY = dt.timedelta(days=1)


class _TableCalendar:
    """The national calendar of 2000–2100 from the pre-computed table (``vn.holiday_table``),
    answering like ``holidays.Vietnam``; other years are asked of ``holidays`` itself."""

    def __init__(self):
        from minutes_gen.vn import holiday_table as table

        self.first, self.last = table.FIRST_YEAR, table.LAST_YEAR
        self.days_off = {_day(item[:8]): table.NAMES[int(item[8:])] for item in table.DAYS_OFF.split()}
        self.worked = {_day(item) for item in table.WORKED_WEEKEND_DAYS.split()}

    def _covers(self, day: dt.date) -> bool:
        return self.first <= day.year <= self.last

    def is_working_day(self, day: dt.date) -> bool:
        if not self._covers(day):
            return _package_calendar().is_working_day(day)
        if day in self.worked:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def get(self, day: dt.date) -> str | None:
        return self.days_off.get(day) if self._covers(day) else _package_calendar().get(day)


def _day(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))


@lru_cache(maxsize=1)
def _national_calendar() -> _TableCalendar:
    return _TableCalendar()


@lru_cache(maxsize=1)
def _package_calendar():
    """``holidays.Vietnam`` (imported on first use: ~0.1 s, and it loads the lunar calendar)."""
    from holidays.countries.vietnam import Vietnam

    return Vietnam(language="vi")


@dataclass(frozen=True)
class WorkCalendar:
    """The national calendar plus a user's overrides (date -> name)."""

    days_off: dict = field(default_factory=dict)
    working_days: dict = field(default_factory=dict)

    def is_working_day(self, day: dt.date) -> bool:
        """Return True when state agencies work on ``day``."""
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        return _national_calendar().is_working_day(day)

    def day_off_name(self, day: dt.date) -> str:
        """Return why ``day`` is not worked (holiday name, ``Thứ Bảy``, ``Chủ nhật``)."""
        if day in self.days_off:
            return self.days_off[day]
        name = _national_calendar().get(day)
        if name:
            return name
        return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """Return the date ``count`` working days after ``start`` (``start`` itself not counted).

        ``add_working_days(date(2023, 7, 12), 30)`` is 23/8/2023.
        """
        if count < 0:
            raise ValueError("số ngày làm việc phải không âm")
        day = start
        while count:
            day += ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """Return ``day`` when it is worked, else the next working day (calendar-day deadlines)."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_day_before(self, day: dt.date) -> dt.date:
        """Return the last working day strictly before ``day`` (the latest day for an apology
        that must come «at the latest one day before» a due date)."""
        day -= ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Return how many working days lie after ``start`` up to ``end`` (0 when ``end <= start``)."""
        count, day = 0, start + ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def days_off_between(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """Return the days off after ``start`` up to ``end``, each with its reason."""
        days, day = [], start + ONE_DAY
        while day <= end:
            if not self.is_working_day(day):
                days.append((day, self.day_off_name(day)))
            day += ONE_DAY
        return days


NATIONAL = WorkCalendar()
