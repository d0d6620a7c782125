"""Nothing false is ever said or written: one dossier, one letter; outputs never through a
link; dates and counts that cannot be true are refused where they are written."""

import os

import pytest

from conftest import SAMPLES, SEED, write_yaml
from registers import HEADERS, write_csv

AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"


def _row(code, applicant="Nguyễn Văn A", received="01/06/2023", due="12/06/2023", returned=""):
    return [code, applicant, "Nam", "Thủ tục", received, due, returned, "", "", ""]


def test_one_code_on_two_rows_is_an_error_naming_both(run, tmp_path):
    register = write_csv(tmp_path / "so.csv", [_row("HS-1"), _row("HS-2"), _row("hs-1", "Trần Thị B")])
    result = run("apology", register, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023")
    assert result.exit_code == 2
    assert "hàng 2, cột «Mã hồ sơ»: mã hồ sơ «HS-1» lặp lại ở hàng 4" in result.output
    assert "hàng 4, cột «Mã hồ sơ»: mã hồ sơ «hs-1» đã có ở hàng 2" in result.output
    assert not (tmp_path / "phieu").exists()


def test_with_skip_invalid_neither_row_gets_a_letter(run, tmp_path):
    register = write_csv(tmp_path / "so.csv", [_row("HS-1"), _row("HS-2"), _row("HS-1", "Trần Thị B")])
    result = run("apology", register, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023", "--skip-invalid")
    assert result.exit_code == 0, result.output
    letters = sorted(p.name for p in (tmp_path / "phieu").glob("phieu-xin-loi-*.docx"))
    assert letters == ["phieu-xin-loi-hs-2.docx"]
    manifest = (tmp_path / "phieu" / "manifest.csv").read_text(encoding="utf-8-sig")
    assert manifest.count("dữ liệu lỗi") == 2 and "Trần Thị B" in manifest and "Nguyễn Văn A" in manifest


@pytest.mark.parametrize("dangling", [True, False])
def test_a_link_is_never_written_through(run, tmp_path, dangling):
    target = tmp_path / ("khong-co" if dangling else "that.docx")
    if not dangling:
        target.write_bytes(b"giu nguyen")
    os.symlink(target, tmp_path / "bb.docx")
    refused = run("render", "minutes", SEED, "-o", "bb.docx")
    assert refused.exit_code == 2 and "liên kết (symlink)" in refused.output and "Đã ghi" not in refused.output
    assert (tmp_path / "bb.docx").is_symlink()
    assert dangling or target.read_bytes() == b"giu nguyen"
    forced = run("render", "minutes", SEED, "-o", "bb.docx", "--force")
    assert forced.exit_code == 0 and not (tmp_path / "bb.docx").is_symlink()
    assert (tmp_path / "bb.docx").read_bytes().startswith(b"PK")
    assert dangling or target.read_bytes() == b"giu nguyen"  # the link was replaced, its target untouched


def test_a_return_after_the_letter_date_is_an_error(run, tmp_path):
    register = write_csv(tmp_path / "so.csv", [_row("HS-1", due="01/06/2023", returned="01/02/2030")])
    result = run("apology", register, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023")
    assert result.exit_code == 2 and "ngày 01/02/2030 sau ngày lập phiếu (15/06/2023)" in result.output


@pytest.mark.parametrize("value", ["01/01/1800", "31/12/9999", "2150-01-01"])
def test_register_dates_outside_1900_2100(run, tmp_path, value):
    register = write_csv(tmp_path / "so.csv", [_row("HS-1", received=value)])
    result = run("stats", register, "--from", "01/01/2023", "--to", "31/12/2023")
    assert result.exit_code == 2 and "nằm ngoài khoảng 1900–2100" in result.output


def test_inspection_dates_outside_1900_2100(run, tmp_path, seed_text):
    path = write_yaml(tmp_path, seed_text.replace("  date: 12/07/2023", "  date: 31/12/9999"))
    result = run("validate", path)
    assert result.exit_code == 2 and "năm 9999 nằm ngoài khoảng 1900–2100" in result.output


@pytest.mark.parametrize("days", ["0", "100000000"])
def test_remediation_days_must_make_sense(run, tmp_path, seed_text, days):
    path = write_yaml(tmp_path, seed_text.replace("  working_days: 30", f"  working_days: {days}"))
    result = run("validate", path)
    assert result.exit_code == 2 and "remediation.working_days: phải từ 1 đến 1000" in result.output


def test_extension_days_must_make_sense(run, tmp_path):
    agency = write_yaml(tmp_path, AGENCY.read_text(encoding="utf-8").replace("extend_days: 5", "extend_days: 0"),
                        "cq.yaml")
    result = run("apology", SAMPLES / "so-theo-doi-ho-so.csv", "--agency", agency, "-o", "phieu")
    assert result.exit_code == 2 and "extend_days: phải từ 1 đến 1000" in result.output
    assert run("deadline", "01/01/2024", "100000000").exit_code == 2


@pytest.mark.parametrize("text", ['"Sở\\x0cTư pháp"', '"Sở\\aTư pháp"', '"Sở\\x1bTư pháp"'])
def test_control_characters_in_yaml_are_errors(run, tmp_path, seed_text, text):
    path = write_yaml(tmp_path, seed_text.replace("  name: Sở Lao động, Thương binh và Xã hội",
                                                  f"  name: {text}", 1))
    result = run("validate", path)
    assert result.exit_code == 2 and "ký tự điều khiển không in được" in result.output


def test_control_characters_in_a_register_are_errors(run, tmp_path):
    register = write_csv(tmp_path / "so.csv", [_row("HS-1", "Nguyễn\x07Văn A")])
    result = run("stats", register, "--from", "01/01/2023", "--to", "31/12/2023")
    assert result.exit_code == 2 and "hàng 2, cột «Họ và tên»" in result.output and "U+0007" in result.output


@pytest.mark.parametrize("value", ["10000000000000000000000000", "9" * 5000])
def test_huge_counts_are_errors(run, tmp_path, seed_text, value):
    path = write_yaml(tmp_path, seed_text.replace("    received: 805", f"    received: {value}"))
    result = run("validate", path)
    assert result.exit_code == 2 and "số quá lớn" in result.output


def test_yaml_nested_too_deep(run, tmp_path):
    deep = "a: " + "[" * 600 + "]" * 600 + "\n"
    result = run("validate", write_yaml(tmp_path, deep))
    assert result.exit_code == 2 and "lồng nhau quá sâu" in result.output
    block = "".join("  " * i + f"k{i}:\n" for i in range(120)) + "  " * 120 + "v: 1\n"
    result = run("validate", write_yaml(tmp_path, block, "block.yaml"))
    assert result.exit_code == 2 and "lồng nhau quá sâu" in result.output
