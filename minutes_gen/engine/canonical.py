"""Documents compared as XML, not as bytes: the reference rendering by docxtpl and the
canonical (C14N) form of every rendered part, so that two .docx files with the same content
compare equal whatever their zip layout or attribute order (used by tests and benchmarks)."""

import io
import zipfile
from pathlib import Path

RENDERED = ("word/document.xml", "word/header", "word/footer", "word/footnotes", "docProps/core.xml")


def docxtpl_reference(template: Path, context: dict) -> bytes:
    """The .docx docxtpl itself writes for ``context`` (the reference the engine must equal)."""
    from docxtpl import DocxTemplate

    from minutes_gen.engine.jinja import jinja_environment, normalise

    document = DocxTemplate(str(template))
    document.render(normalise(context), jinja_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def canonical_parts(docx: bytes) -> dict[str, bytes]:
    """Every rendered part of ``docx`` in canonical XML, by member name."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: etree.tostring(etree.fromstring(archive.read(name)), method="c14n")
                for name in archive.namelist() if name.startswith(RENDERED)}
