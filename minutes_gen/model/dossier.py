"""Administrative dossiers (hồ sơ thủ tục hành chính) read from a register."""

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.vn.dates import numeric_date
from minutes_gen.vn.text import control_character
from minutes_gen.sources.dossier_register import Register, RegisterRow, empty_register_problem, load_register
from minutes_gen.sources.dossier_columns import header_key
from minutes_gen.sources.column_map import load_columns_map
from minutes_gen.sources.cells import parse_cell_date, parse_cell_time

_YES = {"co", "x", "yes", "y", "1", "da", "da xin loi", "true", "roi"}
_NO = {"khong", "no", "n", "0", "chua", "false"}


@dataclass(slots=True)
class Dossier:
    """One dossier of the register (dates are ``date``; text NFC)."""

    row: int
    code: str
    applicant: str
    procedure: str
    received: dt.date
    due: dt.date
    returned: dt.date | None = None
    received_time: dt.time | None = None  # the hour of receipt, when the register gives it
    gender: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    field: str | None = None
    channel: str | None = None
    reason: str | None = None
    apologised: bool = False
    reappointed: dt.date | None = None
    apologised_on: dt.date | None = None  # when the register gives the apology's date

    def late_apology(self, calendar) -> bool:
        """Whether the register's apology came after the last working day before the due date."""
        return self.apologised_on is not None and self.apologised_on > calendar.working_day_before(self.due)


# Columns whose values repeat from row to row: one string object each, however many rows.
_REPEATED = ("procedure", "gender", "address", "field", "channel", "reason")


def _text(value) -> str | None:
    return None if value is None else str(value).strip() or None


def _shared(value) -> str | None:
    text = _text(value)
    return None if text is None else sys.intern(text)


def _flag(value) -> bool | None:
    """``Có``/``x``/a date -> True; ``Không``/empty -> False; anything else -> None (invalid)."""
    if value is None:
        return False
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    key = header_key(value)
    if key in _YES or re.match(r"^\d{1,4}[ ]\d{1,2}[ ]\d{1,4}", key):
        return True
    if key in _NO:
        return False
    return None


def dossier_from_row(register: Register, row: RegisterRow) -> tuple[Dossier | None, list[Problem]]:
    """Return the dossier of ``row`` or the problems that make it invalid (all of them)."""
    values, problems, parsed = row.values, [], {}
    for name, value in values.items():
        complaint = control_character(value) if isinstance(value, str) else None
        if complaint:
            problems.append(register.problem(row, name, complaint))
    for name in ("code", "applicant", "procedure", "received", "due"):
        if values.get(name) is None:
            problems.append(register.problem(row, name, "ô bắt buộc đang trống"))
    for name in ("received", "due", "returned", "reappointed"):
        value = values.get(name)
        if value is None:
            continue
        try:
            parsed[name] = parse_cell_date(value)
        except ValueError as exc:
            problems.append(register.problem(row, name, str(exc)))
    received_time = None
    if values.get("received") is not None or values.get("received_time") is not None:
        try:
            received_time = parse_cell_time(values.get("received_time") or values.get("received"))
        except ValueError as exc:
            problems.append(register.problem(row, "received_time" if values.get("received_time") else "received",
                                             str(exc)))
    apologised = _flag(values.get("apologised"))
    apologised_on = None
    if apologised:
        try:
            apologised_on = parse_cell_date(values["apologised"])
        except ValueError:
            pass  # «Có», «x»: apologised, on a day the register does not say
    if apologised is None:
        problems.append(register.problem(row, "apologised", f"«{values['apologised']}» không rõ (ghi Có/Không hoặc ngày)"))
    if {"received", "due"} <= parsed.keys() and parsed["due"] < parsed["received"]:
        problems.append(register.problem(row, "due", "ngày hẹn trả trước ngày tiếp nhận"))
    if {"received", "returned"} <= parsed.keys() and parsed["returned"] < parsed["received"]:
        problems.append(register.problem(row, "returned", "ngày trả kết quả trước ngày tiếp nhận"))
    if problems:
        return None, problems
    text = {name: _text(values.get(name)) for name in ("code", "applicant", "phone", "email")}
    text.update({name: _shared(values.get(name)) for name in _REPEATED})
    return Dossier(row=row.number, received=parsed["received"], due=parsed["due"], returned=parsed.get("returned"),
                   reappointed=parsed.get("reappointed"), apologised=bool(apologised), apologised_on=apologised_on,
                   received_time=received_time, **text), []


@dataclass
class LoadedRegister:
    """The valid dossiers of a register, the problems of its invalid rows, and who those rows are."""

    file: str
    dossiers: list[Dossier]
    problems: list[Problem]
    invalid_rows: dict  # row number -> (code, applicant) as written


PROGRESS_EVERY = 1000  # rows between two calls of the progress callback


@dataclass(frozen=True)
class RegisterReading:
    """How a register is read: the user's ``--columns`` file, a CSV's encoding, and whether
    invalid rows are skipped (reported) or stop the run."""

    columns_file: Path | None = None
    encoding: str | None = None
    skip_invalid: bool = False


def load_dossiers(path, columns_file=None, encoding: str | None = None, skip_invalid: bool = True,
                  progress=lambda done, total, stage: None, consume=None,
                  as_of: dt.date | None = None) -> LoadedRegister:
    """Read a register file; invalid rows become problems (all of them), never silently dropped.

    Without ``skip_invalid`` any invalid row raises ``InputError`` listing every one of them.
    ``progress(rows, None, "read")`` is called as rows are read (the total is not known).
    ``consume(dossier)``, when given, receives each valid dossier instead of the list keeping it.
    Two rows with the same dossier code are both invalid (one number, one letter per dossier);
    with ``as_of`` (a letter's date), a dossier received or returned after it is invalid."""
    register = load_register(path, load_columns_map(columns_file), encoding)
    loaded = LoadedRegister(register.file, [], [], {})
    keep = consume or loaded.dossiers.append
    seen: dict[str, int] = {}
    rows = 0
    for row in register.rows:
        rows += 1
        if rows % PROGRESS_EVERY == 0:
            progress(rows, None, "read")
        dossier, row_problems = dossier_from_row(register, row)
        if dossier is not None:
            row_problems = _after_letter(register, row, dossier, as_of) + _repeated_code(register, row, dossier,
                                                                                          seen, loaded)
        if row_problems:
            _invalid(loaded, row, row_problems)
        else:
            keep(dossier)
    progress(rows, rows, "read")
    if not rows:
        raise InputError([empty_register_problem(register)])
    if consume is None:
        loaded.dossiers = [d for d in loaded.dossiers if d.row not in loaded.invalid_rows]
    if loaded.problems and not skip_invalid:
        raise InputError(loaded.problems, headline="Sổ theo dõi hồ sơ có dòng lỗi")
    return loaded


def _invalid(loaded: LoadedRegister, row: RegisterRow, problems: list[Problem]) -> None:
    loaded.problems += problems
    loaded.invalid_rows[row.number] = (str(row.values.get("code") or ""), str(row.values.get("applicant") or ""))


def _after_letter(register: Register, row: RegisterRow, dossier: Dossier, as_of: dt.date | None) -> list[Problem]:
    """A date after the letter's that has not come yet is a typing error. One already past
    only means the register is newer than the letter (a letter re-issued for an earlier date):
    the dossier is then judged as it stood on the letter's date (``overdue.judge``)."""
    if as_of is None:
        return []
    found, today = [], dt.date.today()
    for name in ("received", "returned"):
        day = getattr(dossier, name)
        if day is not None and day > as_of and day > today:
            found.append(register.problem(row, name, f"ngày {numeric_date(day)} sau ngày lập phiếu "
                                                     f"({numeric_date(as_of)}) và sau hôm nay; hãy kiểm tra lại sổ "
                                                     f"hoặc --as-of"))
    return found


def _repeated_code(register: Register, row: RegisterRow, dossier: Dossier, seen: dict, loaded) -> list[Problem]:
    """A code met before makes both rows invalid: two letters must never share one dossier."""
    key = dossier.code.strip().upper()
    first, code, applicant = seen.setdefault(key, (row.number, dossier.code, dossier.applicant))
    if first == row.number:
        return []
    if first not in loaded.invalid_rows:
        first_row = RegisterRow(first, {"code": code, "applicant": applicant})
        _invalid(loaded, first_row, [register.problem(first_row, "code", f"mã hồ sơ «{code}» lặp lại ở hàng {row.number}")])
    return [register.problem(row, "code", f"mã hồ sơ «{dossier.code}» đã có ở hàng {first}")]
