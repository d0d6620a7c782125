"""Files as colleagues and Excel meet them: permissions from the umask, the -o rules, the
manifest as .xlsx with one column per field."""

import datetime as dt
import os
import stat
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from conftest import ROOT, SAMPLES, SEED

PLAN = SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"


def _run_with_umask(umask: int, *args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "minutes_gen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, preexec_fn=lambda: os.umask(umask), timeout=300)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_outputs_get_the_permissions_of_the_umask(tmp_path, umask, mode):
    single = _run_with_umask(umask, "render", "minutes", SEED, "-o", "bb.docx", cwd=tmp_path)
    assert single.returncode == 0, single.stderr
    batch = _run_with_umask(umask, "batch", PLAN, "-o", "kq", "--jobs", "2", cwd=tmp_path)
    assert batch.returncode == 0, batch.stderr
    files = [tmp_path / "bb.docx"] + list((tmp_path / "kq").iterdir())
    assert len(files) == 11
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_output_folder_receives_the_default_name(run, tmp_path):
    (tmp_path / "van-ban").mkdir()
    result = run("render", "minutes", SEED, "-o", "van-ban")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "van-ban" / "bien-ban-so-lao-dong-thuong-binh-va-xa-hoi.docx").is_file()
    new_folder = run("render", "notice", SEED, "-o", "moi/")
    assert new_folder.exit_code == 0 and (tmp_path / "moi" / "thong-bao-so-lao-dong-thuong-binh-va-xa-hoi.docx").is_file()


@pytest.mark.parametrize("name", ["bb.pdf", "bb", "bb.doc"])
def test_output_must_be_a_docx(run, tmp_path, name):
    result = run("render", "minutes", SEED, "-o", name)
    assert result.exit_code == 2 and "phải là tệp .docx" in result.output
    assert list(tmp_path.iterdir()) == []


def test_manifest_xlsx_has_one_column_per_field(run, tmp_path):
    assert run("apology", SAMPLES / "so-theo-doi-ho-so.xlsx", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
               "-o", "phieu", "--as-of", "15/06/2023").exit_code == 0
    sheet = load_workbook(tmp_path / "phieu" / "manifest.xlsx").active
    header = [cell.value for cell in sheet[1]]
    assert header == ["Hàng", "Mã hồ sơ", "Người nộp", "Kết quả", "Ngày hẹn lại", "Xin lỗi muộn", "Mẫu", "Số", "Tệp",
                      "SHA-256", "PDF", "Ký số", "Thư điện tử", "Ghi chú"]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:N{sheet.max_row}"
    assert sheet.max_row == 812  # a header and every row of the register
    dates = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True) if row[4]]
    assert len(dates) == 2 and all(isinstance(value, dt.datetime) for value in dates)
    assert sheet.column_dimensions["J"].width >= 64 and sheet.column_dimensions["A"].width < 10  # SHA-256, row
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_manifest_never_holds_a_formula(run, tmp_path):
    from registers import write_csv

    rows = [["=HYPERLINK(\"http://x\")", "+Người", "", "Thủ tục", "01/06/2023", "12/06/2023", "", "@lý do", "", ""],
            ["-HS2", "\t=1+1", "", "Thủ tục", "01/06/2023", "12/06/2023", "", "", "", ""]]
    register = write_csv(tmp_path / "so.csv", rows)
    result = run("apology", register, "--agency", SAMPLES / "co-quan-sldtbxh.yaml", "-o", "phieu", "--as-of",
                 "15/06/2023")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / "phieu" / "manifest.xlsx").active
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert "'=HYPERLINK(\"http://x\")" in values and "'+Người" in values
    text = (tmp_path / "phieu" / "manifest.csv").read_text(encoding="utf-8-sig")
    assert "\n=" not in text and ",=" not in text and ",+" not in text and ",@" not in text


@pytest.mark.slow
def test_libreoffice_calc_reads_no_formula_from_our_tables(run, tmp_path, soffice):
    """Spreadsheet software itself (LibreOffice Calc) opens the manifest and the register export
    and finds text, never a formula."""
    from registers import write_csv

    rows = [['=HYPERLINK("http://x","bấm")', "+Người", "", "Thủ tục", "01/06/2023", "12/06/2023", "", "@SUM(1)", "", ""],
            ["HS-2", "=cmd|' /C calc'!A0", "", "Thủ tục", "01/06/2023", "12/06/2023", "", "-1+1", "", ""]]
    register = write_csv(tmp_path / "so.csv", rows)
    assert run("apology", register, "--agency", SAMPLES / "co-quan-sldtbxh.yaml", "-o", "phieu", "--as-of",
               "15/06/2023", "--number", "auto", "--db", "so.db").exit_code == 0
    assert run("register", "export", "so-dang-ky.csv", "--db", "so.db").exit_code == 0
    tables = [tmp_path / "phieu" / "manifest.csv", tmp_path / "phieu" / "manifest.xlsx", tmp_path / "so-dang-ky.csv"]
    for table in tables:
        outdir = tmp_path / f"calc-{table.stem}-{table.suffix[1:]}"
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(outdir), str(table)],
                       check=True, capture_output=True, timeout=180)
        sheet = load_workbook(outdir / f"{table.stem}.xlsx").active
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"], table
        texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert any(text.startswith("'=") for text in texts), table
