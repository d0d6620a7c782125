"""Dates and hours in a register's cells: real Excel values, or text in the usual forms."""

import datetime as dt
import re

from minutes_gen.vn.dates import parse_date


def parse_cell_date(value) -> dt.date:
    """Return a register cell as a date: a real Excel date, or text in a usual form."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))  # an Excel serial number
    return parse_date(value)


_CLOCK = re.compile(r"(?:^|\s)(\d{1,2})\s*(?::|h|giờ)\s*(\d{1,2})?\s*(?:phút)?(?::\d{1,2})?\s*$", re.IGNORECASE)


def parse_cell_time(value) -> dt.time | None:
    """The hour in a register cell: a date-time (Excel or ``12/7/2023 08:15``), a time, an hour
    written ``8h15``/``08:15``/``8 giờ 15``; None when the cell carries a date only."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0) if value.time() != dt.time(0) else None
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and not isinstance(value, bool) and value % 1:
        minutes = round((value % 1) * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    if value is None or isinstance(value, (int, dt.date)):
        return None
    match = _CLOCK.search(str(value).strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"giờ «{value}» không có thật")
    return dt.time(hour, minute)
