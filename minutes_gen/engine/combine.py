"""One print file from many documents made from the same template: each on its own pages.

Every document's body is appended to the first one's, separated by a section break that
carries the template's section properties, so each part keeps its page setup and its
"different first page" header. Parts must come from one template (the relationship ids of
headers are then the same in every part); the slips of a batch do.
"""

import copy
import io
import zipfile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"


def _body(docx):
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read(DOCUMENT)).find(W + "body")


def combine_documents(parts: list) -> bytes:
    """Return a .docx holding every part (a path or a file object) in order, each on new pages."""
    with zipfile.ZipFile(parts[0]) as first:
        members = [(info, first.read(info.filename)) for info in first.infolist()]
        root = etree.fromstring(first.read(DOCUMENT))
    body = root.find(W + "body")
    final_section = body.find(W + "sectPr")
    for child in list(body):
        body.remove(child)
    for index, part in enumerate(parts):
        part_body = _body(part)
        section = part_body.find(W + "sectPr")
        for child in list(part_body):
            if child is not section:
                body.append(child)
        if index < len(parts) - 1:
            paragraph = etree.SubElement(body, W + "p")
            etree.SubElement(paragraph, W + "pPr").append(copy.deepcopy(section))
    body.append(final_section)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == DOCUMENT:
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            archive.writestr(info, data)
    return out.getvalue()
