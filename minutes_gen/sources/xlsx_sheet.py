"""The rows of one worksheet, streamed: each row's cells as openpyxl gives them with
``data_only=True``, a cell over the limits stopped where it is met."""

import datetime as dt
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from minutes_gen.sources.limits import cell_too_long
from minutes_gen.sources.xlsx_parts import CHUNK, MAIN, XlsxLimit, column_index, column_letters, cell_number, ChunkParser


class SheetRows:
    """The sheet's XML turned into rows of values, a chunk at a time."""

    def __init__(self, reader):  # an xlsx_stream.XlsxReader
        self.reader, self.limits = reader, reader.limits
        self.ready: list[tuple[int, list]] = []
        self.cell = None     # (column index, type, style) of the cell being read
        self.value: list[str] = []
        self.length = 0
        self.in_value = False
        self.row_number = 0
        self.row: dict[int, object] = {}

    def numbered_rows(self) -> Iterator[tuple[int, list]]:
        return self._feed(ChunkParser(self.start, self.end, self.text))

    def _feed(self, parser: ChunkParser) -> Iterator[tuple[int, list]]:
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
            index = column_index(attrs.get("r", ""))
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
                                row=self.row_number, column=column_letters(self.cell[0]))
            self.value.append(data)

    def _value(self, kind: str, style: int, text: str, index: int):
        if kind == "s":
            strings = self.reader.strings
            if not text.strip().isdigit() or int(text) >= len(strings):
                raise XlsxLimit("ô trỏ tới chuỗi văn bản không có (tệp bị hỏng)", row=self.row_number,
                                column=column_letters(index))
            value = strings[int(text)]
            if value is None:  # the marker of a text over the cell limit
                raise XlsxLimit(cell_too_long(self.limits),
                                row=self.row_number, column=column_letters(index))
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
        return cell_number(text, style in self.reader.date_styles)
