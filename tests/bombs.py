"""Crafted registers: small files that would exhaust a naive reader; templates whose rendering
cannot finish (tests of the limits)."""

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                 '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                 'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                 'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
             '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.'
            'org/officeDocument/2006/relationships"><sheets><sheet name="So" sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
# The limits the template tests set (MINUTES_GEN_LIMITS), and templates that pass every static check
# but cannot be rendered within them: name -> (text, what the refusal says).
TEMPLATE_LIMITS = "render_seconds=3,render_memory_mb=600"
UNFINISHED = {
    "range": ("{% for i in range(10**9) %}x{% endfor %}", "range() quá lớn"),
    "text": ('{{ "A"*10**12 }}', "chuỗi hoặc danh sách quá dài"),
    "tower": ("{{ 9**9**9 }}", "lũy thừa quá lớn"),
    "nested": ("{% for a in range(10**5) %}{% for b in range(10**5) %}{% endfor %}{% endfor %}", "chạy quá 3 giây"),
    "memory": ("{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
               "{{ ns.s|length }}", "cần quá 600 MB bộ nhớ"),
}
HEADER = ["Mã hồ sơ", "Họ và tên", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả"]


def _cell(column: str, row: int, text: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> bytes:
    return ("<row r=\"1\">" + "".join(_cell(chr(65 + i), 1, h) for i, h in enumerate(HEADER)) + "</row>").encode()


def data_row(number: int) -> bytes:
    values = [f"HS-{number}", "Nguyễn Văn A", "Thủ tục", "01/06/2023", "12/06/2023", ""]
    return ("<row r=\"%d\">" % number + "".join(_cell(chr(65 + i), number, v) for i, v in enumerate(values) if v)
            + "</row>").encode()


def write_xlsx(path: Path, sheet_chunks, shared_chunks=None, workbook: str = WORKBOOK, level: int = 6) -> Path:
    """An .xlsx whose sheet (and shared strings) are streamed from byte chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet_chunks), ("xl/sharedStrings.xml", shared_chunks)):
            if chunks is None:
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)
    return path


def sheet(*rows) -> list[bytes]:
    return [f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode(), *rows,
            b"</sheetData></worksheet>"]


def repeated(piece: bytes, total_bytes: int, block: int = 1 << 20):
    """``piece`` repeated up to about ``total_bytes``, in blocks."""
    unit = piece * max(1, block // len(piece))
    for _ in range(max(1, total_bytes // len(unit))):
        yield unit


def huge_cell(path: Path, size: int) -> Path:
    """A header, then one cell of ``size`` characters."""
    return write_xlsx(path, sheet(header_row(), b'<row r="2"><c r="A2" t="inlineStr"><is><t>',
                                  *repeated(b"A", size), b"</t></is></c></row>"))


def many_shared_strings(path: Path, count: int) -> Path:
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    return write_xlsx(path, sheet(header_row(), data_row(2)),
                      [head, *repeated(b"<si><t>a</t></si>", count * 17), b"</sst>"])


def many_empty_rows(path: Path, count: int) -> Path:
    def rows():
        block = []
        for number in range(3, count + 3):
            block.append(b'<row r="%d"/>' % number)
            if len(block) == 100_000:
                yield b"".join(block)
                block = []
        yield b"".join(block)

    return write_xlsx(path, sheet(header_row(), data_row(2), *rows()))
