"""Reading back rendered documents: effective fonts and sizes through the style chain."""

from docx.oxml.ns import qn
from docx.shared import Length


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _defaults_rpr(document):
    return document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))


def effective_font(run, paragraph, document) -> str | None:
    """The font a reader uses for ``run``: run, then paragraph style chain, then defaults."""
    if run.font.name:
        return run.font.name
    for style in _style_chain(paragraph.style):
        if style.font.name:
            return style.font.name
    return _defaults_rpr(document).find(qn("w:rFonts")).get(qn("w:ascii"))


def effective_size(run, paragraph, document) -> float:
    """The size in points of ``run``, resolved the same way."""
    if run.font.size:
        return run.font.size.pt
    for style in _style_chain(paragraph.style):
        if style.font.size:
            return style.font.size.pt
    return int(_defaults_rpr(document).find(qn("w:sz")).get(qn("w:val"))) / 2


def effective_flag(run, paragraph, name: str) -> bool:
    """Bold or italic (``name``) as a reader sees it."""
    value = getattr(run, name)
    if value is not None:
        return value
    for style in _style_chain(paragraph.style):
        value = getattr(style.font, name)
        if value is not None:
            return value
    return False


def paragraph_format(paragraph, name: str):
    """A paragraph format value (alignment, first_line_indent, space_after) through the chain."""
    value = getattr(paragraph.paragraph_format, name)
    if value is not None:
        return value
    for style in _style_chain(paragraph.style):
        value = getattr(style.paragraph_format, name)
        if value is not None:
            return value
    return None


def all_paragraphs(document):
    """Body paragraphs and table-cell paragraphs, in document order."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def find_paragraph(document, text: str):
    """The first paragraph whose text contains ``text``."""
    for paragraph in all_paragraphs(document):
        if text in paragraph.text:
            return paragraph
    raise AssertionError(f"no paragraph contains {text!r}")


def mm(length: Length) -> float:
    return round(length.mm, 1)
