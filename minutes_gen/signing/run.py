"""Signing many files with keys opened once: each file on its own (a failure is that file's
result, the others go on), read and placed once for every signature it gets, written in place
atomically, never signed twice for one role."""

import os
from pathlib import Path

from minutes_gen.engine.output import write_atomic
from minutes_gen.errors import InputError, Problem, explain_os_error
from minutes_gen.signing.placement import attachment_pages, page_lines, printed_number, signature_space
from minutes_gen.signing.stamp import FIELDS, Stamp, sign_attachment, sign_bytes, signed_fields

AGENCY_AFTER_PERSON = "chưa có chữ ký của người có thẩm quyền; cơ quan ký sau người ký"


def _read_pdf(path: Path) -> bytes:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError([Problem(str(path), f"không đọc được tệp ({explain_os_error(error)})")]) from None
    if not data.startswith(b"%PDF"):
        raise InputError([Problem(str(path), "không phải tệp PDF")])
    return data


def _refuse_out_of_order(path: Path, role: str, present: set[str], force: bool) -> None:
    if FIELDS[role] in present and not force:
        raise InputError([Problem(str(path), "tệp đã có chữ ký này rồi; không ký lần hai (dùng --force nếu thật cần)")])
    if role == "agency" and FIELDS["person"] not in present and not force:
        raise InputError([Problem(str(path), AGENCY_AFTER_PERSON)])


def _reason(error: Exception) -> str:
    """What a file's failure says (Vietnamese): ours, or the signing library's in general words."""
    if isinstance(error, InputError):
        return "; ".join(problem.message for problem in error.problems)
    detail = f" ({type(error).__name__}: {error})" if os.environ.get("MINUTES_GEN_DEBUG") else ""
    return f"không ký được: thư viện ký số báo lỗi{detail}; chạy lại với MINUTES_GEN_DEBUG=1 để xem chi tiết"


def _with_signature(data: bytes, stamp: Stamp, lines: list, name: str, path: Path) -> bytes:
    """``data`` signed by ``stamp`` where ``lines`` (the PDF's text) put the signature; the
    agency signs each appendix too, without image (ND30)."""
    space = signature_space(lines, name, path)
    signed = sign_bytes(data, stamp, space)
    if stamp.role == "agency":
        number = printed_number(lines)
        for index, page in enumerate(attachment_pages(lines, space.page), start=1):
            signed = sign_attachment(signed, stamp, page, number, index)
    return signed


def sign_one(path: Path, stamps: list[Stamp], name: str, force: bool) -> tuple[str, str]:
    """Sign ``path`` in place by every stamp in order, one incremental update each (its text is
    read once for all); return ("", "") when all signed, else the role that failed and why.
    What was signed before a failure is kept."""
    try:
        data = original = _read_pdf(path)
        present, lines = signed_fields(data), None
    except Exception as error:  # not readable, not a PDF, or a PDF the signing library cannot read
        return stamps[0].role, _reason(error)
    failure = ("", "")
    for stamp in stamps:
        try:
            _refuse_out_of_order(path, stamp.role, present, force)
            lines = lines if lines is not None else page_lines(data)
            data = _with_signature(data, stamp, lines, name, path)
            present.add(FIELDS[stamp.role])
        except Exception as error:  # this file's result, in Vietnamese; the batch goes on
            failure = (stamp.role, _reason(error))
            break
    try:
        if data is not original:
            write_atomic(path, data, force=True)
    except Exception as error:  # a file that cannot be written: none of its signatures is kept
        return stamps[0].role, _reason(error)
    return failure


def sign_files(files: list[Path], stamps: list[Stamp], name: str, force: bool,
               progress=lambda done, total, stage: None) -> dict[Path, tuple[str, str]]:
    """Sign every file by every stamp; return each file's result (see ``sign_one``)."""
    results = {}
    for done, path in enumerate(files, start=1):
        results[path] = sign_one(path, stamps, name, force)
        progress(done, len(files), "sign")
    return results
