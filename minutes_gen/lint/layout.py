"""Layout rules that need the pages themselves: the document is rendered by LibreOffice and
the PDF is read back. A signature block must stand under text it signs, never at the top of a
page of its own, nor under the closing formula alone (offices refuse such a page)."""

from pathlib import Path

from minutes_gen.lint.pages import judged_pages

SIGNATURE_RULE = "trang chữ ký"


def _signature_table(document):
    """The signature block: the table holding «Nơi nhận:» (Mẫu 1.4), or the last table before
    the «Nơi nhận:» paragraph (Mẫu 1.9); tables after it (an appendix's) are not signatures."""
    from docx.table import Table

    last = None
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}tbl"):
            table = Table(element, document)
            if any(p.text.strip() == "Nơi nhận:" for row in table.rows for cell in row.cells for p in cell.paragraphs):
                return table
            last = table
        elif element.tag.endswith("}p") and "".join(element.itertext()).strip() == "Nơi nhận:":
            return last
    return document.tables[-1] if document.tables else None


def _signature_anchor(document) -> str | None:
    """The first text of the signature block (the signers' titles, or «Nơi nhận:»)."""
    table = _signature_table(document)
    if table is None:
        return None
    cells = table.rows[0].cells
    if len(cells) == 1 and cells[0].tables:  # the minutes' one block: signatures (a table inside), Nơi nhận
        cells = cells[0].tables[0].rows[0].cells
    for cell in cells:
        for paragraph in cell.paragraphs:
            text = " ".join(paragraph.text.split())
            if text and "{" not in text:
                return text
    return None


def _page_texts(pdf: Path) -> list[list[str]]:
    from pypdf import PdfReader

    return [[" ".join(line.split()) for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in PdfReader(str(pdf)).pages]


def signature_alone(document, docx_path: Path) -> list | None:
    """Findings when the signature block opens a page with no text above it; None when the
    pages cannot be made here (no LibreOffice)."""
    if _signature_anchor(document) is None:
        return []
    return judged_pages(docx_path, lambda pdf: signature_findings(document, pdf))


def _closing_text(document) -> str:
    """The closing formula: the last paragraph with text before the signature block («Trân
    trọng./.», «Trên đây là …./.»); empty when a table comes first."""
    table = _signature_table(document)
    element = table._tbl.getprevious() if table is not None else None
    while element is not None and not element.tag.endswith("}tbl"):
        text = "".join(element.itertext()).strip() if element.tag.endswith("}p") else ""
        if text:
            return text
        element = element.getprevious()
    return ""


def _squeezed(text: str) -> str:
    return "".join(text.split())


def signature_findings(document, pdf: Path) -> list:
    """Findings of the signature-page rule on ``pdf``, the rendered pages of ``document``: the
    page of the signature block must hold body text above it, not nothing, nor only the
    closing formula."""
    anchor = _signature_anchor(document)
    if anchor is None:
        return []
    closing = _squeezed(_closing_text(document))
    for number, lines in enumerate(_page_texts(pdf), start=1):
        position = next((i for i, line in enumerate(lines) if line.startswith(anchor[:20])), None)
        if position is None:
            continue
        above = _squeezed("".join(line for line in lines[:position] if not line.isdigit()))  # not the page number
        if number == 1 or above and not (closing and closing.endswith(above)):
            return []
        what = "không có nội dung nào ở trên" if not above else "chỉ có lời kết ở trên, không có nội dung văn bản"
        return [(SIGNATURE_RULE, f"khối chữ ký đứng một mình ở đầu trang {number}, {what}; hãy để đoạn cuối của "
                                 "nội dung đi cùng lời kết và khối chữ ký (giữ với đoạn sau)", f"trang {number}")]
    return []
