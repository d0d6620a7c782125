"""The register as people read it: a list on screen, JSON, or the Excel-friendly
sổ đăng ký văn bản đi (ND30 Phụ lục IV, columns kept to what minutes-gen knows)."""

import dataclasses
import json
import re

from minutes_gen.register.entries import STATUS_VOID, IssuedNumber
from minutes_gen.outputs.sheets import csv_bytes
from minutes_gen.vn.dates import numeric_date, parse_date

KIND_NAMES = {"minutes": "Biên bản", "notice": "Thông báo", "apology": "Phiếu xin lỗi"}
_NUMBER = re.compile(r"^\s*(\d+)\s*/\s*(\S+)\s*$")
EXPORT_HEADERS = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
                  "Người ký", "Đơn vị, hồ sơ liên quan", "Tệp", "SHA-256", "Thời điểm cấp số", "Ghi chú"]


def parse_number_symbol(text: str) -> tuple[int, str]:
    """``07/BB-ĐKT`` -> ``(7, "BB-ĐKT")``; ``ValueError`` (Vietnamese) otherwise."""
    match = _NUMBER.match(text)
    if not match:
        raise ValueError(f"«{text}» không có dạng số/ký hiệu, ví dụ 07/BB-ĐKT")
    return int(match.group(1)), match.group(2).upper()


def _note(entry: IssuedNumber) -> str:
    return f"Đã hủy: {entry.void_reason}" if entry.status == STATUS_VOID else ""


def as_lines(entries: list[IssuedNumber]) -> str:
    """One line per number, for the screen."""
    if not entries:
        return "Sổ chưa có số nào."
    lines = []
    for entry in entries:
        note = f"  [{_note(entry)}]" if _note(entry) else ""
        lines.append(f"{entry.text:<18}{numeric_date(parse_date(entry.doc_date))}  "
                     f"{KIND_NAMES.get(entry.kind, entry.kind):<14}{entry.record_key}{note}")
    return "\n".join(lines)


def as_json(entries: list[IssuedNumber]) -> str:
    """Every field of every number."""
    return json.dumps([{**dataclasses.asdict(e), "text": e.text} for e in entries], ensure_ascii=False, indent=2)


def as_csv(entries: list[IssuedNumber]) -> bytes:
    """The sổ đăng ký văn bản đi as CSV, UTF-8 with BOM so that Excel opens it (no live formula)."""
    return csv_bytes(EXPORT_HEADERS, ([entry.text, numeric_date(parse_date(entry.doc_date)),
                                       f"{KIND_NAMES.get(entry.kind, entry.kind)}: {entry.summary}".rstrip(": "),
                                       entry.signer, entry.record_key, entry.output_file, entry.sha256,
                                       entry.issued_at, _note(entry)] for entry in entries))
