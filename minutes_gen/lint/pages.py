"""The pages of a document as LibreOffice lays them out, for the rules that look at pages."""

import shutil
import tempfile
from pathlib import Path


def judged_pages(docx_path: Path, judge) -> list | None:
    """``judge(pdf)`` on the PDF LibreOffice makes of a copy of ``docx_path`` in a private folder;
    None when the pages cannot be made here (no LibreOffice, or it failed on the file)."""
    from minutes_gen.engine.pdf import PdfStopped, convert_to_pdf, find_soffice

    if find_soffice() is None:
        return None
    with tempfile.TemporaryDirectory(prefix="minutes-gen-lint-") as folder:
        copy = Path(folder) / "van-ban.docx"
        shutil.copyfile(docx_path, copy)
        try:
            errors = convert_to_pdf([copy])
        except PdfStopped:
            raise KeyboardInterrupt from None
        return None if errors else judge(copy.with_suffix(".pdf"))
