"""An ND30 checker for any Word file (``minutes-gen lint``)."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    """One ND30 rule a document breaks, and where."""

    rule: str
    message: str
    where: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.where}: {self.message}"


def lint_document(path: Path, kind: str | None = None, layout: bool = True) -> list[Finding]:
    """Return every ND30 rule ``path`` breaks (empty when it follows them all). With
    ``layout``, the pages are also made (LibreOffice) to check where the signatures fall;
    ``layout_checked(path)`` says whether that could be done."""
    import io

    from docx import Document

    from minutes_gen.engine.safety import read_template_zip
    from minutes_gen.lint.rules import RULES, place_date_for_kind
    from minutes_gen.engine.zipwriter import build_zip, compress

    members = read_template_zip(Path(path))  # refuses zip bombs before python-docx reads it
    document = Document(io.BytesIO(build_zip([compress(info.filename, data) for info, data in members])))
    found = [finding for rule in RULES for finding in rule(document)]
    found += place_date_for_kind(document, kind)
    if layout:
        from minutes_gen.lint.layout import signature_alone

        from minutes_gen.lint.recipients_page import recipients_alone

        found += signature_alone(document, Path(path)) or []
        found += recipients_alone(document, Path(path)) or []
    return [Finding(*finding) for finding in found]


def layout_checked() -> bool:
    """Whether this machine can make the pages to check the layout rules (LibreOffice)."""
    from minutes_gen.engine.pdf import find_soffice

    return find_soffice() is not None
