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

import posixpath
import zipfile
from collections.abc import Iterator

from minutes_gen.sources.limits import Limits
from minutes_gen.sources.xlsx_parts import MAIN, OFFICE_RELS, RELS, ChunkParser, XlsxLimit, is_date_format
from minutes_gen.sources.xlsx_sheet import SheetRows
from minutes_gen.vn.numbers import grouped


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
        ChunkParser(start, lambda tag: None).feed(self.archive, name)

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
        return {index for index, fmt in enumerate(styles) if is_date_format(fmt, custom.get(fmt))}

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

        ChunkParser(start, end, text).feed(self.archive, name)
        return strings

    def numbered_rows(self) -> Iterator[tuple[int, list]]:
        """``(row number, values)`` of every row the sheet writes, in order (empty rows it
        leaves out are not given: see ``register.bounded_rows``)."""
        return SheetRows(self).numbered_rows()
