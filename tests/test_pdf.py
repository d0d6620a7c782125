"""PDF output through LibreOffice: Vietnamese text survives, a serif font is embedded, page
numbers from page 2, one print file per batch, clear failures."""

import csv
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import SAMPLES, SEED
from minutes_gen.cli import cli

PLAN = SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"


def pdf_text(path, first=None, last=None) -> str:
    pages = (["-f", str(first), "-l", str(last)] if first else [])
    return subprocess.run(["pdftotext", *pages, str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_minutes_pdf_keeps_text_fonts_and_page_numbers(run, tmp_path, soffice):
    result = run("render", "minutes", SEED, "-o", "bb.docx", "--pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "bb.pdf"
    text = pdf_text(pdf)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hoàng Mạnh Hùng",
                 "Nguyễn Đình Tương", "Lê Thị Mai Phương", "Sở Lao động, Thương binh và Xã hội",
                 "CẢI CÁCH HÀNH CHÍNH", "BIÊN BẢN", "Kiểm tra công tác cải cách hành chính năm 2023"):
        assert line in text, line
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    serif = [row for row in fonts.splitlines()[2:] if "Serif" in row or "Times" in row or "Tinos" in row]
    assert serif and all(row.split()[-5] == "yes" for row in serif)  # the "emb" column
    assert len(PdfReader(str(pdf)).pages) >= 2
    first_page = [line.strip() for line in pdf_text(pdf, 1, 1).splitlines() if line.strip()]
    second_page = [line.strip() for line in pdf_text(pdf, 2, 2).splitlines() if line.strip()]
    assert first_page[0] != "1" and "1" not in first_page[:2]
    assert second_page[0] == "2"


@pytest.mark.slow
def test_batch_pdf_and_print_file(run, tmp_path, soffice):
    result = run("batch", PLAN, "-o", "kq", "--pdf", "--combined")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "kq"
    with open(folder / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["PDF"] == row["Tệp"].replace(".docx", ".pdf") for row in rows)
    parts = [PdfReader(str(folder / row["PDF"])) for row in rows]
    combined = PdfReader(str(folder / "ban-in-tong-hop.pdf"))
    assert len(combined.pages) == sum(len(part.pages) for part in parts)
    text = pdf_text(folder / "ban-in-tong-hop.pdf")
    order = [text.index(name) for name in ("Sở Lao động, Thương binh", "Sở Tư pháp", "Krông Pắc", "Sở Giao thông")]
    assert order == sorted(order)


@pytest.mark.slow
def test_apology_pdf_and_combined(run, tmp_path, soffice):
    result = run("apology", SAMPLES / "so-theo-doi-ho-so.xlsx", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
                 "-o", "phieu", "--as-of", "15/06/2023", "--pdf", "--combined")
    assert result.exit_code == 0, result.output
    combined = tmp_path / "phieu" / "phieu-xin-loi-tong-hop.pdf"
    assert len(PdfReader(str(combined)).pages) == 3
    assert pdf_text(combined).count("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ") == 2  # the third was returned late
    assert "Kính gửi: Công ty TNHH Dịch vụ việc làm Tây Nguyên." in pdf_text(combined)


def test_without_libreoffice_pdf_fails_at_once(run, tmp_path, monkeypatch):
    monkeypatch.setattr("minutes_gen.engine.pdf.find_soffice", lambda: None)
    for args in (["render", "minutes", SEED, "-o", "bb.docx"], ["batch", PLAN, "-o", "kq"],
                 ["apology", SAMPLES / "so-theo-doi-ho-so.csv", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
                  "-o", "phieu"]):
        result = run(*args, "--pdf")
        assert result.exit_code == 2, result.output
        assert "sudo apt-get install -y libreoffice-writer-nogui fonts-liberation2" in result.output
    assert list(tmp_path.iterdir()) == []


def test_batch_combined_needs_pdf(run):
    result = run("batch", PLAN, "-o", "kq", "--combined")
    assert result.exit_code == 2 and "dùng cùng --pdf" in result.output


def test_a_hanging_conversion_is_killed_retried_and_reported(tmp_path, monkeypatch):
    from minutes_gen.engine import pdf

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho $$ >> \"$(dirname \"$0\")/started\"\nsleep 600\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    monkeypatch.setattr(pdf, "SECONDS_BASE", 1)
    monkeypatch.setattr(pdf, "SECONDS_PER_FILE", 0)
    source = tmp_path / "a.docx"
    source.write_bytes(b"not converted")
    errors = pdf.convert_to_pdf([source])
    assert errors == {source: "LibreOffice không chuyển được tệp này sang PDF"}
    assert len((tmp_path / "started").read_text().split()) == 2  # tried, killed, tried once more
    assert not source.with_suffix(".pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pdf-")] == []


def test_doctor_reports(run):
    result = run("doctor")
    assert "Thư viện Python:" in result.output and "LibreOffice:" in result.output
    assert result.exit_code in (0, 1)


def test_a_long_run_restarts_libreoffice_every_so_many_files_and_converts_them_all(tmp_path, monkeypatch, soffice):
    """One LibreOffice process given 25,000 files lost all but a few hundred (bench_memory.py at
    50,000 letters): each lane starts a fresh process every FILES_PER_PROCESS files (here 2), the
    real LibreOffice behind a wrapper that notes each start."""
    import shutil

    from minutes_gen.engine import pdf
    from minutes_gen.engine.pdf import find_soffice

    real = find_soffice()
    wrapper = tmp_path / "soffice"
    wrapper.write_text(f"#!/bin/sh\necho $$ >> \"$(dirname \"$0\")/started\"\nexec {real} \"$@\"\n")
    wrapper.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(wrapper))
    monkeypatch.setattr(pdf, "FILES_PER_PROCESS", 2)
    folder = tmp_path / "vb"
    folder.mkdir()
    assert CliRunner().invoke(cli, ["render", "minutes", str(SEED), "-o", str(tmp_path / "bb.docx")]).exit_code == 0
    files = [Path(shutil.copy(tmp_path / "bb.docx", folder / f"bb-{n}.docx")) for n in range(5)]
    assert pdf.convert_to_pdf(files, jobs=1) == {}
    assert all(path.with_suffix(".pdf").stat().st_size > 1000 for path in files)
    assert len((tmp_path / "started").read_text().split()) == 3  # 2 + 2 + 1 files


def test_letters_whose_pdf_could_not_be_made_are_said_and_the_exit_code_is_1(run, tmp_path, monkeypatch):
    from minutes_gen.engine import pdf

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")  # converts nothing
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(fake))
    result = run("apology", SAMPLES / "so-theo-doi-ho-so.csv", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
                 "-o", "phieu", "--as-of", "15/06/2023", "--pdf")
    assert result.exit_code == 1, result.output
    assert "Không tạo được PDF cho 3 văn bản — xem cột «PDF» của danh sách" in result.output
    assert len(list((tmp_path / "phieu").glob("*.docx"))) == 3 and not list((tmp_path / "phieu").glob("*.pdf"))
