"""Where a signature goes, read from the rendered PDF itself (never fixed coordinates): the
signer's name line and the title line above it in the same column; the signature space is the
gap between them, centred on the column."""

from dataclasses import dataclass
from functools import cached_property

from minutes_gen.errors import InputError, Problem
from minutes_gen.vn.line_breaks import text_width_mm

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    """A line of text on a page: its left edge, baseline, size (points) and text."""

    page: int
    x: float
    y: float
    size: float
    text: str

    @cached_property
    def width(self) -> float:
        return text_width_mm(self.text, self.size) * POINTS_PER_MM

    @cached_property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Space:
    """The signature space on ``page`` (0-based), in PDF points: centre x, bottom and top y."""

    page: int
    centre: float
    bottom: float
    top: float


def page_lines(pdf) -> list[Line]:
    """Every text line of a PDF (a path, or its bytes) with its position. Reading the text is
    most of the cost of placing a signature: do it once per file. Pages of the simple kind
    LibreOffice writes are read straight from their content (``quick_text``), others by
    pypdf's text visitor."""
    import io

    from pypdf import PdfReader

    from minutes_gen.signing.quick_text import quick_lines

    lines = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)).pages):
        try:
            lines += quick_lines(number, page, Line)
        except Exception:  # Unsupported, or content the quick reader misreads: pypdf reads it all
            lines += visited_lines(number, page)
    return lines


def visited_lines(number: int, page) -> list[Line]:
    """The text lines of ``page`` by pypdf's text visitor."""
    lines = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[3] * cm[3]) or 1
            lines.append(Line(number, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], abs(size * scale),
                              " ".join(text.split())))
    page.extract_text(visitor_text=visit)
    return lines


def signature_space(lines: list[Line], name: str, pdf_path) -> Space:
    """The space between ``name`` (its last occurrence: the signature block) and the upper-case
    title line above it in the same column (``lines``: the PDF's, ``pdf_path`` names it in errors)."""
    names = [line for line in lines if line.text == " ".join(name.split())]
    if not names:
        raise InputError([Problem(str(pdf_path), f"không thấy tên người ký «{name}» trong văn bản; hãy kiểm tra "
                                                 f"--name")])
    signer = names[-1]
    above = [line for line in lines if line.page == signer.page and line.y > signer.y
             and line.text == line.text.upper() and any(char.isalpha() for char in line.text)
             and abs(line.centre - signer.centre) < max(line.width, signer.width) / 2 + 20]
    if not above:
        raise InputError([Problem(str(pdf_path), f"không thấy dòng chức vụ (in hoa) phía trên tên «{name}»")])
    title = min(above, key=lambda line: line.y)  # the lowest title line, right above the space
    return Space(signer.page, (title.centre + signer.centre) / 2, signer.y + signer.size, title.y - 2)


def attachment_pages(lines: list[Line], after_page: int) -> list[int]:
    """The first page of each appendix after the signatures: a page whose first line (page
    numbers aside) is «Phụ lục» (ND30 Phụ lục I: an appendix starts with that word)."""
    firsts = []
    for page in sorted({line.page for line in lines if line.page > after_page}):
        texts = [line for line in lines if line.page == page and not line.text.isdigit()]
        top = max(texts, key=lambda line: line.y) if texts else None
        if top is not None and top.text.startswith("Phụ lục"):
            firsts.append(page)
    return firsts


def printed_number(lines: list[Line]) -> str:
    """The number and symbol the document prints (``07/BB-ĐKT``) on its first page's «Số:» line."""
    for line in lines:
        if line.page == 0 and line.text.startswith("Số:"):
            return line.text.removeprefix("Số:").strip()
    return ""
