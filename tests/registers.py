"""Small dossier registers written by tests (CSV and XLSX)."""

import csv
from pathlib import Path

from openpyxl import Workbook

HEADERS = ["Mã hồ sơ", "Họ và tên", "Giới tính", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả",
           "Ngày trả kết quả", "Lý do chậm", "Đã xin lỗi", "Ngày hẹn lại"]


def write_csv(path: Path, rows: list[list], headers=HEADERS, encoding="utf-8-sig", title: str | None = None) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        if title:
            writer.writerow([title])
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], headers=HEADERS, title_rows: int = 0) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for index in range(title_rows):
        sheet.append([f"Dòng tiêu đề {index + 1}"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def dossiers_and_problems(*args, **kwargs):
    """``load_dossiers`` as a pair (valid dossiers, problems)."""
    from minutes_gen.model.dossier import load_dossiers

    loaded = load_dossiers(*args, **kwargs)
    return loaded.dossiers, loaded.problems
