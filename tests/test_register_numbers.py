"""The outgoing-document register: numbers in order, never twice, safe across processes."""

import csv
import datetime as dt
import multiprocessing
import sqlite3
import subprocess
import sys

import pytest
from docx import Document

from conftest import ROOT, SAMPLES, SEED, all_text
from minutes_gen.errors import InputError
from minutes_gen.register.entries import NumberRequest
from minutes_gen.register.sql import SqliteRegister
from minutes_gen.register.location import open_register

PLAN = SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"


def request(key: str, day=dt.date(2023, 7, 12), type_code="BB", kind="minutes") -> NumberRequest:
    return NumberRequest(body="ĐKT", type_code=type_code, kind=kind, record_key=key, doc_date=day)


def _allocate_many(url: str, worker: int, count: int) -> None:
    register = open_register(url)
    for index in range(count):
        register.allocate([request(f"w{worker}-{index}")])
    register.close()


def test_eight_processes_take_400_distinct_consecutive_numbers(database_url):
    """On a SQLite file and on a PostgreSQL server alike: 8 processes × 50 numbers, one number
    per transaction, give 1…400 with no gap and no number twice."""
    open_register(database_url).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_allocate_many, args=(database_url, w, 50)) for w in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
        assert worker.exitcode == 0
    numbers = [e.number for e in open_register(database_url).entries()]
    assert sorted(numbers) == list(range(1, 401))


KILLED_WRITER = """
import os, signal, sys, datetime as dt
sys.path.insert(0, {root!r})
from minutes_gen.register.sql import SqliteRegister
from minutes_gen.register.entries import NumberRequest
register = SqliteRegister({path!r})
register.connection.execute("BEGIN IMMEDIATE")
register._insert(NumberRequest("ĐKT", "BB", "minutes", "half", dt.date(2023, 7, 12)), 1)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_process_leaves_no_half_record(tmp_path):
    path = str(tmp_path / "so.db")
    result = subprocess.run([sys.executable, "-c", KILLED_WRITER.format(root=str(ROOT), path=path)])
    assert result.returncode != 0
    register = SqliteRegister(path)
    assert register.entries() == []
    assert register.allocate([request("a")])[0].number == 1


def test_year_boundary_restarts_at_01(database_url):
    register = open_register(database_url)
    december = register.allocate([request("a", dt.date(2023, 12, 29)), request("b", dt.date(2023, 12, 29))])
    january = register.allocate([request("c", dt.date(2024, 1, 2))])
    assert [i.number for i in december] == [1, 2] and january[0].number == 1
    assert january[0].text == "01/BB-ĐKT" and january[0].year == 2024


def test_one_series_per_body_or_per_type(tmp_path):
    body = SqliteRegister(tmp_path / "body.db")
    assert [i.text for i in body.allocate([request("a"), request("a", type_code="TB", kind="notice")])] == \
           ["01/BB-ĐKT", "02/TB-ĐKT"]
    per_type = SqliteRegister(tmp_path / "type.db", series_mode="type")
    assert [i.text for i in per_type.allocate([request("a"), request("a", type_code="TB", kind="notice")])] == \
           ["01/BB-ĐKT", "01/TB-ĐKT"]
    with pytest.raises(InputError, match="không thể đổi"):
        SqliteRegister(tmp_path / "type.db", series_mode="body")


def test_same_record_keeps_its_number_and_renumber_voids_it(database_url):
    register = open_register(database_url)
    first = register.allocate([request("a"), request("b")])
    again = register.allocate([request("b"), request("a")])
    assert [i.number for i in again] == [2, 1]
    renumbered = register.allocate([request("a")], renumber=True)
    assert renumbered[0].number == 3
    statuses = {(e.number, e.status) for e in register.entries()}
    assert statuses == {(1, "void"), (2, "issued"), (3, "issued")}
    assert first[0].id != renumbered[0].id


def test_given_numbers_are_checked(database_url):
    register = open_register(database_url)
    assert register.record_given(request("a"), 7).text == "07/BB-ĐKT"
    assert register.record_given(request("a"), 7).number == 7  # same record, same number: fine
    with pytest.raises(InputError, match="đã cấp cho «a»"):
        register.record_given(request("b"), 7)
    assert register.allocate([request("b")])[0].number == 8
    register.void(8, "BB-ĐKT", 2023, "in nhầm")
    with pytest.raises(InputError, match="đã hủy"):
        register.record_given(request("c"), 8)
    assert register.allocate([request("c")])[0].number == 9  # a voided number is never reused
    with pytest.raises(InputError, match="đã có số 07/BB-ĐKT"):
        register.record_given(request("a"), 10)


def test_locked_database_gives_a_clear_message(tmp_path):
    path = tmp_path / "so.db"
    SqliteRegister(path).close()
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        register = SqliteRegister(path, timeout=0.2)
        with pytest.raises(InputError, match="đang bị chương trình khác khóa"):
            register.allocate([request("a")])
    finally:
        holder.execute("ROLLBACK")


def test_corrupt_database(run, tmp_path):
    (tmp_path / "hong.db").write_bytes(b"this is not sqlite" * 100)
    result = run("render", "minutes", SEED, "--number", "auto", "--db", tmp_path / "hong.db")
    assert result.exit_code == 2 and "tệp sổ số văn bản bị hỏng" in result.output
    assert not list(tmp_path.glob("*.docx"))


def test_render_with_auto_and_given_numbers(run, tmp_path):
    assert run("render", "minutes", SEED, "--number", "auto", "--db", "so.db", "-o", "a.docx").exit_code == 0
    assert "Số: 01/BB-ĐKT" in all_text(Document(str(tmp_path / "a.docx")))
    assert run("render", "notice", SEED, "--number", "12", "--db", "so.db", "-o", "b.docx").exit_code == 0
    assert "Số: 12/TB-ĐKT" in all_text(Document(str(tmp_path / "b.docx")))
    again = run("render", "minutes", SEED, "--number", "auto", "--db", "so.db", "-o", "c.docx")
    assert "(số 01/BB-ĐKT)" in again.output
    taken = run("render", "minutes", SEED, "--number", "12", "--db", "so.db", "-o", "d.docx", "--renumber")
    assert taken.exit_code == 2 and "12/TB-ĐKT năm 2023 đã cấp" in taken.output
    assert not (tmp_path / "d.docx").exists()
    bad = run("render", "minutes", SEED, "--number", "bảy")
    assert bad.exit_code == 2 and "không phải «auto»" in bad.output


def test_default_database_in_the_current_folder(run, tmp_path, monkeypatch):
    """One rule for every command: --db, else $MINUTES_GEN_DB, else minutes-gen.db here; said once."""
    monkeypatch.delenv("MINUTES_GEN_DB", raising=False)
    first = run("render", "minutes", SEED, "--number", "auto", "-o", "x.docx")
    assert first.exit_code == 0 and (tmp_path / "minutes-gen.db").exists()
    assert first.output.count("Sổ số văn bản:") == 1 and f"{tmp_path / 'minutes-gen.db'} (tạo mới)" in first.output
    assert not (SEED.parent / "minutes-gen.db").exists()
    listed = run("register", "list")  # the same register, found by the same rule
    assert listed.exit_code == 0 and "01/BB-ĐKT" in listed.output
    monkeypatch.setenv("MINUTES_GEN_DB", str(tmp_path / "env.db"))
    second = run("render", "notice", SEED, "--number", "auto", "-o", "y.docx")
    assert second.exit_code == 0 and (tmp_path / "env.db").exists() and "env.db (tạo mới)" in second.output
    assert "01/TB-ĐKT" in run("register", "list").output


def _manifest(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_batch_takes_a_block_and_a_rerun_takes_no_new_numbers(run, tmp_path):
    assert run("batch", PLAN, "-o", "kq", "--number", "auto", "--db", "so.db").exit_code == 0
    numbers = [r["Số"] for r in _manifest(tmp_path / "kq" / "manifest.csv")]
    assert numbers == ["01/BB-ĐKT", "02/TB-ĐKT", "03/BB-ĐKT", "04/TB-ĐKT", "05/BB-ĐKT", "06/TB-ĐKT",
                       "07/BB-ĐKT", "08/TB-ĐKT"]
    assert "Số: 03/BB-ĐKT" in all_text(Document(str(tmp_path / "kq" / "bien-ban-so-tu-phap.docx")))
    assert run("batch", PLAN, "-o", "kq", "--number", "auto", "--db", "so.db", "--force").exit_code == 0
    assert [r["Số"] for r in _manifest(tmp_path / "kq" / "manifest.csv")] == numbers
    given = run("batch", PLAN, "-o", "kq2", "--number", "5")
    assert given.exit_code == 2 and "chỉ nhận --number auto" in given.output


def test_apology_slips_numbered(run, tmp_path):
    result = run("apology", SAMPLES / "so-theo-doi-ho-so.xlsx", "--agency", SAMPLES / "co-quan-sldtbxh.yaml",
                 "-o", "phieu", "--as-of", "15/06/2023", "--number", "auto", "--db", "so.db")
    assert result.exit_code == 0, result.output
    rows = [r for r in _manifest(tmp_path / "phieu" / "manifest.csv") if r["Tệp"]]
    assert sorted(r["Số"] for r in rows) == ["01/PXL-SLĐTBXH", "02/PXL-SLĐTBXH", "03/PXL-SLĐTBXH"]
    first = next(r for r in rows if r["Số"] == "01/PXL-SLĐTBXH")
    assert "Số: 01/PXL-SLĐTBXH" in all_text(Document(str(tmp_path / "phieu" / first["Tệp"])))


def test_register_list_void_export(run, tmp_path):
    run("batch", PLAN, "-o", "kq", "--number", "auto", "--db", "so.db", "--kinds", "minutes")
    listing = run("register", "list", "--db", "so.db")
    assert listing.exit_code == 0 and listing.output.splitlines()[0].startswith("01/BB-ĐKT")
    voided = run("register", "void", "02/BB-ĐKT", "--reason", "In nhầm đơn vị", "--db", "so.db")
    assert voided.exit_code == 0 and "Đã hủy số 02/BB-ĐKT năm 2023 (Sở Tư pháp)" in voided.output
    again = run("register", "void", "02/BB-ĐKT", "--reason", "x", "--db", "so.db")
    assert again.exit_code == 2 and "02/BB-ĐKT năm 2023 đã bị hủy trước đó (lý do: In nhầm đơn vị)" in again.output
    unknown = run("register", "void", "77/BB-ĐKT", "--reason", "x", "--db", "so.db")
    assert unknown.exit_code == 2 and "chưa từng được cấp trong sổ này" in unknown.output
    unknown_year = run("register", "void", "01/BB-ĐKT", "--reason", "x", "--db", "so.db", "--year", "2022")
    assert unknown_year.exit_code == 2 and "chưa từng được cấp trong năm 2022" in unknown_year.output
    empty = run("register", "void", "01/BB-ĐKT", "--reason", "  ", "--db", "so.db")
    assert empty.exit_code == 2 and "cần ghi lý do" in empty.output
    as_json = run("register", "list", "--db", "so.db", "--json", "--kind", "minutes", "--year", "2023")
    assert '"status": "void"' in as_json.output
    assert run("register", "export", "so.csv", "--db", "so.db").exit_code == 0
    rows = _manifest(tmp_path / "so.csv")
    assert len(rows) == 4 and rows[1]["Ghi chú"] == "Đã hủy: In nhầm đơn vị"
    assert rows[0]["Tên loại và trích yếu nội dung văn bản"].startswith("Biên bản: Kiểm tra công tác")
    assert rows[0]["Ngày tháng văn bản"] == "12/07/2023" and rows[0]["Người ký"] == "Hoàng Mạnh Hùng"
    missing = run("register", "list", "--db", "khong-co.db")
    assert missing.exit_code == 2 and "chưa có sổ" in missing.output


def test_given_numbers_are_bounded_and_a_typo_far_ahead_is_refused(run, tmp_path):
    huge = run("render", "minutes", SEED, "--number", "9223372036854775807", "--db", "so.db", "-o", "a.docx")
    assert huge.exit_code == 2 and "từ 1 đến 99.999" in huge.output
    ahead = run("render", "minutes", SEED, "--number", "5000", "--db", "so.db", "-o", "a.docx")
    assert ahead.exit_code == 2 and "vượt xa số kế tiếp của sổ (01)" in ahead.output
    assert not (tmp_path / "a.docx").exists()
    meant = run("render", "minutes", SEED, "--number", "5000", "--db", "so.db", "-o", "a.docx", "--renumber")
    assert meant.exit_code == 0 and "(số 5000/BB-ĐKT)" in meant.output
    after = run("render", "notice", SEED, "--number", "auto", "--db", "so.db", "-o", "b.docx")
    assert after.exit_code == 0 and "(số 5001/TB-ĐKT)" in after.output  # auto numbering was never wedged


def test_a_damaged_register_issues_nothing(run, tmp_path):
    import sqlite3

    register = SqliteRegister(tmp_path / "so.db")
    register.allocate([request(f"đơn vị {i}") for i in range(400)])
    register.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    register.close()
    data = bytearray((tmp_path / "so.db").read_bytes())
    page = 4096
    data[2 * page:2 * page + 64] = b"\xff" * 64  # a b-tree page's header
    (tmp_path / "so.db").write_bytes(bytes(data))
    result = run("render", "minutes", SEED, "--number", "auto", "--db", "so.db", "-o", "a.docx")
    assert result.exit_code == 2 and "bị hỏng" in result.output and "register export" in result.output
    assert not (tmp_path / "a.docx").exists()
    assert sqlite3.connect(tmp_path / "so.db") is not None
