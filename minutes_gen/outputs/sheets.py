"""Tables people open in Excel: CSV (UTF-8 with BOM) and XLSX, never with a live formula.

A cell whose text a spreadsheet would read as a formula (leading ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is written with a leading apostrophe, as OWASP advises against CSV
injection; register text such as ``=HYPERLINK(…)`` then stays text.
"""

import csv
import datetime as dt
import io
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
MAX_WIDTH = 70


_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t]\s*)(?=[=+\-@])")


def safe_cell(value):
    """``value`` unchanged, unless it is text a spreadsheet would take for a formula: one that
    starts like a formula, or has one after a comma or semicolon (Excel on a Vietnamese Windows
    splits a CSV line at «;», so each piece starts a cell of its own). Such a start is quoted
    with «'», which spreadsheets show as text."""
    if not isinstance(value, str):
        return value
    value = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv_rows(handle, headers: list[str], rows) -> None:
    """CSV rows (Excel dialect) written to an open text file as they come."""
    writer = csv.writer(handle)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])


def csv_bytes(headers: list[str], rows) -> bytes:
    """CSV (Excel dialect, UTF-8 with BOM so that Excel reads the accents) of ``rows``."""
    buffer = io.StringIO()
    write_csv_rows(buffer, headers, rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(headers: list[str], rows, title: str = "Danh sách") -> bytes:
    """An .xlsx of ``rows``: bold header row, frozen, with a filter; dates as dates; columns
    sized to their longest text; text cells as inline strings (never formulas). Written
    directly as SpreadsheetML; ``rows`` may be a function returning a fresh iterator (it is
    read twice, for the widths and for the cells), so that no list of every row is built and
    the sheet is compressed as it is written (a manifest of 50,000 rows stays small in memory)."""
    from xml.sax.saxutils import escape

    from minutes_gen.engine.zipwriter import build_zip, compress, compress_chunks

    fresh = rows if callable(rows) else (lambda: iter(rows))
    longest, count = [len(str(h)) for h in headers], 0
    for count, row in enumerate(fresh(), start=1):
        longest = [max(width, len(str(value))) for width, value in zip(longest, row)]
    letters = [_column_letter(i) for i in range(1, len(headers) + 1)]
    columns = "".join(f'<col min="{i}" max="{i}" width="{min(max(w + 2, 8), MAX_WIDTH)}" customWidth="1"/>'
                      for i, w in enumerate(longest, start=1))

    def cell(reference: str, value, style: int = 0) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, (dt.date, dt.datetime)):
            day = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
            serial = (day - _EXCEL_EPOCH).total_seconds() / 86400
            return f'<c r="{reference}" s="2"><v>{serial:g}</v></c>'
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f'<c r="{reference}"><v>{value}</v></c>'
        text = escape(_xml_text(str(safe_cell(value))))
        space = ' xml:space="preserve"' if text != text.strip() else ""
        styled = f' s="{style}"' if style else ""
        return f'<c r="{reference}" t="inlineStr"{styled}><is><t{space}>{text}</t></is></c>'

    def sheet_chunks():
        yield (f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">'
               f'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
               f'<cols>{columns}</cols><sheetData>'
               f'<row r="1">{"".join(cell(f"{letter}1", str(h), 1) for letter, h in zip(letters, headers))}</row>')
        for number, row in enumerate(fresh(), start=2):
            yield f'<row r="{number}">{"".join(cell(f"{letter}{number}", v) for letter, v in zip(letters, row))}</row>'
        yield f'</sheetData><autoFilter ref="A1:{letters[-1]}{count + 1}"/></worksheet>'

    workbook = (f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
                f'<sheet name="{escape(title)}" sheetId="1" r:id="rId1"/></sheets>'
                f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
                f"'{escape(title)}'!$A$1:${letters[-1]}${count + 1}</definedName></definedNames></workbook>")
    parts = [("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
             ("xl/styles.xml", _STYLES)]
    members = [compress(name, text.encode("utf-8")) for name, text in parts]
    members.append(compress_chunks("xl/worksheets/sheet1.xml", (chunk.encode("utf-8") for chunk in sheet_chunks())))
    return build_zip(members)


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
_ROOT_RELS = (f'{_XML}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
              f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK_RELS = (f'{_XML}<Relationships xmlns="{_PKG_REL}">'
                  f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                  f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
# cell styles: 0 plain, 1 bold (header), 2 date dd/mm/yyyy
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    '</numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xml_text(text: str) -> str:
    """XML 1.0 cannot hold most control characters: they are dropped from a spreadsheet cell."""
    return "".join(char for char in text if char in "\t\n\r" or ord(char) >= 0x20)
