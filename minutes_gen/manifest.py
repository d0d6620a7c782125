"""The batch manifest: one row per document, UTF-8 with BOM so that Excel opens it."""

import csv
import hashlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import ClassVar

from minutes_gen.engine.output import atomic_text_file

MANIFEST_NAME = "manifest.csv"
@dataclass
class ManifestRow:
    """What happened to one document of a batch."""

    HEADERS: ClassVar[dict] = {"unit": "Đơn vị", "kind": "Loại văn bản", "number": "Số", "file": "Tệp",
                               "sha256": "SHA-256", "pdf": "PDF", "status": "Trạng thái", "detail": "Ghi chú"}

    unit: str
    kind: str
    number: str = ""
    file: str = ""
    sha256: str = ""
    pdf: str = ""
    status: str = "đã ghi"
    detail: str = ""


STATUS_WRITTEN = ManifestRow.status
STATUS_SKIPPED = "bỏ qua"
STATUS_NOT_WRITTEN = "chưa ghi (đã dừng)"
STATUS_FAILED = "lỗi"


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def write_csv(handle, rows, row_type) -> None:
    """Write rows of a dataclass with ``HEADERS`` as CSV (Excel dialect) to a text handle."""
    writer = csv.writer(handle)
    names = [f.name for f in fields(row_type)]
    writer.writerow([row_type.HEADERS[name] for name in names])
    for row in rows:
        writer.writerow([getattr(row, name) for name in names])


def write_manifest(folder: Path, rows: list, row_type=ManifestRow) -> Path:
    """Write ``manifest.csv`` (UTF-8 with BOM, so Excel opens it) atomically, row by row."""
    path = Path(folder) / MANIFEST_NAME
    with atomic_text_file(path, encoding="utf-8-sig", force=True) as handle:
        write_csv(handle, rows, row_type)
    return path
