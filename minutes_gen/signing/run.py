"""Signing many files with one opened key: each file on its own (a failure is that file's
result, the others go on), written in place atomically, never signed twice for one role."""

import os
from pathlib import Path

from minutes_gen.engine.output import write_atomic
from minutes_gen.errors import InputError, explain_os_error
from minutes_gen.signing.placement import attachment_pages, page_lines, printed_number, signature_space
from minutes_gen.signing.stamp import FIELDS, Appearance, sign_attachment, sign_bytes, signed_fields


def sign_one(path: Path, role: str, name: str, signer, appearance: Appearance, force: bool) -> None:
    """Sign ``path`` in place (one incremental update); ``InputError`` says why not."""
    from minutes_gen.errors import Problem

    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError([Problem(str(path), f"không đọc được tệp ({explain_os_error(error)})")]) from None
    if not data.startswith(b"%PDF"):
        raise InputError([Problem(str(path), "không phải tệp PDF")])
    present = signed_fields(data)
    if FIELDS[role] in present and not force:
        raise InputError([Problem(str(path), "tệp đã có chữ ký này rồi; không ký lần hai (dùng --force nếu thật cần)")])
    if role == "agency" and FIELDS["person"] not in present and not force:
        raise InputError([Problem(str(path), "chưa có chữ ký của người có thẩm quyền; cơ quan ký sau người ký")])
    lines = page_lines(data)  # once: the signature's place, the appendices, the printed number
    space = signature_space(lines, name, path)
    signed = sign_bytes(data, role, signer, space, appearance)
    if role == "agency":  # each appendix is signed by the agency too, without image (ND30)
        number = printed_number(lines)
        for index, page in enumerate(attachment_pages(lines, space.page), start=1):
            signed = sign_attachment(signed, signer, page, number, index)
    write_atomic(path, signed, force=True)


def sign_files(files: list[Path], role: str, name: str, signer, appearance: Appearance, force: bool,
               progress=lambda done, total, stage: None) -> dict[Path, str]:
    """Sign every file; return each file's result: "" when signed, else why not (Vietnamese)."""
    results = {}
    for done, path in enumerate(files, start=1):
        try:
            sign_one(path, role, name, signer, appearance, force)
            results[path] = ""
        except InputError as error:
            results[path] = "; ".join(problem.message for problem in error.problems)
        except Exception as error:  # the signing library's own failure: that file's result, in Vietnamese
            detail = f" ({type(error).__name__}: {error})" if os.environ.get("MINUTES_GEN_DEBUG") else ""
            results[path] = f"không ký được: thư viện ký số báo lỗi{detail}; chạy lại với MINUTES_GEN_DEBUG=1 để xem chi tiết"
        progress(done, len(files), "sign")
    return results
