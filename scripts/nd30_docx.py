"""Building blocks for ND30-conformant Word templates (used by build_templates.py).

Every formatting rule of ../shared/reference/nd30-format.md is written once here: page and
margins, fonts and language, the header block, title and summary, body paragraphs, the
signature block, the recipients block and page numbers from page 2.
"""

import copy

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from minutes_gen.documents.page import HEADER_LEFT_SHARE, TEXT_WIDTH_MM

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
BODY_SIZE = Pt(14)
FIRST_LINE_INDENT = Cm(1.27)
PARAGRAPH_SPACING = Pt(6)
BODY_LINE_SPACING = 1.15
LETTER_LINE_SPACING = 1.0  # single: a letter fits one page
NUMBER_LINE_SPACE = Pt(6)  # between the rule under the agency name and «Số:»
TITLE_SPACE = Pt(12)
SIGNATURE_ROOM_LINES = 4  # empty lines for the signature and the seal
LETTER_SIGNATURE_ROOM_LINES = 3  # above a letter's title and around «Kính gửi», instead of empty lines
TWIPS_PER_MM = 1440 / 25.4


def new_document(title: str, line_spacing: float = BODY_LINE_SPACING):
    """Return an empty A4 document with ND30 page, fonts, language and page numbers; body text
    at ``line_spacing`` lines (ND30: single up to 1.5)."""
    document = Document()
    _set_page(document.sections[0])
    _set_fonts_and_language(document)
    _define_styles(document, line_spacing)
    _add_page_number_header(document.sections[0])
    document.core_properties.title = title
    document.core_properties.language = LANGUAGE
    document.core_properties.author = "minutes-gen"
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    return document


def _set_page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = section.footer_distance = Mm(10)


def _set_run_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for kind in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{kind}"), FONT)


def _set_language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")


def _set_fonts_and_language(document) -> None:
    """Times New Roman and vi-VN everywhere: document defaults and every style."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_run_fonts(defaults)
    _set_language(defaults)
    for size in defaults.findall(qn("w:sz")) + defaults.findall(qn("w:szCs")):
        size.set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    for rpr in styles.iter(qn("w:rPr")):
        if rpr.find(qn("w:rFonts")) is not None:
            _set_run_fonts(rpr)
        for color in rpr.findall(qn("w:color")):
            rpr.remove(color)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


def _paragraph_style(document, name, *, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
                     indent=None, after=Pt(0), bold=False, italic=False, base="Normal"):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    style.font.name, style.font.size = FONT, size
    style.font.bold, style.font.italic = bold, italic
    fmt = style.paragraph_format
    fmt.alignment, fmt.first_line_indent = align, indent or Pt(0)
    fmt.space_before, fmt.space_after = Pt(0), after
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return style


def _define_styles(document, line_spacing: float) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, BODY_SIZE
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before, fmt.space_after = Pt(0), PARAGRAPH_SPACING
    fmt.line_spacing = line_spacing
    _paragraph_style(document, "Header Block")
    _paragraph_style(document, "Document Title", bold=True)
    _paragraph_style(document, "Signature", bold=True)
    _paragraph_style(document, "Recipients Title", size=Pt(12), bold=True, italic=True,
                     align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, "Recipients", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, "Page Number", size=Pt(13))
    _paragraph_style(document, "Rule", size=Pt(2))
    _paragraph_style(document, "Table Text", size=Pt(13))
    _paragraph_style(document, "Table Label", size=Pt(13), align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph_style(document, "Table Heading", size=Pt(13), bold=True).paragraph_format.keep_with_next = True
    _paragraph_style(document, "Table Unit", size=Pt(13), italic=True,
                     align=WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        document.styles[name].font.name = FONT


def _add_page_number_header(section) -> None:
    """Page numbers centred at the top, not on the first page (ND30)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.style = section.part.document.styles["Page Number"]
    add_field(paragraph, "PAGE", "2")


def add_field(paragraph, instruction: str, shown: str) -> None:
    """Append a Word field (``PAGE``) whose last computed value is ``shown``."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "text":
            run.text = text
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def paragraph(container, text="", style=None, *, bold=None, italic=None, size=None,
              underline=None, align=None, indent=None, after=None, before=None, keep_with_next=None):
    """Add a paragraph with one run (so that a Jinja tag in ``text`` stays in one run)."""
    para = container.add_paragraph(style=style)
    if text:
        run = para.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size is not None:
            run.font.size = size
    fmt = para.paragraph_format
    if align is not None:
        fmt.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    if after is not None:
        fmt.space_after = after
    if before is not None:
        fmt.space_before = before
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    return para


def closing(container, text: str):
    """The last paragraph before the signatures, kept whole and on the same page as the
    signature table (keep-with-next, keep-lines): a signature never stands on a page alone."""
    _keep_controls_before_end(container)
    para = paragraph(container, text)
    para.paragraph_format.keep_with_next = True
    para.paragraph_format.keep_together = True
    return para


def _keep_controls_before_end(container) -> None:
    """The docxtpl control paragraphs (``{%p endif %}``…) just before the closing keep with it:
    they vanish from a rendered document, but the template itself must lay out as one too
    (``lint`` reads a template as a document)."""
    for element in reversed(list(container.element.body if hasattr(container, "element") else [])):
        if element.tag == qn("w:sectPr"):
            continue
        if element.tag != qn("w:p"):
            return
        text = "".join(element.itertext())
        if not text.startswith("{%p"):
            return
        Paragraph(element, container).paragraph_format.keep_with_next = True


def labelled(container, label: str, text: str, style=None):
    """Add ``label`` in bold followed by ``text`` in the same paragraph."""
    para = container.add_paragraph(style=style)
    para.add_run(label).bold = True
    para.add_run(text)
    return para


def rule(container, length_mm: float, cell_width_mm: float):
    """Add a short solid line, centred, as the bottom border of an empty tiny paragraph."""
    para = container.add_paragraph(style="Rule")
    side = max((cell_width_mm - length_mm) / 2, 0)
    fmt = para.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    para._p.get_or_add_pPr().append(borders)
    return para


def table(document, widths_mm: list[float]):
    """Add a borderless fixed-width table whose grid (``w:tblGrid``) has ``widths_mm``."""
    tbl = document.add_table(rows=1, cols=len(widths_mm))
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    properties = tbl._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(sum(widths_mm) * TWIPS_PER_MM)))
    width.set(qn("w:type"), "dxa")
    existing = properties.find(qn("w:tblW"))
    if existing is not None:
        properties.remove(existing)
    properties.append(width)
    _order_table_properties(tbl)
    for grid_col, width_mm in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        grid_col.set(qn("w:w"), str(round(width_mm * TWIPS_PER_MM)))
    row_properties = tbl.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))  # never split a signature over two pages
    for cell, width_mm in zip(tbl.rows[0].cells, widths_mm):
        cell.width = Mm(width_mm)
        cell._tc.remove(cell.paragraphs[0]._p)
    return tbl


def header_block(document, *, with_place_date: bool):
    """The ND30 header (ô 1–4): agency left, national title and motto right.

    Uses the context keys ``header.parent``, ``header.agency``, ``header.number_line`` and,
    with ``with_place_date``, ``header.place_date``.
    """
    left_mm, right_mm = TEXT_WIDTH_MM * HEADER_LEFT_SHARE, TEXT_WIDTH_MM * (1 - HEADER_LEFT_SHARE)
    tbl = table(document, [left_mm, right_mm])
    left, right = tbl.rows[0].cells
    for lines, bold in (("header.parent_lines", None), ("header.agency_lines", True)):
        # one paragraph per line: a line break written in the data («…\\n…») is kept, a compound never split
        paragraph(left, "{%p for line in " + lines + " %}", "Header Block", size=Pt(13), bold=bold)
        paragraph(left, "{{ line }}", "Header Block", size=Pt(13), bold=bold)
        paragraph(left, "{%p endfor %}", "Header Block", size=Pt(13), bold=bold)
    rule(left, 22, left_mm)
    # room between the rule and «Số:», however many lines the agency name takes
    paragraph(left, "{{ header.number_line }}", "Header Block", size=Pt(13), before=NUMBER_LINE_SPACE)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Header Block", size=Pt(13), bold=True)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", "Header Block", size=Pt(14), bold=True,
              underline=True)
    if with_place_date:
        paragraph(right, "", "Header Block")
        paragraph(right, "{{ header.place_date }}", "Header Block", size=Pt(14), italic=True)
    return tbl


def title_block(document, type_name: str, summary: str | None):
    """Type name (``BIÊN BẢN``) and summary with its short rule under it."""
    paragraph(document, "", "Document Title")
    paragraph(document, type_name, "Document Title")
    if summary:
        paragraph(document, summary, "Document Title")
        rule(document, 50, TEXT_WIDTH_MM)
    paragraph(document, "", "Document Title")


def part_heading(document, text: str):
    """A part heading (``I. NỘI DUNG KIỂM TRA``): bold, like the body otherwise."""
    return paragraph(document, text, None, bold=True)


def loop(document, header: str, item_text: str, footer: str = "{%p endfor %}", keep_last: bool = False):
    """A list repeated by docxtpl: ``{%p for … %}`` / item paragraph / ``{%p endfor %}``. With
    ``keep_last`` (a list that may end the body), its last item is kept with the next paragraph,
    so that the closing formula and the signature never go to a page without body text."""
    paragraph(document, header)
    if keep_last:
        paragraph(document, "{%p if loop.last %}")
        paragraph(document, item_text, keep_with_next=True)
        paragraph(document, "{%p else %}")
    paragraph(document, item_text)
    if keep_last:
        paragraph(document, "{%p endif %}")
    paragraph(document, footer)


def signature_cell(cell, authority_lines: list[str], name: str, blank_lines: int = 4):
    """Authority and title (bold, upper case), room for the signature, then the name (bold)."""
    for line in authority_lines:
        paragraph(cell, line, "Signature")
    for _ in range(blank_lines):
        paragraph(cell, "", "Signature")
    paragraph(cell, name, "Signature")


def signature_rows(document, widths_mm: list[float], rows_variable: str):
    """Signature blocks side by side, as many rows as the data has (``{%tr for row in … %}``);
    each block is ``{"lines": [...], "name": …}``. Rows never split over two pages."""
    tbl = table(document, widths_mm)
    opening, content = tbl.rows[0], tbl.add_row()
    closing = tbl.add_row()
    opening.cells[0].add_paragraph("{%tr for row in " + rows_variable + " %}")
    closing.cells[0].add_paragraph("{%tr endfor %}")
    for row in (opening, closing):
        for cell in row.cells[1:]:
            cell.add_paragraph()
    content._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for index, cell in enumerate(content.cells):
        cell._tc.remove(cell.paragraphs[0]._p)
        block = f"row[{index}]"
        paragraph(cell, "{%p for line in " + block + ".lines %}", "Signature")
        paragraph(cell, "{{ line }}", "Signature")
        paragraph(cell, "{%p endfor %}", "Signature")
        for _ in range(4):
            paragraph(cell, "", "Signature")
        paragraph(cell, "{{ " + block + ".name }}", "Signature")
    return tbl


def recipients_block(container, lines_variable: str = "recipients"):
    """``Nơi nhận:`` (12 pt bold italic) and one 11 pt line per recipient."""
    paragraph(container, "Nơi nhận:", "Recipients Title")
    paragraph(container, "{%p for line in " + lines_variable + " %}", "Recipients")
    paragraph(container, "{{ line }}", "Recipients")
    paragraph(container, "{%p endfor %}", "Recipients")


def recipients_and_signature(document, room_lines: int = SIGNATURE_ROOM_LINES):
    """Mẫu 1.4 ending: ``Nơi nhận:`` on the left, level with the signer's block on the right
    (``room_lines`` empty lines between the title and the name, for signature and seal).

    Uses ``recipients``, ``signer_lines`` (authority and title, upper case) and ``signer.name``.
    """
    tbl = table(document, [TEXT_WIDTH_MM * 0.45, TEXT_WIDTH_MM * 0.55])
    left, right = tbl.rows[0].cells
    recipients_block(left)
    paragraph(right, "{%p for line in signer_lines %}", "Signature")
    paragraph(right, "{{ line }}", "Signature")
    paragraph(right, "{%p endfor %}", "Signature")
    for _ in range(room_lines):
        paragraph(right, "", "Signature")
    paragraph(right, "{{ signer.name }}", "Signature")
    return tbl


_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]


def _order_table_properties(tbl) -> None:
    """Put ``w:tblPr``'s children in the schema's order (Word refuses a file otherwise)."""
    properties = tbl._tbl.tblPr
    children = sorted(properties, key=lambda child: _TBLPR_ORDER.index(etree_localname(child)))
    for child in children:
        properties.append(child)


def etree_localname(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _borders(tbl) -> None:
    """Single black lines around and between every cell (a table of figures)."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    tbl._tbl.tblPr.append(borders)
    _order_table_properties(tbl)


def _cell_text(cell, text: str, style: str = "Table Text") -> None:
    """The cell's one paragraph: ``text`` in ``style``."""
    for para in cell.paragraphs:
        cell._tc.remove(para._p)
    paragraph(cell, text, style)


def figures_table(document, variable: str):
    """A table of figures from data (``title``, ``unit``, ``corner``, ``headings``, ``rows`` of
    ``label`` and ``cells``): title above in bold, the unit of measure right-aligned, a heading
    row repeated on every page, the first column naming rows, the other columns repeated by
    docxtpl (``{%tc for %}``), rows that never split. Everything is inside ``{%p if variable %}``."""
    paragraph(document, "{%p if " + variable + " %}")
    paragraph(document, "{%p if " + variable + ".title %}")
    paragraph(document, "{{ " + variable + ".title }}", "Table Heading")
    paragraph(document, "{%p endif %}")
    paragraph(document, "{%p if " + variable + ".unit %}")
    paragraph(document, "{{ " + variable + ".unit }}", "Table Unit")
    paragraph(document, "{%p endif %}")
    first_mm = TEXT_WIDTH_MM * 0.34
    rest_mm = (TEXT_WIDTH_MM - first_mm) / 3
    tbl = table(document, [first_mm, rest_mm, rest_mm, rest_mm])
    _borders(tbl)
    heading, opening, content, closing = tbl.rows[0], tbl.add_row(), tbl.add_row(), tbl.add_row()
    header_properties = heading._tr.get_or_add_trPr()
    header_properties.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
    cells = (
        (heading, ("{{ " + variable + ".corner }}", "Table Heading"), ("{%tc for text in " + variable + ".headings %}",),
         ("{{ text }}", "Table Heading"), ("{%tc endfor %}",)),
        (opening, ("{%tr for row in " + variable + ".rows %}",), ("",), ("",), ("",)),
        (content, ("{{ row.label }}", "Table Label"), ("{%tc for text in row.cells %}",), ("{{ text }}",),
         ("{%tc endfor %}",)),
        (closing, ("{%tr endfor %}",), ("",), ("",), ("",)),
    )
    for row, *texts in cells:
        for cell, text in zip(row.cells, texts):
            _cell_text(cell, *text)
    content._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    paragraph(document, "{%p endif %}")
    return tbl


def appendix(document, variable: str = "appendix"):
    """The appendix (ND30 Phụ lục I): on a new page in a section of its own whose page numbers
    start again at 1; «Phụ lục» (14 pt bold), the title (upper case, bold), «(Kèm theo … )» in
    italics, a short rule, the paragraphs and an optional table. With no appendix in the data,
    the whole section (its break included) is left out."""
    paragraph(document, "{%p if " + variable + " %}")
    annex_section(document)
    paragraph(document, "{{ " + variable + ".heading }}", "Document Title")
    paragraph(document, "{{ " + variable + ".title }}", "Document Title")
    paragraph(document, "{{ " + variable + ".attached_to }}", "Document Title", bold=False, italic=True)
    rule(document, 50, TEXT_WIDTH_MM)
    paragraph(document, "", "Document Title")
    loop(document, "{%p for text in " + variable + ".paragraphs %}", "{{ text }}")
    figures_table(document, variable + ".table")
    paragraph(document, "{%p endif %}")


def annex_section(document):
    """A new page in a section of its own whose page numbers start again at 1 (an annex, ND30
    Phụ lục I); written inside a ``{%p if … %}`` the whole section, break included, may go."""
    document.add_section(WD_SECTION.NEW_PAGE)  # the break paragraph, inside the condition
    final = document.sections[-1]._sectPr
    main = document.sections[-2]._sectPr
    # python-docx leaves the new (last) section without header references; give it the same
    # ones, so that a document without appendix (whose only section it then is) keeps its
    # page numbers; numbering restarts at 1 (seen only in the appendix section)
    for reference in main.xpath("w:headerReference|w:footerReference"):
        final.insert(0, copy.deepcopy(reference))
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    final.append(numbering)


def keep_with_next(*items) -> None:
    """Keep paragraphs, or every paragraph of tables, on the page of what follows them: the
    last body paragraph, the signatures and «Nơi nhận» end a document on one page together."""
    for item in items:
        paragraphs = ([p for row in item.rows for cell in row.cells for p in cell.paragraphs]
                      if hasattr(item, "rows") else [item])
        for para in paragraphs:
            para.paragraph_format.keep_with_next = True
            para.paragraph_format.keep_together = True


def signatures_and_recipients(document, widths_mm: list[float], rows_variable: str):
    """The end of a document of the Mẫu 1.9 kind, as one block that never splits over two pages:
    a borderless one-row table holding the signatures' table (``signature_rows``), a blank line
    and «Nơi nhận» — so a page never holds «Nơi nhận» alone (LibreOffice does not keep a table
    with the paragraph after it; it does keep a row whole)."""
    outer = table(document, [sum(widths_mm)])
    cell = outer.rows[0].cells[0]
    signature_rows(cell, widths_mm, rows_variable)  # python-docx adds the blank paragraph after it
    recipients_block(cell)
    return outer


def cell_style(document, name: str = "Table Cell", bold: bool = False):
    """A 12 pt style for the cells of a wide table (created once per document)."""
    if name not in [style.name for style in document.styles]:
        _paragraph_style(document, name, size=Pt(12), bold=bold)
    return name


def column_table(document, variable: str, columns: list[tuple[str, float, str]], left: tuple[str, ...] = ()):
    """A bordered table of rows from data: ``columns`` are (heading, width in mm, the row's key);
    the heading row is repeated on every page, a row never splits; cells in 12 pt, centred but
    the ``left`` keys (names, texts). The rows are ``{%tr for row in variable %}``."""
    heading_style, cell = cell_style(document, "Table Cell Heading", bold=True), cell_style(document)
    tbl = table(document, [width for _, width, _ in columns])
    _borders(tbl)
    heading, opening, content, closing = tbl.rows[0], tbl.add_row(), tbl.add_row(), tbl.add_row()
    heading._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    content._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for index, (title, _, key) in enumerate(columns):
        _cell_text(heading.cells[index], title, heading_style)
        _cell_text(opening.cells[index], "{%tr for row in " + variable + " %}" if index == 0 else "")
        _cell_text(closing.cells[index], "{%tr endfor %}" if index == 0 else "")
        _cell_text(content.cells[index], "{{ row." + key + " }}", cell)
        if key in left:
            content.cells[index].paragraphs[0].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return tbl


def header_about(tbl, text: str = "{{ header.about }}"):
    """A công văn's summary (V/v …, ND30: 12–13 pt, upright) under its number, in the header's left cell."""
    return paragraph(tbl.rows[0].cells[0], text, "Header Block", size=Pt(12))


def addressee(document, text: str = "Kính gửi: {{ addressee }}."):
    """The ``Kính gửi:`` line of a letter or a report, centred, upright, with space around it."""
    para = paragraph(document, text, "Document Title", bold=False)
    para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(6)
    return para
