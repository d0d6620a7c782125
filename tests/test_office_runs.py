"""Apology runs prepared without numbers (by the cán bộ's upload or the daily command on the
one-stop software's folder) and issued by the văn thư from the run's page."""

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

from click.testing import CliRunner
from docx import Document

from conftest import ROOT, all_text
from minutes_gen.cli import cli
from minutes_gen.office.store import OfficeStore
from minutes_gen.register.location import open_register
from office_helpers import audit_rows, clerk_of, issue_run, login, post_apology_run
from registers import write_csv, write_xlsx

AS_OF = "15/06/2023"


def _overdue(count: int) -> list[list]:
    """``count`` dossiers due 12/06/2023, not returned: each owed a letter on 15/06/2023."""
    return [[f"HS-{i:04}", f"Người nộp {i}", "", "Thủ tục", "01/06/2023", "12/06/2023", "", "", "", ""]
            for i in range(1, count + 1)]


def _letters(content: bytes) -> list[str]:
    """The text of each letter of a run's .zip, in file order."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = sorted(n for n in archive.namelist() if n.startswith("phieu-xin-loi-h") and n.endswith(".docx"))
        return [all_text(Document(io.BytesIO(archive.read(name)))) for name in names]


def _entries(url: str, agency: str = "SLĐTBXH"):
    return [e for e in open_register(url, office_agency=agency).entries() if e.kind == "apology"]


def _apology_runs(url: str) -> list[tuple]:
    office = OfficeStore.open(url)
    try:
        return [(row["id"], row["status"], row["agency_id"]) for row in office.database.all(
            "SELECT id, status, agency_id FROM documents WHERE kind = 'apology' ORDER BY id")]
    finally:
        office.close()


def _old(path, seconds: int = 120):
    """``path`` as a file the one-stop software finished writing ``seconds`` ago."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))
    return path


def test_a_prepared_run_has_no_numbers_until_the_clerk_issues_it_in_order(office):
    app, url = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    answer = post_apology_run(secretary, issued=False)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    document_id = answer.headers["Location"].rsplit("/", 1)[1]
    assert _entries(url) == []  # the register has no number yet
    draft = secretary.get(f"/van-ban/{document_id}/tai").data
    assert _letters(draft) and not any("/PXL-SLĐTBXH" in text and re.search(r"Số:\s*\d", text) for text in _letters(draft))
    page = secretary.get(f"/van-ban/{document_id}").get_data(as_text=True)
    assert "H15.28-" in page and "(chưa số)" in page and "Ngày hẹn lại" in page and "cap-so-dot" not in page
    assert issue_run(secretary, document_id).status_code == 403  # a cán bộ does not number
    other = app.test_client()
    login(other, "vanthu_b")
    assert other.get(f"/van-ban/{document_id}").status_code == 404
    assert issue_run(other, document_id, AS_OF).status_code == 404
    assert _entries(url) == []
    clerk = clerk_of(secretary)
    assert "cap-so-dot" in clerk.get(f"/van-ban/{document_id}").get_data(as_text=True)
    for forged in ("14/06/2023", "01/01/2999", "abc"):  # before the run's day, a day to come, no date
        assert issue_run(clerk, document_id, forged).status_code == 400, forged
    assert _entries(url) == []
    assert issue_run(clerk, document_id, AS_OF).status_code == 302
    entries = _entries(url)
    assert [e.number for e in entries] == list(range(1, len(entries) + 1)) and len(entries) == len(_letters(draft))
    issued = _letters(secretary.get(f"/van-ban/{document_id}/tai").data)
    assert all(f"{e.text}" in text for e, text in zip(sorted(entries, key=lambda e: e.output_file), issued))
    assert all(e.output_file.startswith(f"office:{document_id}/") for e in entries)
    page = clerk.get(f"/van-ban/{document_id}").get_data(as_text=True)
    assert all(e.text in page for e in entries) and "cap-so-dot" not in page
    assert "mỗi phiếu một số" in page and "(chưa số)" not in page  # the run has no number of its own
    assert issue_run(clerk, document_id, AS_OF).status_code == 400  # issued once
    assert len(_entries(url)) == len(entries)
    result = CliRunner().invoke(cli, ["office", "check", "--db", url])
    assert result.exit_code == 0, result.output
    assert any(row["action"] == "cấp số đợt phiếu xin lỗi" for row in audit_rows(url))


def test_a_second_run_of_the_same_day_is_refused_with_a_link_to_the_first(office):
    app, url = office
    secretary = app.test_client()
    login(secretary, "canbo_a")
    first = post_apology_run(secretary, issued=False).headers["Location"].rsplit("/", 1)[1]
    again = post_apology_run(secretary, issued=False)
    page = again.get_data(as_text=True)
    assert again.status_code == 400 and f"đã có đợt ngày {AS_OF}" in page and f'href="/van-ban/{first}"' in page
    assert len(_apology_runs(url)) == 1
    assert post_apology_run(secretary, as_of="16/06/2023", issued=False).status_code == 302  # another day


def _daily(url: str, folder, *extra: str):
    return CliRunner().invoke(cli, ["office", "daily", "--db", url, "--agency", "SNV", "--folder", str(folder),
                                    "--as-of", AS_OF, *extra])


def test_the_daily_command_prepares_one_run_a_day_from_the_newest_register(office, tmp_path):
    app, url = office
    folder = tmp_path / "mot-cua"
    folder.mkdir()
    _old(write_csv(folder / "so-cu.csv", _overdue(1)), 3600)
    _old(write_xlsx(folder / "so-moi.xlsx", _overdue(3)))
    (folder / "~$so-moi.xlsx").write_bytes(b"lock")  # Excel's lock file: never a register
    first = _daily(url, folder)
    assert first.exit_code == 0 and "Đã lập đợt phiếu xin lỗi ngày 15/06/2023 từ «so-moi.xlsx»" in first.output
    second = _daily(url, folder)
    assert second.exit_code == 0 and "Không có gì mới: đã có đợt ngày 15/06/2023" in second.output
    (run,) = _apology_runs(url)
    assert run[1] == "draft" and _entries(url, "SNV") == []
    assert any(row["address"] == "lịch tự động" and row["action"] == "lập phiếu xin lỗi" for row in audit_rows(url))
    clerk = app.test_client()
    login(clerk, "vanthu_b")
    page = clerk.get(f"/van-ban/{run[0]}").get_data(as_text=True)
    assert "Lịch tự động" in page and page.count('data-code="HS-') == 3
    assert issue_run(clerk, run[0], "16/06/2023").status_code == 302  # signed the next day
    assert [(e.number, str(e.doc_date)) for e in _entries(url, "SNV")] == [(1, "2023-06-16"), (2, "2023-06-16"),
                                                                                  (3, "2023-06-16")]
    letters = _letters(clerk.get(f"/van-ban/{run[0]}/tai").data)
    assert all("16 tháng 6 năm 2023" in text or "16/06/2023" in text for text in letters)
    assert login(app.test_client(), "lich-tu-dong", "").status_code != 302  # no one logs in as the schedule


def test_a_register_still_being_written_is_not_taken(office, tmp_path):
    _, url = office
    folder = tmp_path / "mot-cua"
    folder.mkdir()
    whole = write_xlsx(tmp_path / "so.xlsx", _overdue(2)).read_bytes()
    _old(write_csv(folder / "so-hom-qua.csv", _overdue(1)), 3600)
    (folder / "so-hom-nay.xlsx").write_bytes(whole)  # changed just now: may still be being written
    fresh = _daily(url, folder)
    assert fresh.exit_code == 0 and "Không có gì mới: tệp «so-hom-nay.xlsx» đang được ghi" in fresh.output
    _old(folder / "so-hom-nay.xlsx").write_bytes(whole[: len(whole) // 2])  # cut short, then left alone
    _old(folder / "so-hom-nay.xlsx")
    partial = _daily(url, folder)
    assert partial.exit_code == 2 and "chưa trọn vẹn" in partial.output and "Traceback" not in partial.output
    assert _apology_runs(url) == [] and _entries(url, "SNV") == []


def test_an_empty_folder_is_nothing_new_and_bad_arguments_are_said(office, tmp_path):
    _, url = office
    empty = _daily(url, tmp_path)
    assert empty.exit_code == 0 and "Không có gì mới: thư mục chưa có sổ theo dõi" in empty.output
    missing = _daily(url, tmp_path / "khong-co")
    assert missing.exit_code == 2 and "không có thư mục" in missing.output
    agency = CliRunner().invoke(cli, ["office", "daily", "--db", url, "--agency", "XYZ", "--folder", str(tmp_path)])
    assert agency.exit_code == 2 and "không có cơ quan viết tắt «XYZ»" in agency.output and "SNV" in agency.output
    profile = _daily(url, tmp_path, "--profile", "Không ai")
    assert profile.exit_code == 2 and "không có hồ sơ này" in profile.output
    day = _daily(url, tmp_path, "--as-of", "31/02/2023")
    assert day.exit_code == 2 and "31/02/2023" in day.output
    assert _apology_runs(url) == []


def test_a_daily_command_killed_mid_run_leaves_no_run_and_no_numbers(office, tmp_path):
    _, url = office
    folder, temporary = tmp_path / "mot-cua", tmp_path / "tam"
    folder.mkdir()
    temporary.mkdir()
    _old(write_csv(folder / "so.csv", _overdue(600)))
    environment = {**os.environ, "TMPDIR": str(temporary), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "minutes_gen", "office", "daily", "--db", url, "--agency", "SNV", "--folder",
               str(folder), "--as-of", AS_OF]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(60_000):  # until its first letters are on disk (bounded: 10 minutes at most)
        if process.poll() is not None or len(list(temporary.glob("minutes-gen-run-*/**/*.docx"))) >= 5:
            break
        time.sleep(0.01)
    assert process.poll() is None, process.stdout.read().decode()
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _apology_runs(url) == [] and _entries(url, "SNV") == []
    office_store = OfficeStore.open(url)
    assert office_store.database.all("SELECT document_id FROM apology_sources") == []
    office_store.close()
    again = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert again.returncode == 0 and "Đã lập đợt" in again.stdout, again.stdout + again.stderr
    assert len(_apology_runs(url)) == 1 and _entries(url, "SNV") == []


def test_a_server_killed_while_a_run_is_issued_leaves_no_number_and_the_run_waiting(office, tmp_path, monkeypatch):
    import threading

    from office_http import Browser, running_office
    from office_helpers import PASSWORD

    app, url = office
    folder, temporary = tmp_path / "mot-cua", tmp_path / "tam"
    folder.mkdir()
    temporary.mkdir()
    _old(write_csv(folder / "so.csv", _overdue(600)))
    assert _daily(url, folder).exit_code == 0
    ((document_id, _, _),) = _apology_runs(url)
    monkeypatch.setenv("TMPDIR", str(temporary))
    with running_office(url) as (process, base):
        clerk = Browser(base)
        assert clerk.login("vanthu_b", PASSWORD) in (200, 302)
        issuing = threading.Thread(target=lambda: _quietly(clerk.post, f"/van-ban/{document_id}/cap-so-dot",
                                                           {"date": AS_OF}, f"/van-ban/{document_id}"))
        issuing.start()
        for _ in range(60_000):  # until its first numbered letters are on disk (bounded)
            if len(list(temporary.glob("minutes-gen-run-*/**/*.docx"))) >= 5 or not issuing.is_alive():
                break
            time.sleep(0.01)
        assert issuing.is_alive()
        process.send_signal(signal.SIGKILL)
        issuing.join()
    assert _apology_runs(url)[0][1] == "draft" and _entries(url, "SNV") == []
    clerk = app.test_client()
    login(clerk, "vanthu_b")
    assert issue_run(clerk, document_id, AS_OF).status_code == 302
    assert [e.number for e in _entries(url, "SNV")] == list(range(1, 601))
    assert CliRunner().invoke(cli, ["office", "check", "--db", url]).exit_code == 0


def _quietly(call, *arguments) -> None:
    """``call`` whose connection the test cuts (the server killed): its error is the point."""
    try:
        call(*arguments)
    except OSError:
        pass


def test_a_database_of_the_previous_version_gains_prepared_runs_on_upgrade(office):
    from minutes_gen.office.app import create_office_app
    from office_helpers import init_office

    _, url = office
    office_store = OfficeStore.open(url)
    try:  # as version 4 left it: no sources of runs
        office_store.database.execute("DROP TABLE apology_sources")
        office_store.database.execute("UPDATE office_meta SET value = '4' WHERE key = 'schema_version'")
    finally:
        office_store.close()
    init_office(url)  # what the administrator runs after installing the new version
    secretary = create_office_app(url).test_client()
    login(secretary, "canbo_a")
    assert post_apology_run(secretary).status_code == 302
    assert _entries(url) and _apology_runs(url)[0][1] == "issued"
