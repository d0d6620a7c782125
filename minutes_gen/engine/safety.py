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
            unsafe = [info.filename for info in infos if not _safe_name(info.filename)]
            if unsafe:
                raise _refuse(path, f"tệp mẫu có thành phần mang tên không an toàn «{unsafe[0]}» (đường dẫn tuyệt đối "
                                    "hoặc có «..»)")
            members = [(info, _read_bounded(archive, info)) for info in infos]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        raise _refuse(path, "không phải tệp Word .docx hợp lệ") from None
    if not any(info.filename == "word/document.xml" for info, _ in members):
        raise _refuse(path, "tệp không có phần nội dung word/document.xml")
    for info, data in members:  # every XML part is checked the same way, rendered or not
        if info.filename.endswith((".xml", ".rels")):
            safe_xml(data, f"{path}:{info.filename}")
    return members


def _safe_name(name: str) -> bool:
    """A member name that stays inside the package: relative, no ``..``, no backslash or drive."""
    parts = name.split("/")
    return not (name.startswith("/") or "\\" in name or ":" in parts[0] or ".." in parts or not name)


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
        line = f" ở dòng {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise InputError([Problem(where, f"XML trong mẫu bị hỏng{line}; hãy mở và lưu lại bằng Word")],
                         headline="Mẫu văn bản không dùng được") from None
    for entity in root.iter(etree.Entity):
        raise InputError([Problem(where, f"mẫu chứa thực thể XML «{entity.name}», không được phép")],
                         headline="Mẫu văn bản không dùng được")
    return root
