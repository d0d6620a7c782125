"""Dates and times: the only place where a ``date`` becomes text or text a ``date``.

ND30 (Phụ lục I, địa danh và thời gian): days below 10 and the months 1 and 2 take a
leading zero — ``ngày 05 tháng 02 năm 2024``, ``ngày 12 tháng 7 năm 2023``.
"""

import datetime as dt
import re

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_TIME = re.compile(r"^(\d{1,2})\s*(?::|h|giờ)\s*(\d{1,2})?\s*(?:phút)?$", re.IGNORECASE)

DATE_FORMS = "dd/mm/yyyy hoặc yyyy-mm-dd"
TIME_FORMS = "hh:mm (ví dụ 08:00)"


def parse_date(value) -> dt.date:
    """Return the date written as ``dd/mm/yyyy``, ``d/m/yyyy`` or ``yyyy-mm-dd`` (a time may follow).

    Raises ``ValueError`` with a Vietnamese message for anything else, including impossible
    dates such as ``31/02/2023``.
    """
    if isinstance(value, dt.datetime):
        return check_year(value.date())
    if isinstance(value, dt.date):
        return check_year(value)
    text = _TIME_SUFFIX.sub("", str(value).strip())
    match = _DMY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.match(text)
        if not match:
            raise ValueError(f"«{value}» không phải là ngày ({DATE_FORMS})")
        year, month, day = (int(g) for g in match.groups())
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày «{value}» không có thật trong lịch") from None
    return check_year(parsed)


FIRST_YEAR, LAST_YEAR = 1900, 2100


def check_year(day: dt.date) -> dt.date:
    """``day`` itself, or ``ValueError`` when its year is outside 1900–2100 (a typing error:
    no document or dossier of this tool is dated elsewhere, and dates near 9999 overflow)."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"năm {day.year} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}; hãy kiểm tra lại ngày")
    return day


def parse_time(value) -> dt.time:
    """Return the time written as ``08:00``, ``8h00`` or ``8 giờ 30 phút``."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int):  # YAML 1.1 reads 08:00 as a sexagesimal integer
        value = f"{value // 60}:{value % 60:02d}"
    match = _TIME.match(str(value).strip())
    if not match:
        raise ValueError(f"«{value}» không phải là giờ ({TIME_FORMS})")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"giờ «{value}» không có thật")
    return dt.time(hour, minute)


def _day(d: dt.date) -> str:
    return f"{d.day:02d}"


def _month(d: dt.date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def long_date(d: dt.date) -> str:
    """Return ``ngày 05 tháng 02 năm 2024`` (ND30 form)."""
    return f"ngày {_day(d)} tháng {_month(d)} năm {d.year}"


def short_date(d: dt.date) -> str:
    """Return the short form used in running text: ``05/02/2024``, ``15/6/2023``."""
    return f"{_day(d)}/{_month(d)}/{d.year}"


def numeric_date(d: dt.date) -> str:
    """Return ``dd/mm/yyyy`` with both leading zeros (``23/08/2023``), for tables and screens."""
    return d.strftime("%d/%m/%Y")


def place_date(place: str, d: dt.date) -> str:
    """Return the place-date line: ``Đắk Lắk, ngày 12 tháng 7 năm 2023``."""
    return f"{place}, {long_date(d)}"


def time_of_day(t: dt.time) -> str:
    """Return ``08 giờ 00 phút``."""
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


# Vietnam's time (Asia/Ho_Chi_Minh): +07:00 all year, no daylight saving time, whatever zone the
# server's machine is set to.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "+07:00")


def vietnam_now() -> dt.datetime:
    """Now, in Vietnam's time (+07:00)."""
    return dt.datetime.now(VIETNAM)


def vietnam_today() -> dt.date:
    """Today's date in Vietnam (the server's machine may be set to UTC)."""
    return vietnam_now().date()


def shown_moment(text: str) -> str:
    """A stored moment (ISO 8601; one without a zone is the machine's local time) as people read
    it: ``dd/mm/yyyy hh:mm`` in Vietnam's time; a text that is no moment is shown as it is."""
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


def shown_date(text: str) -> str:
    """A stored date (``2023-07-12``) as ``12/07/2023``; a text that is no date is shown as it is."""
    try:
        return numeric_date(dt.date.fromisoformat(str(text)[:10]))
    except ValueError:
        return str(text)
