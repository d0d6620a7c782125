"""Dossier registers exported by one-stop software: .xlsx (read-only) or .csv.

Columns are found by their header, ignoring case, accents, spacing and punctuation, among
the synonyms below (or a user's ``--columns`` map). The header row may sit below a title
block: it is looked for in the first 15 rows.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.sources.limits import Limits, cell_too_long, limits
from minutes_gen.vn.numbers import grouped
from minutes_gen.sources.dossier_columns import COLUMNS, REQUIRED, header_key
from minutes_gen.sources.xlsx_parts import XlsxLimit
from minutes_gen.sources.xlsx_stream import XlsxReader
from minutes_gen.vn.text import nfc

HEADER_SEARCH_ROWS = 15


@dataclass
class RegisterRow:
    """One data row: its number in the file (1-based, as Excel shows it) and its raw values."""

    number: int
    values: dict


@dataclass
class Register:
    """A register being read: which header each field was found under, and its data rows,
    read one at a time as ``rows`` is iterated (a register of any size reads in flat memory)."""

    file: str
    headers: dict
    header_row: int
    rows: Iterator[RegisterRow]

    def problem(self, row: RegisterRow, field_name: str, message: str) -> Problem:
        """Return a problem at ``row``, in the column of ``field_name``."""
        return Problem(self.file, message, row=row.number, column=self.headers.get(field_name))


def _synonyms(columns_map: dict | None) -> dict:
    synonyms = {name: {header_key(s) for s in names} for name, (_, names) in COLUMNS.items()}
    for name, header in (columns_map or {}).items():
        synonyms[name] = {header_key(header)}
    return synonyms


def _match_header(cells: list, synonyms: dict) -> dict:
    """Return field -> column index for the cells of one row."""
    found = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        for name, keys in synonyms.items():
            if key in keys and name not in found:
                found[name] = index
    return found


def _read_rows(path: Path, encoding: str | None, limits: Limits):
    """The file's rows as lists of values, from row 1 (empty rows included), within ``limits``."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return bounded_rows(_xlsx_rows(path, limits), limits, str(path))
    if suffix in (".csv", ".txt"):
        return bounded_rows(_csv_rows(path, encoding, limits), limits, str(path))
    raise InputError([Problem(str(path), "chỉ đọc được tệp .xlsx hoặc .csv (tệp .xls cũ: mở bằng Excel và lưu lại dạng .xlsx)")])


SHEET_ROWS = 1_048_576  # Excel's last row: no real register goes past it


def bounded_rows(numbered, limits: Limits, file: str):
    """Rows 1, 2, 3 … from ``(number, values)`` pairs (rows left out are empty), ending where
    ``limits.empty_rows`` empty rows follow each other. Data further down, data past
    ``limits.rows``, or rows past Excel's last row are an ``InputError`` naming the row:
    nothing is silently dropped, and a file of millions of empty rows ends quickly."""
    produced = empty_run = 0
    for number, cells in numbered:
        filled = any(value not in (None, "") for value in cells)
        _check_row_number(file, number, filled, limits)
        gap = number - produced - 1  # rows the file leaves out are empty rows
        run = empty_run + gap + (0 if filled else 1)
        if run >= limits.empty_rows:  # the table has ended
            if filled:
                _data_after_gap(file, number, limits)
            _ensure_nothing_after(numbered, limits, file)
            return
        for _ in range(gap):
            yield []
        empty_run, produced = (0 if filled else run), number
        yield cells


def _check_row_number(file: str, number: int, filled: bool, limits: Limits) -> None:
    if number > SHEET_ROWS:
        raise InputError([Problem(file, f"có hàng số {grouped(number)}, quá hàng cuối của bảng tính ({grouped(SHEET_ROWS)}): "
                                        "tệp bị hỏng hoặc bị làm giả", row=number)],
                         headline="Sổ theo dõi hồ sơ vượt giới hạn")
    if filled and number > limits.rows:
        raise InputError([Problem(file, f"sổ có hơn {grouped(limits.rows)} dòng dữ liệu, vượt giới hạn đọc", row=number)],
                         headline="Sổ theo dõi hồ sơ vượt giới hạn")


def _data_after_gap(file: str, row: int, limits: Limits):
    raise InputError([Problem(file, f"có dữ liệu sau hơn {grouped(limits.empty_rows)} dòng trống liền nhau; hãy xóa "
                                    "các dòng trống giữa sổ rồi chạy lại", row=row)],
                     headline="Sổ theo dõi hồ sơ có khoảng trống lớn")


def _ensure_nothing_after(numbered, limits: Limits, file: str) -> None:
    """Read on past the end of the table (at most a sheet's worth of rows) to be sure no data follows."""
    for count, (number, cells) in enumerate(numbered, start=1):
        filled = any(value not in (None, "") for value in cells)
        _check_row_number(file, number, filled, limits)
        if filled:
            _data_after_gap(file, number, limits)
        if count > SHEET_ROWS:
            raise InputError([Problem(file, f"tệp có hơn {grouped(SHEET_ROWS)} dòng trống: tệp bị hỏng hoặc bị làm giả")],
                             headline="Sổ theo dõi hồ sơ vượt giới hạn")


def _xlsx_rows(path: Path, limits: Limits):
    name = str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InputError([Problem(name, _os_message(exc))]) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError([Problem(name, "tệp Excel được bảo vệ bằng mật khẩu hoặc là định dạng .xls cũ; "
                                        "hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx")])
    try:
        reader = XlsxReader(path, limits)
    except XlsxLimit as limit:
        raise _limit_error(name, limit) from None
    try:
        yield from reader.numbered_rows()
    except XlsxLimit as limit:
        raise _limit_error(name, limit) from None
    finally:
        reader.close()


def _limit_error(file: str, limit: XlsxLimit) -> InputError:
    return InputError([Problem(file, str(limit), row=limit.row, column=limit.column)],
                      headline="Không đọc được sổ theo dõi hồ sơ")


def _csv_rows(path: Path, encoding: str | None, limits: Limits):
    """``(line number, values)`` of a CSV, read as a stream within the limits."""
    name = str(path)
    try:
        size = path.stat().st_size
        handle = open(path, encoding=encoding or "utf-8-sig", newline="", errors="strict")
    except OSError as exc:
        raise InputError([Problem(name, _os_message(exc))]) from None
    except LookupError:
        raise InputError([Problem(name, f"không biết bảng mã «{encoding}»")]) from None
    if size > limits.csv_bytes:
        handle.close()
        raise InputError([Problem(name, f"tệp quá lớn (tối đa {limits.csv_bytes // (1024 * 1024)} MB)")])
    reader = None
    try:
        sample = handle.read(8192)
        handle.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        previous = csv.field_size_limit(limits.cell_chars + 1)
        try:
            reader = csv.reader(handle, dialect)
            for cells in reader:
                if any(len(cell) > limits.cell_chars for cell in cells):
                    raise InputError([Problem(name, cell_too_long(limits),
                                              row=reader.line_num)], headline="Không đọc được sổ theo dõi hồ sơ")
                yield reader.line_num, cells
        finally:
            csv.field_size_limit(previous)
    except UnicodeDecodeError:
        line = (reader.line_num + 1) if reader is not None else 1
        hint = "; nếu tệp dùng bảng mã Windows-1258, thêm tùy chọn --encoding cp1258" if not encoding else ""
        raise InputError([Problem(name, f"tệp không đúng bảng mã {encoding or 'UTF-8'}{hint}", line=line)]) from None
    except csv.Error as error:
        line = reader.line_num if reader is not None else 1
        raise InputError([Problem(name, _csv_problem(str(error), limits), line=line)],
                         headline="Không đọc được sổ theo dõi hồ sơ") from None
    finally:
        handle.close()


def _csv_problem(text: str, limits: Limits) -> str:
    if "field larger" in text:
        return cell_too_long(limits)
    if "NUL" in text or "null" in text.lower():
        return "tệp có ký tự NUL: không phải tệp CSV văn bản"
    return "tệp CSV sai cấu trúc (dấu ngoặc kép không đóng?)"


def _os_message(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "không tìm thấy tệp"
    return f"không đọc được tệp ({exc.strerror})"


def _clean(value):
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def load_register(path: Path, columns_map: dict | None = None, encoding: str | None = None) -> Register:
    """Read a register; raise ``InputError`` when its columns cannot be found or it is empty."""
    path = Path(path)
    synonyms = _synonyms(columns_map)
    rows = _read_rows(path, encoding, limits())
    best: tuple[int, dict, list] = (0, {}, [])
    header_row = None
    for number, cells in enumerate(rows, start=1):
        found = _match_header(cells, synonyms)
        if len(found) > len(best[1]) or (not best[2] and any(c not in (None, "") for c in cells)):
            best = (number, found, cells)
        if all(name in found for name in REQUIRED):
            header_row = number
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header_row is None:
        raise InputError([_missing_columns_problem(str(path), best)], headline="Không tìm thấy cột cần thiết")
    _, columns, header_cells = best
    headers = {name: nfc(str(header_cells[i])).strip() for name, i in columns.items()}
    return Register(str(path), headers, header_row, _data_rows(rows, columns, header_row))


def _data_rows(rows, columns: dict, header_row: int) -> Iterator[RegisterRow]:
    for number, cells in enumerate(rows, start=header_row + 1):
        values = {name: _clean(cells[i]) if i < len(cells) else None for name, i in columns.items()}
        if any(value is not None for value in values.values()):
            yield RegisterRow(number, values)


def empty_register_problem(register: Register) -> Problem:
    """The problem of a register with a header and no data under it."""
    return Problem(register.file, "sổ theo dõi không có dòng dữ liệu nào dưới dòng tiêu đề", row=register.header_row)


def _missing_columns_problem(file: str, best) -> Problem:
    number, found, cells = best
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
    seen = [str(cell) for cell in cells if cell not in (None, "")]
    if not seen:
        return Problem(file, "không tìm thấy dòng tiêu đề trong 15 dòng đầu (tệp rỗng?)")
    return Problem(file, f"thiếu cột {', '.join('«' + m + '»' for m in missing)}; các tiêu đề tìm thấy: "
                         f"{', '.join('«' + s + '»' for s in seen)}. Dùng --columns để chỉ tên cột",
                   row=number or None)
