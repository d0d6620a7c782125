"""Whether the number register and the documents agree (``register verify``, ``office check``):
numbers missing from a series, numbers that no document carries, documents without a live number.

A series must hold every number from 01 to its highest (a voided number still counts: it stays
in the register). A live number of the office server names the document that carries it
(``office:<id>``, or ``office:<id>/<letter>`` inside an apology run's .zip); one given on the
command line names its file.
"""

from dataclasses import dataclass
from pathlib import Path

from minutes_gen.register.entries import OFFICE_FILE, STATUS_ISSUED, IssuedNumber
from minutes_gen.register.sql import SqlRegister
from minutes_gen.vn.numbers import document_number



@dataclass(frozen=True)
class Finding:
    """One disagreement, said in Vietnamese."""

    what: str       # "gap", "no_document", "no_number"
    message: str


def _gaps(entries: list[IssuedNumber], per_type: bool) -> list[Finding]:
    series: dict[tuple, set[int]] = {}
    for entry in entries:  # a symbol is «BB-ĐKT»: type, then the issuing body
        shown = entry.symbol if per_type else entry.symbol.split("-", 1)[-1]
        series.setdefault((entry.year, shown), set()).add(entry.number)
    findings = []
    for (year, shown), numbers in sorted(series.items()):
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
        if missing:
            listed = ", ".join(document_number(n) for n in missing[:20]) + (" …" if len(missing) > 20 else "")
            findings.append(Finding("gap", f"dãy số {shown} năm {year} thiếu {len(missing)} số: {listed} "
                                           "(không có trong sổ, kể cả số đã hủy)"))
    return findings


def _carrier_missing(entry: IssuedNumber, documents: dict[int, str]) -> str | None:
    """Why no document carries the live number ``entry`` (None: one does)."""
    if not entry.output_file:
        return "chưa gắn với văn bản nào"
    if entry.output_file.startswith(OFFICE_FILE):
        document_id = entry.output_file[len(OFFICE_FILE):].split("/", 1)[0]
        if not document_id.isdigit() or int(document_id) not in documents:
            return f"ghi văn bản số {document_id} mà máy chủ không có"
        return None
    if not Path(entry.output_file).exists():
        return f"cấp ở dòng lệnh cho tệp {entry.output_file}, tệp không còn ở đó"
    return None


def check(register: SqlRegister, documents: dict[int, str] | None = None,
          numbered: dict[int, int | None] | None = None) -> list[Finding]:
    """Every disagreement in ``register``'s series. ``documents``: the owner's documents kept by
    the office server (id → kind); ``numbered``: which register entry each of its documents that
    must carry a number of its own names (id → entry id or None)."""
    entries = register.entries()
    findings = _gaps(entries, register.series_mode == "type")
    documents = documents or {}
    live = {entry.id for entry in entries if entry.status == STATUS_ISSUED}
    for entry in entries:
        if entry.status == STATUS_ISSUED and (why := _carrier_missing(entry, documents)) is not None:
            findings.append(Finding("no_document", f"số {entry.text} năm {entry.year} («{entry.record_key}») {why}"))
    for document_id, entry_id in sorted((numbered or {}).items()):
        if entry_id is None:
            findings.append(Finding("no_number", f"văn bản số {document_id} ({documents[document_id]}) chưa được cấp số"))
        elif entry_id not in live:
            findings.append(Finding("no_number", f"văn bản số {document_id} ({documents[document_id]}) mang số đã hủy "
                                                 "hoặc không còn trong sổ của cơ quan"))
    return findings


def report(findings: list[Finding], where: str) -> str:
    """What ``register verify`` prints: every finding, or that all agrees."""
    if not findings:
        return f"{where}: sổ số khớp với văn bản (không thiếu số, không có số thiếu văn bản hay văn bản thiếu số)."
    return "\n".join([f"{where}: {len(findings)} điểm không khớp:"] + [f"  - {f.message}" for f in findings])
