"""What a reader of a .docx sees: effective fonts, sizes, flags and paragraph formats, found
through the run, the paragraph's style chain and the document defaults."""

from docx.oxml.ns import qn


def style_chain(style):
    """The style and the styles it is based on."""
    while style is not None:
        yield style
        style = style.base_style


def _defaults(document):
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    return rpr_default.find(qn("w:rPr")) if rpr_default is not None else None


def font_name(run, paragraph, document) -> str | None:
    """The font of ``run`` (its ASCII font, as Word shows it)."""
    if run.font.name:
        return run.font.name
    for style in style_chain(paragraph.style):
        if style.font.name:
            return style.font.name
    defaults = _defaults(document)
    fonts = defaults.find(qn("w:rFonts")) if defaults is not None else None
    return fonts.get(qn("w:ascii")) if fonts is not None else None


def font_size(run, paragraph, document) -> float | None:
    """The size of ``run`` in points."""
    if run.font.size:
        return run.font.size.pt
    for style in style_chain(paragraph.style):
        if style.font.size:
            return style.font.size.pt
    defaults = _defaults(document)
    size = defaults.find(qn("w:sz")) if defaults is not None else None
    return int(size.get(qn("w:val"))) / 2 if size is not None else None


def flag(run, paragraph, name: str) -> bool:
    """``bold``, ``italic`` or ``underline`` as a reader sees it."""
    value = getattr(run, name) if name != "underline" else run.underline
    if value is not None:
        return bool(value)
    for style in style_chain(paragraph.style):
        value = getattr(style.font, name)
        if value is not None:
            return bool(value)
    return False


def paragraph_value(paragraph, name: str):
    """A paragraph format value (alignment, first_line_indent, space_after, line_spacing)."""
    value = getattr(paragraph.paragraph_format, name)
    if value is not None:
        return value
    for style in style_chain(paragraph.style):
        value = getattr(style.paragraph_format, name)
        if value is not None:
            return value
    return None


def text_runs(paragraph):
    """The runs of ``paragraph`` that show text."""
    return [run for run in paragraph.runs if run.text.strip()]


def distinct_cells(row) -> list:
    """A table row's cells, each once (python-docx's ``row.cells`` repeats a cell for every
    grid column it spans: a table of figures spans a fine grid)."""
    from docx.table import _Cell

    return [_Cell(tc, row) for tc in row._tr.tc_lst]


def all_paragraphs(document):
    """Body paragraphs, then those of every table cell (nested tables too), in order."""
    def walk(container):
        for paragraph in container.paragraphs:
            yield paragraph
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in distinct_cells(row):
                    yield from walk(cell)

    yield from walk(document)
