"""Parallel writing: one broken record never costs the others; Ctrl-C leaves an accurate manifest."""

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time

from conftest import ROOT, SAMPLES
from crash_helpers import KillsTheProcess, Raises
from minutes_gen.engine.tasks import Task
from minutes_gen.engine.workers import WorkerPool
from minutes_gen.engine.parallel import run_tasks
from minutes_gen.sources.builtin_files import builtin_template

TEMPLATE = str(builtin_template("phieu-xin-loi.docx"))


def _context(code) -> dict:
    from test_engine_equality import _apology_context

    context = _apology_context()
    return {**context, "dossier": {**context["dossier"], "code": code}}


def _tasks(tmp_path, bad_index: int, bad_value, count: int = 80) -> list[Task]:
    base = _context("x")
    return [Task(i, TEMPLATE, {**base, "dossier": {**base["dossier"], "code": bad_value if i == bad_index else f"HS-{i}"}},
                 str(tmp_path / f"{i}.docx")) for i in range(count)]


def test_a_python_error_in_one_record_is_reported_and_the_rest_written(tmp_path):
    with WorkerPool(2) as workers:
        outcomes = {o.index: o for o in run_tasks(_tasks(tmp_path, 5, Raises()), workers)}
    assert len(outcomes) == 80
    assert "RuntimeError: hỏng" in outcomes[5].error
    assert all(outcomes[i].sha256 for i in outcomes if i != 5)
    assert len(list(tmp_path.glob("*.docx"))) == 79


def test_a_worker_that_dies_costs_only_its_record(tmp_path):
    with WorkerPool(2) as workers:
        outcomes = {o.index: o for o in run_tasks(_tasks(tmp_path, 40, KillsTheProcess()), workers)}
    assert len(outcomes) == 80
    assert "dừng đột ngột" in outcomes[40].error
    written = [i for i, o in outcomes.items() if o.sha256]
    assert sorted(written) == [i for i in range(80) if i != 40]
    for i in written:
        assert hashlib.sha256((tmp_path / f"{i}.docx").read_bytes()).hexdigest() == outcomes[i].sha256
    assert not list(tmp_path.glob(".*.tmp"))


def test_in_process_run_gives_the_same_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    tasks = _tasks(tmp_path / "a", -1, None, count=40)
    with WorkerPool(1) as single, WorkerPool(2) as pool:
        first = {o.index: o.sha256 for o in run_tasks(tasks, single)}
        second = {o.index: o.sha256 for o in run_tasks(
            [Task(t.index, t.template, t.context, t.target.replace("/a/", "/b/")) for t in tasks], pool)}
    assert first == second  # same bytes whichever process wrote them


def test_ctrl_c_stops_cleanly_with_an_accurate_manifest(tmp_path):
    register = tmp_path / "so.csv"
    with open(register, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Mã hồ sơ", "Họ và tên", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả"])
        for i in range(6000):
            writer.writerow([f"HS-{i:05d}", f"Người {i}", "Thủ tục", "01/06/2023", "12/06/2023", ""])
    out = tmp_path / "phieu"
    process = subprocess.Popen([sys.executable, "-m", "minutes_gen", "apology", str(register), "--agency",
                                str(SAMPLES / "co-quan-sldtbxh.yaml"), "-o", str(out), "--as-of", "15/06/2023"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("phieu-xin-loi-*.docx"))) < 200:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Đã dừng theo yêu cầu" in stderr and "Traceback" not in stderr
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6000
    written = {row["Tệp"]: row["SHA-256"] for row in rows if row["Tệp"]}
    assert 200 <= len(written) < 6000
    on_disk = {p.name for p in out.glob("phieu-xin-loi-*.docx")}
    assert on_disk == set(written)  # every file on disk is in the manifest, and the other way round
    for name, digest in written.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert not list(out.glob(".*.tmp"))
    assert {row["Kết quả"] for row in rows if not row["Tệp"]} == {"chưa ghi (đã dừng)"}
