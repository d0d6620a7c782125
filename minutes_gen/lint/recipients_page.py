"""The layout rule for a «Nơi nhận» block written after the signatures (Mẫu 1.9): it must not
open a page of its own, away from the signatures it follows. (Beside the signature, Mẫu 1.4,
it moves with them: the signature-page rule covers it.)"""

from pathlib import Path

from minutes_gen.lint.pages import judged_pages

RECIPIENTS_RULE = "trang nơi nhận"
HEADING = "Nơi nhận:"


def _standalone(document) -> bool:
    """Whether «Nơi nhận:» is a paragraph of the body (not a cell beside the signature)."""
    return any(p.text.strip() == HEADING for p in document.paragraphs)


def recipients_findings(document, pdf: Path) -> list:
    """Findings on ``pdf`` (the pages of ``document``) when «Nơi nhận:» opens a page after the first."""
    from pypdf import PdfReader

    if not _standalone(document):
        return []
    for number, page in enumerate(PdfReader(str(pdf)).pages, start=1):
        lines = [" ".join(line.split()) for line in (page.extract_text() or "").splitlines() if line.strip()]
        position = next((i for i, line in enumerate(lines) if line.startswith(HEADING)), None)
        if position is None:
            continue
        above = [line for line in lines[:position] if not line.isdigit()]
        if number > 1 and not above:
            return [(RECIPIENTS_RULE, f"khối «Nơi nhận» đứng một mình ở đầu trang {number}, tách khỏi chữ ký; hãy để "
                                      "khối chữ ký và Nơi nhận đi cùng nhau (giữ với đoạn sau)", f"trang {number}")]
        return []
    return []


def recipients_alone(document, docx_path: Path) -> list | None:
    """``recipients_findings`` after making the pages (None: no LibreOffice here)."""
    if not _standalone(document):
        return []
    return judged_pages(docx_path, lambda pdf: recipients_findings(document, pdf))
