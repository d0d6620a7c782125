"""Reading a template that came from outside: bounded zip, XML without entities or network."""

import zipfile
from pathlib import Path

from lxml import etree

from minutes_gen.errors import InputError, Problem

MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _refuse(path: Path, message: str) -> InputError:
    return InputError([Problem(str(path), message)], headline="Tệp Word không dùng được")


def read_template_zip(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Return every member of a .docx, refusing zip bombs and files that are not .docx."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise _refuse(path, f"tệp mẫu có quá nhiều thành phần ({len(infos)}, tối đa {MAX_MEMBERS})")
            total = sum(info.file_size for info in infos)
            if total > MAX_TOTAL_BYTES or any(info.file_size > MAX_MEMBER_BYTES for info in infos):
                raise _refuse(path, "tệp mẫu khi giải nén quá lớn (có thể là «bom zip»)")
            members = [(info, _read_bounded(archive, info)) for info in infos]
    except (zipfile.BadZipFile, OSError, EOFError):
        raise _refuse(path, "không phải tệp Word .docx hợp lệ") from None
    if not any(info.filename == "word/document.xml" for info, _ in members):
        raise _refuse(path, "tệp không có phần nội dung word/document.xml")
    return members


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with archive.open(info) as member:
        data = member.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:  # the declared size lied
        raise _refuse(Path(archive.filename or "?"), "tệp mẫu khi giải nén quá lớn (có thể là «bom zip»)")
    return data


def safe_xml(data: bytes, where: str):
    """Parse XML without resolving entities, loading DTDs or touching the network."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise InputError([Problem(where, f"XML trong mẫu bị hỏng ({exc})")], headline="Mẫu văn bản không dùng được") from None
    for entity in root.iter(etree.Entity):
        raise InputError([Problem(where, f"mẫu chứa thực thể XML «{entity.name}», không được phép")],
                         headline="Mẫu văn bản không dùng được")
    return root
