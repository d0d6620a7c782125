"""The ND30 rules (../shared/reference/nd30-format.md), one function each, checked on any .docx.

Each rule returns findings: (rule name, message, where). Text holding template tags
(``{{ … }}``) is not checked for content, only for formatting, so templates lint too.
"""

import re

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from minutes_gen.lint.reading import (
    all_paragraphs,
    flag,
    font_name,
    font_size,
    paragraph_value,
    text_runs,
)

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TYPE_NAMES = ("BIÊN BẢN", "THÔNG BÁO", "PHIẾU XIN LỖI", "VĂN BẢN XIN LỖI", "QUYẾT ĐỊNH", "BÁO CÁO", "KẾ HOẠCH", "TỜ TRÌNH",
              "CHƯƠNG TRÌNH", "HƯỚNG DẪN")
_TAG = re.compile(r"{[{%#]")
_NUMBER = re.compile(r"^Số:\s*(?P<number>\S*?)\s*/\s*(?P<symbol>\S+)$")
_SYMBOL = re.compile(r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)+$")
_DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
_EMU_PER_MM = 36000


def _where(paragraph) -> str:
    text = " ".join(paragraph.text.split())
    return f"đoạn «{text[:60]}{'…' if len(text) > 60 else ''}»"


def _mm(length) -> float:
    return round(length / _EMU_PER_MM, 1)


def _templated(text: str) -> bool:
    return bool(_TAG.search(text))


def page_setup(document) -> list:
    """A4 portrait; margins top 20–25, bottom 20–25, left 30–35, right 15–20 mm."""
    findings = []
    for index, section in enumerate(document.sections, start=1):
        where = f"phần {index}"
        width, height = _mm(section.page_width), _mm(section.page_height)
        if abs(width - 210) > 1 or abs(height - 297) > 1 or section.orientation != WD_ORIENT.PORTRAIT:
            findings.append(("khổ giấy", f"khổ {width} × {height} mm, phải là A4 đứng 210 × 297 mm", where))
        for name, low, high in (("top", 20, 25), ("bottom", 20, 25), ("left", 30, 35), ("right", 15, 20)):
            value = _mm(getattr(section, f"{name}_margin"))
            if not low - 0.2 <= value <= high + 0.2:
                label = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}[name]
                findings.append(("lề", f"lề {label} {value} mm, phải từ {low} đến {high} mm", where))
    return findings


def fonts(document) -> list:
    """Times New Roman in every run, body, tables, headers and footers."""
    findings = []
    containers = [("nội dung", all_paragraphs(document))]
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if not header.is_linked_to_previous:
                containers.append(("đầu/chân trang", header.paragraphs))
    for label, paragraphs in containers:
        for paragraph in paragraphs:
            for run in text_runs(paragraph):
                name = font_name(run, paragraph, document)
                if name != FONT:
                    shown = f"«{name}»" if name else "không đặt (theo phông chủ đề của Word)"
                    findings.append(("phông chữ", f"phông {shown}, phải là {FONT} ({label})", _where(paragraph)))
                    break
    return findings


def language(document) -> list:
    """Language vi-VN in the document defaults."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(".//" + qn("w:lang")) if defaults is not None else None
    value = lang.get(qn("w:val")) if lang is not None else None
    return [] if value == "vi-VN" else [("ngôn ngữ", f"ngôn ngữ mặc định «{value}», phải là vi-VN", "kiểu mặc định")]


def _header_cells(document):
    if not document.tables or len(document.tables[0].rows[0].cells) < 2:
        return None
    cells = document.tables[0].rows[0].cells
    return cells[0], cells[-1]


def _check_look(paragraph, document, rule, sizes, bold, italic=False) -> list:
    findings = []
    for run in text_runs(paragraph):
        size = font_size(run, paragraph, document)
        if size is None or not sizes[0] <= size <= sizes[1]:
            findings.append((rule, f"cỡ chữ {size}, phải từ {sizes[0]} đến {sizes[1]}", _where(paragraph)))
        if flag(run, paragraph, "bold") != bold:
            findings.append((rule, "phải in đậm" if bold else "không được in đậm", _where(paragraph)))
        if flag(run, paragraph, "italic") != italic:
            findings.append((rule, "phải in nghiêng" if italic else "phải đứng (không nghiêng)", _where(paragraph)))
        if findings:
            break
    return findings


def header_block(document) -> list:
    """Quốc hiệu, Tiêu ngữ, agency name, number and place-date as Phụ lục I sets them."""
    cells = _header_cells(document)
    if cells is None:
        return [("phần đầu", "không thấy bảng hai cột ở đầu văn bản (cơ quan | Quốc hiệu)", "đầu văn bản")]
    left, right = cells
    findings = []
    right_texts = {p.text.strip(): p for p in right.paragraphs if p.text.strip()}
    title, motto = right_texts.get(NATIONAL_TITLE), right_texts.get(MOTTO)
    if title is None:
        findings.append(("Quốc hiệu", f"không thấy dòng «{NATIONAL_TITLE}» trên một dòng riêng", "ô bên phải"))
    else:
        findings += _check_look(title, document, "Quốc hiệu", (12, 13), bold=True)
    if motto is None:
        findings.append(("Tiêu ngữ", f"không thấy dòng «{MOTTO}»", "ô bên phải"))
    else:
        findings += _check_look(motto, document, "Tiêu ngữ", (13, 14), bold=True)
        if not any(flag(run, motto, "underline") for run in text_runs(motto)) and not _has_border(right):
            findings.append(("Tiêu ngữ", "thiếu đường kẻ dưới Tiêu ngữ", _where(motto)))
    findings += _agency_and_number(left, document)
    for paragraph in right.paragraphs:
        if _DATE.search(paragraph.text) or ("ngày" in paragraph.text and _templated(paragraph.text)):
            findings += _check_look(paragraph, document, "địa danh, ngày tháng", (13, 14), bold=False, italic=True)
    return findings


def _has_border(cell) -> bool:
    return any(p._p.find(".//" + qn("w:pBdr")) is not None for p in cell.paragraphs)


def _agency_and_number(left, document) -> list:
    findings = []
    texts = [p for p in left.paragraphs if p.text.strip() and not p.text.strip().startswith("V/v")]  # not a công văn's summary
    fallback = texts[-1] if texts and _templated(texts[-1].text) else None  # a template's «{{ … }}» line
    number = next((p for p in texts if p.text.strip().startswith("Số")), fallback)
    if number is None:
        return [("số, ký hiệu", "không thấy dòng «Số: …/…» dưới tên cơ quan", "ô bên trái")]
    findings += _check_look(number, document, "số, ký hiệu", (13, 13), bold=False)
    if not _templated(number.text):
        match = _NUMBER.match(number.text.strip())
        if match is None:
            findings.append(("số, ký hiệu", "phải có dạng «Số: 07/BB-ĐKT»", _where(number)))
        else:
            value, symbol = match.group("number"), match.group("symbol")
            if value and (not value.isdigit() or len(value) < 2):
                findings.append(("số, ký hiệu", f"số «{value}»: số dưới 10 phải có số 0 phía trước (07)", _where(number)))
            if not _SYMBOL.match(symbol):
                findings.append(("số, ký hiệu", f"ký hiệu «{symbol}» phải viết hoa, nối bằng «-»", _where(number)))
    agency_index = texts.index(number) - 1
    if agency_index >= 0:
        agency = texts[agency_index]
        findings += _check_look(agency, document, "tên cơ quan", (12, 13), bold=True)
        if not _templated(agency.text) and agency.text != agency.text.upper():
            findings.append(("tên cơ quan", "phải viết in hoa", _where(agency)))
        if not _has_border(left):
            findings.append(("tên cơ quan", "thiếu đường kẻ dưới tên cơ quan", _where(agency)))
    return findings


def dates(document) -> list:
    """``ngày 05 tháng 02 năm 2024``: days below 10 and months 1, 2 with a leading zero; others without."""
    findings = []
    for paragraph in all_paragraphs(document):
        for day, month, _ in _DATE.findall(paragraph.text):
            if int(day) < 10 and len(day) < 2 or int(month) <= 2 and len(month) < 2:
                findings.append(("ngày tháng", f"«ngày {day} tháng {month}»: ngày dưới 10, tháng 1 và 2 phải có số 0 phía trước",
                                 _where(paragraph)))
            elif int(month) > 2 and len(month) > 1 and month.startswith("0"):
                findings.append(("ngày tháng", f"«tháng {month}»: từ tháng 3 không viết số 0 phía trước", _where(paragraph)))
    return findings


def title(document) -> list:
    """The type name: centred, bold, 13–14; a công văn has none, but its «V/v …» summary under
    the number (12–13 pt, upright)."""
    cells = _header_cells(document)
    about = next((p for p in cells[0].paragraphs if p.text.strip().startswith("V/v")), None) if cells else None
    if about is not None:
        return _check_look(about, document, "trích yếu công văn", (12, 13), bold=False)
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if text.startswith(TYPE_NAMES) and text == text.upper():
            findings = _check_look(paragraph, document, "tên loại văn bản", (13, 14), bold=True)
            if paragraph_value(paragraph, "alignment") != WD_ALIGN_PARAGRAPH.CENTER:
                findings.append(("tên loại văn bản", "phải căn giữa", _where(paragraph)))
            return findings
    return [("tên loại văn bản", "không thấy tên loại văn bản in hoa (BIÊN BẢN, THÔNG BÁO …)", "nội dung")]


def body(document) -> list:
    """Body paragraphs: 13–14 pt, justified, first-line indent 1–1.27 cm, ≥ 6 pt after, spacing ≤ 1.5."""
    findings = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if len(text) < 40 or _templated(text) and text.startswith("{%"):
            continue
        if paragraph_value(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER:
            continue  # titles and summaries
        problems = []
        if paragraph_value(paragraph, "alignment") != WD_ALIGN_PARAGRAPH.JUSTIFY:
            problems.append("phải căn đều hai bên")
        indent = paragraph_value(paragraph, "first_line_indent")
        if indent is None or not 0.99 <= indent.cm <= 1.28:
            problems.append("thụt đầu dòng phải từ 1 đến 1,27 cm")
        after = paragraph_value(paragraph, "space_after")
        if after is None or after.pt < 6:
            problems.append("cách đoạn sau phải từ 6 pt")
        spacing = paragraph_value(paragraph, "line_spacing")
        if isinstance(spacing, float) and not 1.0 <= spacing <= 1.5:
            problems.append("giãn dòng phải từ 1 đến 1,5 dòng")
        sizes = {font_size(run, paragraph, document) for run in text_runs(paragraph)}
        if any(size is None or not 13 <= size <= 14 for size in sizes):
            problems.append(f"cỡ chữ {sorted(s for s in sizes if s)} phải từ 13 đến 14")
        findings += [("nội dung", problem, _where(paragraph)) for problem in problems]
        if len(findings) >= 10:
            break
    return findings


def recipients(document) -> list:
    """``Nơi nhận:`` 12 pt bold italic; lines 11 pt, ``- …;``, the last ``- Lưu: VT, ….``."""
    containers = [document.paragraphs] + [cell.paragraphs for table in document.tables
                                          for row in table.rows for cell in row.cells]
    found = [(paragraphs, i) for paragraphs in containers
             for i, p in enumerate(paragraphs) if p.text.strip() == "Nơi nhận:"]
    if not found:
        return [("nơi nhận", "không thấy dòng «Nơi nhận:»", "cuối văn bản")]
    paragraphs, index = found[0]
    heading = paragraphs[index]
    findings = _check_look(heading, document, "nơi nhận", (12, 12), bold=True, italic=True)
    lines = []
    for paragraph in paragraphs[index + 1:]:
        text = paragraph.text.strip()
        if not text.startswith(("-", "{")) or text.startswith(("{%p if", "{%p else")):
            break  # the recipients' own lines and loop tags go on; another part begins
        lines.append(paragraph)
    for paragraph in lines:
        findings += _check_look(paragraph, document, "nơi nhận", (11, 11), bold=False)
    texts = [p.text.strip() for p in lines if not _templated(p.text)]
    if texts:
        for text, paragraph in zip(texts[:-1], lines):
            if not text.endswith(";"):
                findings.append(("nơi nhận", "mỗi dòng (trừ dòng cuối) kết thúc bằng «;»", _where(paragraph)))
        if not (texts[-1].startswith("- Lưu:") and texts[-1].endswith(".")):
            findings.append(("nơi nhận", "dòng cuối phải là «- Lưu: VT, ….» và kết thúc bằng dấu chấm", f"đoạn «{texts[-1]}»"))
    return findings


def page_numbers(document) -> list:
    """Page numbers centred in the header from page 2 (different first page, PAGE field)."""
    section = document.sections[0]
    if not section.different_first_page_header_footer:
        return [("số trang", "phải bật «trang đầu khác» để trang 1 không có số trang", "phần 1")]
    header_xml = section.header._element.xml if not section.header.is_linked_to_previous else ""
    if "PAGE" not in header_xml:
        return [("số trang", "thiếu số trang (trường PAGE) ở đầu trang từ trang 2", "đầu trang")]
    if "PAGE" in section.first_page_header._element.xml:
        return [("số trang", "trang 1 không được có số trang", "đầu trang đầu")]
    paragraph = next(p for p in section.header.paragraphs if "PAGE" in p._p.xml)
    if paragraph_value(paragraph, "alignment") != WD_ALIGN_PARAGRAPH.CENTER:
        return [("số trang", "số trang phải căn giữa", "đầu trang")]
    return []


def place_date_for_kind(document, kind: str | None) -> list:
    """Mẫu 1.9 (minutes): no place-date line in the header; Mẫu 1.4 (notice, slip): one."""
    cells = _header_cells(document)
    if kind is None or cells is None:
        return []
    has_date = any(_DATE.search(p.text) or ("place_date" in p.text) for p in cells[1].paragraphs)
    if kind == "minutes" and has_date:
        return [("Mẫu 1.9", "biên bản không ghi địa danh, ngày tháng ở phần đầu", "ô bên phải")]
    if kind != "minutes" and not has_date:
        return [("Mẫu 1.4", "thiếu dòng địa danh, ngày tháng dưới Tiêu ngữ", "ô bên phải")]
    return []


RULES = [page_setup, fonts, language, header_block, title, body, dates, recipients, page_numbers]
