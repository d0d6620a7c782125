"""Registers made to exhaust a reader: each ends within 90 s and 2 GB, exit 2, one clear
Vietnamese message naming where, no traceback, nothing written."""

import os
import resource
import subprocess
import sys
import time

import pytest

import bombs
from conftest import ROOT, SAMPLES
from registers import write_csv

AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"
MEMORY_LIMIT = 2 * 1024 ** 3


def _bounded_run(*args, cwd, env=None):
    """minutes-gen under an address-space limit of 2 GB; returns (result, seconds)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("MINUTES_GEN_DEBUG", None)
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "minutes_gen", *map(str, args)], cwd=cwd, env=environment,
                            capture_output=True, text=True, preexec_fn=limit, timeout=90)
    return result, time.monotonic() - start


def _refused(tmp_path, register, *expected):
    result, _ = _bounded_run("apology", register, "--agency", AGENCY, "-o", "phieu", "--as-of", "15/06/2023",
                             "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "phieu").exists()
    stats, _ = _bounded_run("stats", register, "--from", "01/01/2023", "--to", "31/12/2023", cwd=tmp_path)
    assert stats.returncode == 2 and expected[0] in stats.stderr


@pytest.mark.slow
def test_a_cell_of_a_hundred_megabytes(tmp_path):
    register = bombs.huge_cell(tmp_path / "o-lon.xlsx", 100 * 1024 * 1024)
    assert register.stat().st_size < 1024 * 1024
    _refused(tmp_path, register, "ô dài hơn 10.000 ký tự", "hàng 2", "cột «A»")


@pytest.mark.slow
def test_a_gibibyte_cell_is_refused_before_unpacking(tmp_path):
    register = bombs.huge_cell(tmp_path / "o-1gb.xlsx", 1024 ** 3 + 1024)
    _refused(tmp_path, register, "khi giải nén lớn")


@pytest.mark.slow
def test_twenty_million_shared_strings(tmp_path):
    register = bombs.many_shared_strings(tmp_path / "chuoi.xlsx", 20_000_000)
    assert register.stat().st_size < 2 * 1024 * 1024
    _refused(tmp_path, register, "hơn 2.000.000 chuỗi văn bản")


@pytest.mark.slow
def test_ten_million_empty_rows(tmp_path):
    register = bombs.many_empty_rows(tmp_path / "dong-trong.xlsx", 10_000_000)
    _refused(tmp_path, register, "quá hàng cuối của bảng tính")


def test_empty_rows_to_the_sheet_end_are_fine(tmp_path):
    """Formatting down to Excel's last row (a real habit) is not an error."""
    register = bombs.many_empty_rows(tmp_path / "dinh-dang.xlsx", 1_048_574)
    result, _ = _bounded_run("stats", register, "--from", "01/01/2023", "--to", "31/12/2023", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "01" in result.stdout


def test_data_after_a_long_gap_is_an_error_not_dropped(tmp_path):
    gap = [b'<row r="%d"/>' % n for n in range(3, 2003)]
    register = bombs.write_xlsx(tmp_path / "khoang.xlsx", bombs.sheet(bombs.header_row(), bombs.data_row(2), *gap,
                                                                        bombs.data_row(2003)))
    _refused(tmp_path, register, "có dữ liệu sau hơn 1.000 dòng trống liền nhau", "hàng 2003")


@pytest.mark.parametrize("workbook, said", [
    ("<workbook><sheets>", "bị hỏng"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><workbook/>', "DTD"),
])
def test_broken_or_crafted_workbook_xml(tmp_path, workbook, said):
    register = bombs.write_xlsx(tmp_path / "hong.xlsx", bombs.sheet(bombs.header_row()), workbook=workbook)
    _refused(tmp_path, register, said)


def test_csv_with_a_bare_carriage_return(tmp_path):
    """A lone CR ends a line, as in old Mac files: the row split in two is named, never a traceback."""
    register = tmp_path / "cr.csv"
    register.write_bytes((",".join(bombs.HEADER) + "\nHS-1,Nguyễn\rVăn A,Thủ tục,01/06/2023,12/06/2023,\n").encode())
    _refused(tmp_path, register, "hàng 2, cột «Tên thủ tục»: ô bắt buộc đang trống")


def test_csv_cell_over_the_limit(tmp_path):
    row = ["HS-1", "A" * 200_000, "Thủ tục", "01/06/2023", "12/06/2023", ""]
    register = write_csv(tmp_path / "dai.csv", [row], headers=bombs.HEADER)
    _refused(tmp_path, register, "ô dài hơn 10.000 ký tự")


def test_limits_can_be_raised_and_are_checked(tmp_path):
    row = ["HS-1", "A" * 12_000, "Thủ tục", "01/06/2023", "12/06/2023", ""]
    register = write_csv(tmp_path / "dai.csv", [row], headers=bombs.HEADER)
    raised, _ = _bounded_run("stats", register, "--from", "01/01/2023", "--to", "31/12/2023", cwd=tmp_path,
                             env={"MINUTES_GEN_LIMITS": "cell_chars=20000"})
    assert raised.returncode == 0, raised.stderr
    wrong, _ = _bounded_run("stats", register, "--from", "01/01/2023", "--to", "31/12/2023", cwd=tmp_path,
                            env={"MINUTES_GEN_LIMITS": "cells=5"})
    assert wrong.returncode == 2 and "không có giới hạn «cells»" in wrong.stderr
