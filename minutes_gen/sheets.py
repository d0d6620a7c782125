"""Tables people open in Excel: CSV (UTF-8 with BOM) and XLSX, never with a live formula.

A cell whose text a spreadsheet would read as a formula (leading ``=``, ``+``, ``-``, ``@``,
tab or carriage return) is written with a leading apostrophe, as OWASP advises against CSV
injection; register text such as ``=HYPERLINK(…)`` then stays text.
"""

import csv
import datetime as dt
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
MAX_WIDTH = 70


def safe_cell(value):
    """``value`` unchanged, unless it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(headers: list[str], rows) -> bytes:
    """CSV (Excel dialect, UTF-8 with BOM so that Excel reads the accents) of ``rows``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(headers: list[str], rows: list, title: str = "Danh sách") -> bytes:
    """An .xlsx of ``rows``: bold header row, frozen, with a filter; dates as dates; columns
    sized to their longest text. Written in openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    longest = [len(str(h)) for h in headers]
    for row in rows:
        longest = [max(width, len(str(value))) for width, value in zip(longest, row)]
    for index, width in enumerate(longest, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), MAX_WIDTH)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(value, (dt.date, dt.datetime)):
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
