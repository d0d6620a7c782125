"""The long commands typed in a terminal (pseudo-terminal), and Ctrl-C pressed at any moment.

A terminal shows progress bars (tests that redirect stderr never see them) and Ctrl-C reaches
every process of the run at once, workers included. Each run must end with exit 0 (or 130
after Ctrl-C), one Vietnamese line, no traceback from any process, and a manifest that lists
exactly the files on disk.
"""

import csv
import hashlib
from pathlib import Path

import pytest

from conftest import SAMPLES
from registers import write_csv
from terminal import run_in_terminal

PLAN = SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"
AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"
REGISTER = SAMPLES / "so-theo-doi-ho-so.xlsx"
NOT_SHOWN = ("Traceback", "KeyboardInterrupt", "Exception", "Error", "Aborted")


def _clean(screen: str) -> None:
    for word in NOT_SHOWN:
        assert word not in screen, screen


def _manifest(folder: Path) -> list[dict]:
    with open(folder / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _overdue_register(path: Path, count: int) -> Path:
    rows = [[f"HS-{i:05d}", f"Người {i}", "", "Thủ tục", "01/06/2023", "12/06/2023", "", "", "", ""]
            for i in range(count)]
    return write_csv(path, rows)


def _assert_manifest_is_the_disk(folder: Path, file_column: str, pattern: str) -> list[dict]:
    """Every document on disk is in the manifest with its SHA-256, and nothing else is; no temporary file."""
    rows = _manifest(folder)
    written = {row[file_column]: row["SHA-256"] for row in rows if row[file_column]}
    assert {p.name for p in folder.glob(pattern)} == set(written)
    for name, digest in written.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no .tmp, no PDF staging folder
    return rows


def test_batch_in_a_terminal(tmp_path):
    run = run_in_terminal(["batch", PLAN, "-o", "ket-qua"], tmp_path)
    assert run.exit_code == 0, run.screen
    assert "Đang tạo văn bản" in run.screen and "100%" in run.screen
    _clean(run.screen)
    rows = _assert_manifest_is_the_disk(tmp_path / "ket-qua", "Tệp", "*.docx")
    assert len(rows) == 8 and (tmp_path / "ket-qua" / "manifest.xlsx").is_file()


def test_stats_in_a_terminal(tmp_path):
    run = run_in_terminal(["stats", REGISTER, "--from", "01/01/2022", "--to", "15/06/2023"], tmp_path)
    assert run.exit_code == 0, run.screen
    assert "805" in run.screen
    _clean(run.screen)


@pytest.mark.slow
def test_apology_with_pdf_and_print_file_in_a_terminal(tmp_path, soffice):
    run = run_in_terminal(["apology", REGISTER, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023",
                           "--pdf", "--combined"], tmp_path)
    assert run.exit_code == 0, run.screen
    assert "Đang tạo văn bản" in run.screen and "Đang chuyển sang PDF" in run.screen
    _clean(run.screen)
    folder = tmp_path / "phieu"
    rows = _assert_manifest_is_the_disk(folder, "Tệp", "phieu-xin-loi-h*.docx")
    pdfs = {row["PDF"] for row in rows if row["PDF"]}
    assert len(pdfs) == 3 and pdfs == {p.name for p in folder.glob("phieu-xin-loi-h*.pdf")}
    assert (folder / "phieu-xin-loi-tong-hop.pdf").is_file() and (folder / "phieu-xin-loi-tong-hop.docx").is_file()


@pytest.mark.slow
def test_render_pdf_in_a_terminal(tmp_path, soffice):
    run = run_in_terminal(["render", "minutes", SAMPLES / "kiem-tra-cchc-sldtbxh-2023.yaml", "-o", "bb.docx", "--pdf"],
                          tmp_path)
    assert run.exit_code == 0, run.screen
    assert (tmp_path / "bb.pdf").stat().st_size > 0 and "Đã ghi" in run.screen


def _stopped(run) -> None:
    assert run.interrupted and run.exit_code == 130, f"exit {run.exit_code}, Ctrl-C typed: {run.interrupted}\n{run.screen}"
    assert "Đã dừng theo yêu cầu" in run.screen
    _clean(run.screen)


def test_ctrl_c_while_loading_leaves_nothing(tmp_path):
    register = _overdue_register(tmp_path / "so.csv", 6000)
    # pressed while the rows are being read (the counter is on the screen), not at a fixed time
    run = run_in_terminal(["apology", register, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023"],
                          tmp_path, press_ctrl_c_when=lambda screen: "Đang đọc sổ theo dõi hồ sơ: 1.000 dòng" in screen)
    _stopped(run)
    folder = tmp_path / "phieu"
    if (folder / "manifest.csv").exists():  # the register was read faster than the key was pressed
        _assert_manifest_is_the_disk(folder, "Tệp", "phieu-xin-loi-*.docx")
    else:
        assert not folder.exists() or not list(folder.iterdir())


def test_ctrl_c_mid_batch_then_force_completes(tmp_path):
    register = _overdue_register(tmp_path / "so.csv", 6000)
    folder = tmp_path / "phieu"
    args = ["apology", register, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023", "--jobs", "2"]
    run = run_in_terminal(args, tmp_path,
                          press_ctrl_c_when=lambda screen: len(list(folder.glob("phieu-xin-loi-*.docx"))) >= 200)
    _stopped(run)
    assert "Đang tạo văn bản" in run.screen
    rows = _assert_manifest_is_the_disk(folder, "Tệp", "phieu-xin-loi-*.docx")
    assert len(rows) == 6000 and 200 <= sum(1 for row in rows if row["Tệp"]) < 6000
    again = run_in_terminal(args + ["--force"], tmp_path)
    assert again.exit_code == 0, again.screen
    assert sum(1 for row in _assert_manifest_is_the_disk(folder, "Tệp", "phieu-xin-loi-*.docx") if row["Tệp"]) == 6000


@pytest.mark.slow
def test_ctrl_c_during_pdf_conversion(tmp_path, soffice):
    register = _overdue_register(tmp_path / "so.csv", 60)
    folder = tmp_path / "phieu"
    run = run_in_terminal(["apology", register, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023", "--pdf"],
                          tmp_path, press_ctrl_c_when=lambda screen: any(folder.glob(".pdf-*/*.pdf")))
    _stopped(run)
    rows = _assert_manifest_is_the_disk(folder, "Tệp", "phieu-xin-loi-*.docx")
    assert sum(1 for row in rows if row["Tệp"]) == 60
    made = {p.name for p in folder.glob("*.pdf")}
    assert made == {row["PDF"] for row in rows if row["PDF"].endswith(".pdf")}
    assert all(row["PDF"] in made or row["PDF"] == "chưa tạo (đã dừng)" for row in rows if row["Tệp"])


def test_serve_in_a_terminal_starts_in_vietnamese_and_stops_on_ctrl_c(tmp_path):
    import re
    import urllib.request

    answered = []

    def page_answered(screen: str) -> bool:
        """Once the start line gives the address, open the page; then press Ctrl-C."""
        found = re.search(r"http://127\.0\.0\.1:\d+/", screen)
        if found and not answered:
            with urllib.request.urlopen(found.group() + "bien-ban", timeout=10) as response:
                answered.append(response.status)
        return bool(answered)

    run = run_in_terminal(["serve", "--port", "0"], tmp_path, press_ctrl_c_when=page_answered, timeout=60)
    assert answered == [200]
    assert run.exit_code == 0, run.screen
    assert "minutes-gen đang chạy tại http://127.0.0.1:" in run.screen and "Đã tắt trang web." in run.screen
    for english in ("WARNING", "development server", "Serving", "Running on"):
        assert english not in run.screen
    _clean(run.screen)


def test_serve_on_a_taken_port_says_so(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_in_terminal(["serve", "--port", port], tmp_path, timeout=60)
    assert run.exit_code == 2 and f"cổng {port} đã có chương trình khác dùng" in run.screen
    assert "--port 0" in run.screen
    _clean(run.screen.replace("Lỗi", ""))
