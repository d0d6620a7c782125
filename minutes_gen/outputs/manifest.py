"""The manifest of a run: one row per document, as ``manifest.csv`` (UTF-8 with BOM) and as
``manifest.xlsx`` (which Excel opens with one column per field whatever its list separator)."""

import hashlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import ClassVar

from minutes_gen.engine.interrupts import sigint_deferred
from minutes_gen.engine.output import atomic_text_file, write_atomic
from minutes_gen.errors import OutputError, Problem
from minutes_gen.outputs.sheets import write_csv_rows, xlsx_bytes
from minutes_gen.vn.dates import parse_date

MANIFEST_NAME = "manifest.csv"
MANIFEST_XLSX = "manifest.xlsx"
MANIFEST_FILES = (MANIFEST_NAME, MANIFEST_XLSX)


@dataclass
class ManifestRow:
    """What happened to one document of a batch."""

    HEADERS: ClassVar[dict] = {"unit": "Đơn vị", "kind": "Loại văn bản", "number": "Số", "file": "Tệp",
                               "sha256": "SHA-256", "pdf": "PDF", "signed": "Ký số", "status": "Trạng thái",
                               "detail": "Ghi chú"}

    unit: str
    kind: str
    number: str = ""
    file: str = ""
    sha256: str = ""
    pdf: str = ""
    signed: str = ""
    status: str = "đã ghi"
    detail: str = ""


STATUS_WRITTEN = ManifestRow.status
STATUS_SKIPPED = "bỏ qua"
STATUS_NOT_WRITTEN = "chưa ghi (đã dừng)"
STATUS_FAILED = "lỗi"


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def manifest_paths(folder: Path) -> list[Path]:
    """The files a run's manifest is written to (to refuse existing ones up front)."""
    return [Path(folder) / name for name in MANIFEST_FILES]


def _values(row, names: list[str], dates: frozenset) -> list:
    return [_as_date(getattr(row, name)) if name in dates else getattr(row, name) for name in names]


def _as_date(text: str):
    try:
        return parse_date(text) if text else text
    except ValueError:
        return text


def write_manifest(folder: Path, rows: list, row_type=ManifestRow) -> Path:
    """Write ``manifest.csv`` and ``manifest.xlsx`` (each atomically, both whole even on Ctrl-C);
    return the CSV's path. Columns named in the row type's ``DATES`` are dates in the .xlsx.

    When the manifest itself cannot be written (a full disk), the error names every document
    that was written before, so the user knows exactly what is on disk."""
    try:
        return _write_manifest(folder, rows, row_type)
    except OutputError as error:
        written = [row.file for row in rows if row.file]
        shown = ", ".join(written[:SHOWN_FILES]) + (f" và {len(written) - SHOWN_FILES} tệp khác" if len(written) > SHOWN_FILES else "")
        problems = error.problems + ([Problem(str(folder), f"đã ghi trọn vẹn {len(written)} văn bản: {shown}")]
                                     if written else [])
        raise OutputError(problems, footer="Danh sách (manifest) chưa ghi được; những văn bản kể trên là đầy đủ."
                          if written else "") from None


SHOWN_FILES = 50


def _write_manifest(folder: Path, rows: list, row_type) -> Path:
    names = [f.name for f in fields(row_type)]
    headers = [row_type.HEADERS[name] for name in names]
    dates = frozenset(getattr(row_type, "DATES", ()))
    path = Path(folder) / MANIFEST_NAME
    with sigint_deferred():
        with atomic_text_file(path, "utf-8-sig", force=True) as handle:  # row by row, never one big string
            write_csv_rows(handle, headers, ([getattr(row, n) for n in names] for row in rows))
        write_atomic(Path(folder) / MANIFEST_XLSX,
                     xlsx_bytes(headers, lambda: (_values(row, names, dates) for row in rows), "Manifest"), force=True)
    return path
