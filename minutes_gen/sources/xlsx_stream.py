"""A bounded, streaming reader of the first sheet of an .xlsx: rows come one at a time, and
a crafted file stops at a limit with a Vietnamese message instead of exhausting the machine.

openpyxl reads the whole shared-strings table and every cell's text before it can be
checked; here the XML parts are fed to expat in small chunks, so a 1 GiB cell, 20 million
shared strings or 10 million empty rows are caught as they are met (``Limits``). The
parts' declared sizes are checked before anything is unpacked (zipfile never unpacks more
than a part declares), DTDs are refused, and values come out as openpyxl gives them with
``data_only=True``: numbers, text, booleans, cached formula results, and dates for numbers
whose style is a date format.
"""

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from minutes_gen.sources.limits import Limits, cell_too_long
from minutes_gen.vn.numbers import grouped

CHUNK = 64 * 1024
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DATE_FORMAT_IDS = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}
_EPOCH = dt.datetime(1899, 12, 30)


class XlsxLimit(Exception):
    """A limit was reached or the file is not a usable workbook; ``row``/``column`` where known."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.row, self.column = row, column


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(reference: str) -> int | None:
    match = re.match(r"([A-Z]{1,3})", reference or "")
    if not match:
        return None
    index = 0
    for letter in match.group(1):
        index = index * 26 + ord(letter) - 64
    return index - 1


class _Parser:
    """expat with namespaces, no DTD, fed chunk by chunk from a zip member."""

    def __init__(self, start, end, text=None):
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.StartElementHandler = start
        self.parser.EndElementHandler = end
        if text is not None:
            self.parser.CharacterDataHandler = text
        self.parser.StartDoctypeDeclHandler = self._no_dtd

    @staticmethod
    def _no_dtd(*_):
        raise XlsxLimit("tệp Excel chứa khai báo DTD, không được chấp nhận")

    def feed(self, archive: zipfile.ZipFile, name: str) -> None:
        try:
            with archive.open(name) as member:
                while chunk := member.read(CHUNK):
                    self.parser.Parse(chunk, False)
                self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise XlsxLimit(f"phần «{name}» của tệp Excel bị hỏng ({expat.ErrorString(error.code)}, "
                            f"dòng {error.lineno})") from None
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError):
            raise XlsxLimit(f"phần «{name}» của tệp Excel không giải nén được (tệp bị hỏng)") from None


class XlsxReader:
    """The rows of the active sheet of ``path``, as lists of values (``rows()``)."""

    def __init__(self, path, limits: Limits):
        self.limits = limits
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise XlsxLimit("tệp Excel bị hỏng hoặc không phải tệp .xlsx") from None
        try:
            self._check_sizes()
            self.sheet = self._active_sheet()
            self.date_styles = self._date_styles()
            self.strings = self._shared_strings()
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _check_sizes(self) -> None:
        members = self.archive.infolist()
        if len(members) > 10_000:
            raise XlsxLimit("tệp Excel có quá nhiều thành phần (trên 10.000)")
        total = sum(member.file_size for member in members)
        if total > self.limits.unpacked_bytes:
            raise XlsxLimit(f"tệp Excel khi giải nén lớn {grouped(total // 1_000_000)} MB, vượt giới hạn "
                            f"{grouped(self.limits.unpacked_bytes // 1_000_000)} MB")
        self.sizes = {member.filename: member.file_size for member in members}

    def _parse_small(self, name: str, start) -> None:
        """Parse a part that a real workbook keeps small (workbook, relations, styles)."""
        if name not in self.sizes:
            return
        if self.sizes[name] > self.limits.part_bytes:
            raise XlsxLimit(f"phần «{name}» của tệp Excel quá lớn")
        _Parser(start, lambda tag: None).feed(self.archive, name)

    def _active_sheet(self) -> str:
        sheets, active = [], [0]

        def workbook(tag, attrs):
            if tag == f"{MAIN}}}sheet":
                sheets.append(attrs.get(f"{OFFICE_RELS}}}id"))
            elif tag == f"{MAIN}}}workbookView":
                active[0] = int(attrs.get("activeTab", "0") or 0) if str(attrs.get("activeTab", "0")).isdigit() else 0

        self._parse_small("xl/workbook.xml", workbook)
        targets = {}

        def relations(tag, attrs):
            if tag == f"{RELS}}}Relationship":
                targets[attrs.get("Id")] = attrs.get("Target", "")

        self._parse_small("xl/_rels/workbook.xml.rels", relations)
        if not sheets:
            raise XlsxLimit("tệp Excel không có trang tính nào")
        target = targets.get(sheets[min(active[0], len(sheets) - 1)], "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if name not in self.sizes or ".." in name.split("/"):
            raise XlsxLimit("tệp Excel bị hỏng: không tìm thấy trang tính đang mở")
        return name

    def _date_styles(self) -> set[int]:
        """Indexes of the cell styles whose number format is a date."""
        custom, styles, in_xfs = {}, [], [False]

        def start(tag, attrs):
            if tag == f"{MAIN}}}numFmt":
                custom[attrs.get("numFmtId")] = attrs.get("formatCode", "")
            elif tag == f"{MAIN}}}cellXfs":
                in_xfs[0] = True
            elif tag == f"{MAIN}}}xf" and in_xfs[0]:
                styles.append(attrs.get("numFmtId", "0"))

        self._parse_small("xl/styles.xml", start)
        return {index for index, fmt in enumerate(styles) if _is_date_format(fmt, custom.get(fmt))}

    def _shared_strings(self) -> list[str]:
        name = "xl/sharedStrings.xml"
        strings: list[str] = []
        if name not in self.sizes:
            return strings
        state = {"in_si": False, "in_t": False, "skip": 0, "parts": [], "length": 0, "total": 0}
        limits = self.limits

        def start(tag, attrs):
            if tag == f"{MAIN}}}si":
                state.update(in_si=True, parts=[], length=0)
            elif tag == f"{MAIN}}}rPh":
                state["skip"] += 1  # phonetic guides are not part of the text
            elif tag == f"{MAIN}}}t" and state["in_si"] and not state["skip"]:
                state["in_t"] = True

        def end(tag):
            if tag == f"{MAIN}}}t":
                state["in_t"] = False
            elif tag == f"{MAIN}}}rPh":
                state["skip"] -= 1
            elif tag == f"{MAIN}}}si":
                state["in_si"] = False
                if len(strings) >= limits.shared_strings:
                    raise XlsxLimit(f"tệp Excel có hơn {grouped(limits.shared_strings)} chuỗi văn bản khác nhau, "
                                    "vượt giới hạn")
                # a text over the cell limit is kept as a marker; the cell that uses it is named
                strings.append(None if state["length"] > limits.cell_chars else "".join(state["parts"]) or "")

        def text(data):
            if state["in_t"]:
                state["length"] += len(data)
                state["total"] += len(data)
                if state["total"] > limits.shared_chars:
                    raise XlsxLimit(f"các chuỗi văn bản của tệp Excel dài hơn {grouped(limits.shared_chars)} ký tự, "
                                    "vượt giới hạn")
                if state["length"] <= limits.cell_chars:
                    state["parts"].append(data)

        _Parser(start, end, text).feed(self.archive, name)
        return strings

    def numbered_rows(self) -> Iterator[tuple[int, list]]:
        """``(row number, values)`` of every row the sheet writes, in order (empty rows it
        leaves out are not given: see ``register.bounded_rows``)."""
        return _SheetRows(self).numbered_rows()


class _SheetRows:
    """The sheet's XML turned into rows of values, a chunk at a time."""

    def __init__(self, reader: XlsxReader):
        self.reader, self.limits = reader, reader.limits
        self.ready: list[tuple[int, list]] = []
        self.cell = None     # (column index, type, style) of the cell being read
        self.value: list[str] = []
        self.length = 0
        self.in_value = False
        self.row_number = 0
        self.row: dict[int, object] = {}

    def numbered_rows(self) -> Iterator[tuple[int, list]]:
        return self._feed(_Parser(self.start, self.end, self.text))

    def _feed(self, parser: _Parser) -> Iterator[tuple[int, list]]:
        archive = self.reader.archive
        try:
            with archive.open(self.reader.sheet) as member:
                while chunk := member.read(CHUNK):
                    parser.parser.Parse(chunk, False)
                    yield from self._take()
                parser.parser.Parse(b"", True)
                yield from self._take()
        except expat.ExpatError as error:
            raise XlsxLimit(f"trang tính của tệp Excel bị hỏng ({expat.ErrorString(error.code)}, dòng {error.lineno})",
                            row=self.row_number or None) from None
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError):
            raise XlsxLimit("trang tính của tệp Excel không giải nén được (tệp bị hỏng)") from None

    def _take(self):
        ready, self.ready = self.ready, []
        return ready

    def start(self, tag, attrs):
        if tag == f"{MAIN}}}row":
            number = attrs.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            self.row = {}
        elif tag == f"{MAIN}}}c":
            index = _column_index(attrs.get("r", ""))
            if index is None:
                index = max(self.row, default=-1) + 1
            if index > 16_383:
                raise XlsxLimit("ô nằm ngoài bảng tính (quá cột XFD)", row=self.row_number)
            style = attrs.get("s", "0")
            self.cell = (index, attrs.get("t", "n"), int(style) if style.isdigit() else 0)
            self.value, self.length = [], 0
        elif tag in (f"{MAIN}}}v", f"{MAIN}}}t") and self.cell is not None:
            self.in_value = True
        elif tag == f"{MAIN}}}rPh":
            self.in_value = False

    def end(self, tag):
        if tag in (f"{MAIN}}}v", f"{MAIN}}}t"):
            self.in_value = False
        elif tag == f"{MAIN}}}c" and self.cell is not None:
            index, kind, style = self.cell
            self.row[index] = self._value(kind, style, "".join(self.value), index)
            self.cell = None
        elif tag == f"{MAIN}}}row":
            width = max(self.row, default=-1) + 1
            self.ready.append((self.row_number, [self.row.get(i) for i in range(width)]))
            self.row = {}

    def text(self, data):
        if self.in_value:
            self.length += len(data)
            if self.length > self.limits.cell_chars:
                raise XlsxLimit(cell_too_long(self.limits),
                                row=self.row_number, column=_column_letters(self.cell[0]))
            self.value.append(data)

    def _value(self, kind: str, style: int, text: str, index: int):
        if kind == "s":
            strings = self.reader.strings
            if not text.strip().isdigit() or int(text) >= len(strings):
                raise XlsxLimit("ô trỏ tới chuỗi văn bản không có (tệp bị hỏng)", row=self.row_number,
                                column=_column_letters(index))
            value = strings[int(text)]
            if value is None:  # the marker of a text over the cell limit
                raise XlsxLimit(cell_too_long(self.limits),
                                row=self.row_number, column=_column_letters(index))
            return value or None
        if kind in ("inlineStr", "str", "e"):
            return text or None
        if kind == "b":
            return text.strip() == "1"
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text.strip())
            except ValueError:
                return text
        if text == "":
            return None
        return _number(text, style in self.reader.date_styles)


def _number(text: str, is_date: bool):
    try:
        number = float(text)
    except ValueError:
        return text
    if is_date and 0 <= number < 2_958_466:  # up to 31/12/9999; to the nearest second, as Excel shows it
        return _EPOCH + dt.timedelta(seconds=round(number * 86_400))
    if number.is_integer() and "." not in text and "E" not in text.upper():
        return int(text)
    return number


def _is_date_format(format_id: str, code: str | None) -> bool:
    if code is None:
        return format_id.isdigit() and int(format_id) in _DATE_FORMAT_IDS
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code).lower()  # quoted text, escapes, colours
    return bool(re.search(r"[dmy]", plain)) and not re.fullmatch(r"[#0.,%\s]*", plain)
