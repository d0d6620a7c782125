"""Pieces shared by every document kind: header, numbers, people, recipients."""

import dataclasses
import functools
import datetime as dt
import re

from minutes_gen.documents.page import HEADER_LINE_MM, HEADER_SIZE_PT
from minutes_gen.documents.parts import results_context
from minutes_gen.model.deadlines import own_deadline, remediation_deadline, remediation_start
from minutes_gen.model.statistics_sentences import statistics_paragraphs
from minutes_gen.model.people import Agency, Person
from minutes_gen.vn.dates import long_date, place_date
from minutes_gen.vn.line_breaks import balanced_lines
from minutes_gen.vn.numbers import count, document_number
from minutes_gen.vn.text import slugify
from minutes_gen.vn.text import upper_vi

BLANK_NUMBER = "     "  # room to write the number by hand, as offices do


def number_symbol(number: int | None, type_code: str, abbreviation: str) -> str:
    """Return ``07/BB-ĐKT`` (ND30 Điều 15), or ``     /BB-ĐKT`` when not numbered yet."""
    shown = document_number(number) if number is not None else BLANK_NUMBER
    return f"{shown}/{upper_vi(type_code)}-{upper_vi(abbreviation)}"


def header(agency: Agency, type_code: str, number: int | None, date: dt.date | None = None) -> dict:
    """Return the header block's text: parent, agency, ``Số: …`` line and place-date line."""
    return {
        "parent": upper_vi(agency.parent or ""),
        "agency": upper_vi(agency.name),
        "parent_lines": header_lines(agency.parent_lines),
        "agency_lines": header_lines(agency.name_lines),
        "number_line": "Số: " + number_symbol(number, type_code, agency.abbreviation),
        "place_date": place_date(agency.place, date) if date else "",
    }


def header_lines(lines: list[str]) -> list[str]:
    """A header name's upper-case lines: as the data breaks them (``\\n``), or, written on one
    line and too wide for the column, broken by the balanced rule (never inside a compound)."""
    if len(lines) != 1:
        return [upper_vi(line) for line in lines]
    return balanced_lines(upper_vi(lines[0]), HEADER_LINE_MM, HEADER_SIZE_PT)


def person_text(person: Person) -> str:
    """Return ``Ông Hoàng Mạnh Hùng, Phó Giám đốc Sở Nội vụ - Trưởng đoàn``."""
    name = f"{person.salutation} {person.name}" if person.salutation else person.name
    text = f"{name}, {person.position}"
    return f"{text} - {person.role}" if person.role else text


def list_lines(items: list[str]) -> list[str]:
    """End every item with ``;`` and the last with ``.`` (the ND30 list convention)."""
    items = [item.rstrip(" ;.") for item in items]
    return [item + (";" if i < len(items) - 1 else ".") for i, item in enumerate(items)]


def recipients(lines: list[str], archive: str) -> list[str]:
    """Return the Nơi nhận lines: ``- X;`` each, then ``- Lưu: VT, <archive>.``."""
    cleaned = [line.strip().lstrip("-").strip().rstrip(" ;.") for line in lines]
    archive = re.sub(r"^(Lưu:\s*)?(VT\s*,\s*)?", "", archive.strip()).rstrip(" .")
    return [f"- {line};" for line in cleaned if line] + [f"- Lưu: VT, {archive}."]


def as_plain(model) -> dict:
    """Return a dataclass as nested dicts, for templates that reach into the data: the same
    result as ``dataclasses.asdict`` without its deep copy of every text and date (they cannot
    change), which made it the main process's largest cost in a batch of letters."""
    return _plain(model)


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def inspection_context(inspection) -> dict:
    """What every document about an inspection offers: the data itself, short name, figures."""
    return {
        **as_plain(inspection),
        "unit_short_name": inspection.unit_short_name,
        "statistics": statistics_paragraphs(inspection),
        **results_context(inspection),
    }


def remediation_due(inspection, calendar, notice_date: dt.date | None = None) -> str:
    """``chậm nhất ngày 23 tháng 8 năm 2023``: the deadline as the web page shows it."""
    due = remediation_deadline(inspection, calendar, notice_date)
    return f"chậm nhất {long_date(due)}" if due else "tính từ ngày ký thông báo kết luận"


def remediation_period(inspection, calendar, notice_date: dt.date | None = None, in_notice: bool = False) -> str:
    """The period as the documents write it, by the data's ``remediation.wording``:
    ``chậm nhất ngày 23 tháng 8 năm 2023 (30 ngày làm việc kể từ ngày kiểm tra)`` or
    ``trong thời hạn 30 ngày làm việc kể từ ngày 12 tháng 7 năm 2023``."""
    remediation = inspection.remediation
    days = f"{count(remediation.working_days)} ngày làm việc"
    start = remediation_start(inspection, notice_date)
    origin = ("ngày kiểm tra" if remediation.counted_from == "inspection"
              else "ngày ký Thông báo này" if in_notice else "ngày ký Thông báo kết luận kiểm tra")
    if remediation.wording == "within_days" or start is None:
        since = long_date(start) if remediation.counted_from == "inspection" else origin
        return f"trong thời hạn {days} kể từ {since}"
    return f"chậm nhất {long_date(remediation_deadline(inspection, calendar, notice_date))} ({days} kể từ {origin})"


def request_text(request, inspection, calendar) -> str:
    """A request as printed: its text, and its own deadline when it has one
    (``…; thời hạn: chậm nhất ngày 15 tháng 8 năm 2023``)."""
    due = own_deadline(request, inspection, calendar)
    if due is None:
        return request.text
    text = request.text.rstrip()
    body = text.rstrip(" .;")
    return f"{body} (thời hạn: chậm nhất {long_date(due)}){text[len(body):].strip()}"


def request_lines(inspection, calendar) -> list[str]:
    """Every request as printed, in order."""
    return [request_text(request, inspection, calendar) for request in inspection.requests]


def remediation_text(inspection, calendar) -> str:
    """The minutes' sentence that sets the remediation deadline; it speaks of shortcomings only
    when there are some, of requests when there are only those, and is empty with neither."""
    report = f"gửi {inspection.remediation.report_to} {remediation_period(inspection, calendar)}."
    if inspection.shortcomings:
        return (f"Đề nghị {inspection.unit_short_name} khắc phục các tồn tại, hạn chế nêu trên và có văn bản "
                f"báo cáo kết quả khắc phục {report}")
    if inspection.requests:
        return f"Đề nghị {inspection.unit_short_name} có văn bản báo cáo kết quả thực hiện các yêu cầu trên {report}"
    return ""


def inspection_days(meeting) -> str:
    """``ngày 12 tháng 7 năm 2023``, or ``từ ngày 12 … đến ngày 14 tháng 7 năm 2023``."""
    if meeting.last_date == meeting.date:
        return long_date(meeting.date)
    return f"từ {long_date(meeting.date)} đến {long_date(meeting.last_date)}"


def inspection_scope(inspection, unit_name: str | None = None) -> str:
    """``<subject> tại <unit>`` (``công tác cải cách hành chính năm 2023 tại Sở …``): what every
    inspection document is about, in the data's own words."""
    return f"{inspection.subject} tại {unit_name or inspection.unit.name}"


def chosen_number(number: int | None, options) -> int | None:
    """The number a document shows: the register's, else the one written in the data, else none."""
    return number if number is not None else options.number


def unit_file_stem(prefix: str, inspection) -> str:
    """Default file name stem of a unit's document: ``bien-ban-so-tu-phap``."""
    return f"{prefix}-{slugify(inspection.unit.name)}"
