"""Resources and error hygiene of the office server and of the YAML reader: heavy runs through a
job gate, data refused by size before it is parsed, private database and backup files, huge ids
that are no page, and no server path in any message. On SQLite and on PostgreSQL."""

import io
import os
import re
import stat
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug.test import EnvironBuilder

from conftest import ROOT, SAMPLES, SEED
from minutes_gen.cli import cli
from minutes_gen.office.app import create_office_app
from minutes_gen.web.guard import JobGate
from office_helpers import (ADMIN_PASSWORD, csrf, first_profile, form_fields, init_office, login, post,
                            setup_two_agencies)

SEED_TEXT = SEED.read_text(encoding="utf-8")
HUGE = "99999999999999999999999"


def _many_items(size: int) -> str:
    """The seed followed by a list of tiny items up to ``size`` bytes: each item is a node, the
    costliest YAML to parse for its size."""
    head = SEED_TEXT + "\nextra:\n"
    return head + "- ab\n" * ((size - len(head)) // 5)


@pytest.fixture
def office(database_url):
    init_office(database_url)
    app = create_office_app(database_url, jobs=JobGate(running=1, waiting=0))
    app.config["TESTING"] = True
    setup_two_agencies(app)
    return app, database_url


def _secretary(app):
    client = app.test_client()
    login(client, "canbo_a")
    return client


def _issue_form(client, fields: dict | None = None) -> dict:
    """The drafting form, its fields those of the seed unless ``fields`` are given."""
    return {"kind": "minutes", "action": "draft", "profile_id": first_profile(client, "/van-ban/moi"),
            "csrf_token": csrf(client, "/van-ban/moi"), **(form_fields(SEED_TEXT) if fields is None else fields)}


def _peak_bytes(client, environ: dict) -> tuple[int, object]:
    """(Python memory the server allocated at its peak, the answer) for one prepared request."""
    tracemalloc.start()
    try:
        answer = client.open(environ)
        answer.get_data()
        return tracemalloc.get_traced_memory()[1], answer
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("how", ["pasted", "pasted-multipart", "uploaded"])
def test_ten_megabytes_of_data_are_refused_before_parsing_with_the_limit(office, how):
    app, _ = office
    client = _secretary(app)
    huge = _many_items(10 * 1024 * 1024)
    if how == "uploaded":  # opened into the form
        form = {**_issue_form(client, {}), "action": "open", "yaml_file": (io.BytesIO(huge.encode()), "du-lieu.yaml")}
    else:  # typed into one field of the form
        form = _issue_form(client, {"unit.name": huge})
    content_type = "application/x-www-form-urlencoded" if how == "pasted" else "multipart/form-data"
    environ = EnvironBuilder("/van-ban/moi", method="POST", data=form, content_type=content_type).get_environ()
    del form  # the body is built before the measure: only the server's work is measured
    peak, answer = _peak_bytes(client, environ)
    page = answer.get_data(as_text=True)
    assert answer.status_code in (400, 413), page
    assert "tối đa 1 MB" in page and ("ô của biểu mẫu" in page or "tệp" in page), page
    assert peak < 8 * 1024 * 1024, f"{peak / 2 ** 20:.0f} MB"  # parsing it took some 800 MB (about 1 MB now)


def test_a_pasted_field_over_its_limit_says_its_own_limit(office):
    app, _ = office
    client = _secretary(app)
    answer = client.post("/van-ban/moi", data=_issue_form(client, {"unit.name": "a: b\n" * 300_000}),
                         content_type="multipart/form-data")  # as the browser sends the form
    assert answer.status_code == 413 and "Một ô của biểu mẫu dài quá, tối đa 1 MB" in answer.get_data(as_text=True)
    admin = app.test_client()
    login(admin, "quantri", ADMIN_PASSWORD)
    answer = post(admin, "/quan-tri/co-quan", {"profile": "a: b\n" * 300_000}, page="/quan-tri")
    assert answer.status_code == 413 and "Ô «Hồ sơ cơ quan» dài quá, tối đa 1 MB" in answer.get_data(as_text=True)


def test_data_just_over_the_limit_is_said_with_the_limit(office):
    app, _ = office
    client = _secretary(app)
    fields = form_fields(SEED_TEXT)
    fields["unit_opinion[1]"] = "x" * 1024 * 1024
    answer = client.post("/van-ban/moi", data=_issue_form(client, fields))
    page = answer.get_data(as_text=True)  # the form takes it (under 1 MB + 64 KB), the data is refused before parsing
    assert answer.status_code == 400 and "dữ liệu kiểm tra: dữ liệu YAML quá lớn (tối đa 1 MB" in page, page


def test_issuing_and_apologies_beyond_the_gate_are_told_the_server_is_busy(office):
    app, _ = office
    client = _secretary(app)
    gate = app.extensions["minutes_gen.office.jobs"]
    register = (SAMPLES / "so-theo-doi-ho-so.xlsx").read_bytes()
    apology = {"as_of": "15/06/2023", "register": (io.BytesIO(register), "so.xlsx"),
               "profile_id": first_profile(client, "/xin-loi"), "csrf_token": csrf(client, "/xin-loi")}
    with gate:  # another run holds the only slot, and no one may wait
        busy = client.post("/van-ban/moi", data=_issue_form(client))
        busy_apology = client.post("/xin-loi", data=apology, content_type="multipart/form-data")
    page = busy.get_data(as_text=True)
    assert busy.status_code == 503 and "máy chủ: đang bận" in page and "Hoàng Mạnh Hùng" in page  # the data stays
    assert busy_apology.status_code == 503 and "máy chủ: đang bận" in busy_apology.get_data(as_text=True)
    assert client.post("/van-ban/moi", data=_issue_form(client)).status_code == 302  # the gate is free again


def _run_limited(arguments: list[str], memory_mb: int) -> subprocess.CompletedProcess:
    """``minutes-gen …`` in a process whose address space is capped at ``memory_mb``."""
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} * 2 ** 20, {memory_mb} * 2 ** 20))\n"
            "from minutes_gen.cli import cli\n"
            "cli.main(sys.argv[1:], prog_name='minutes-gen')\n")
    return subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_validate_refuses_a_huge_file_by_its_size_within_250_mb(tmp_path):
    path = tmp_path / "lon.yaml"
    path.write_text(_many_items(4_500_000), encoding="utf-8")
    result = _run_limited(["validate", str(path)], 250)
    assert result.returncode == 2, result.stderr
    assert "quá lớn (tối đa 1 MB" in result.stderr and "MemoryError" not in result.stderr


def test_validate_refuses_too_many_nodes_before_building_them(tmp_path):
    path = tmp_path / "day-dac.yaml"
    path.write_text(SEED_TEXT + "\nextra: [" + "a," * 450_000 + "a]\n", encoding="utf-8")  # < 1 MB, 450 000 nodes
    result = _run_limited(["validate", str(path)], 120)
    assert result.returncode == 2, result.stderr
    assert "quá nhiều phần tử (quá 100.000" in result.stderr and "MemoryError" not in result.stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_database_files_and_backups_are_private(database_url, tmp_path, usual_umask):
    init_office(database_url)
    app = create_office_app(database_url)
    client = app.test_client()
    assert login(client, "quantri", ADMIN_PASSWORD).status_code == 302  # the server has written
    if database_url.startswith("sqlite"):
        database = Path(database_url.removeprefix("sqlite:///"))
        written = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert {path: _mode(path) for path in written} == {path: 0o600 for path in written}
    target = tmp_path / "sao-luu" / "office.bak"
    result = CliRunner().invoke(cli, ["office", "backup", "--db", database_url, str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _mode(target) == 0o600


def _int_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every route with a ``<int:…>`` part, each filled with a huge number."""
    return [(method, re.sub(r"<int:\w+>", HUGE, rule.rule)) for rule in app.url_map.iter_rules()
            if "<int:" in rule.rule for method in sorted(rule.methods & {"GET", "POST"})]


def test_huge_ids_are_no_page_on_every_route_and_form(office):
    app, _ = office
    routes = _int_routes(app)
    assert len(routes) >= 4
    admin, secretary, clerk = app.test_client(), _secretary(app), app.test_client()
    login(admin, "quantri", ADMIN_PASSWORD)
    login(clerk, "vanthu_a")
    token = csrf(admin, "/quan-tri")
    for method, path in routes:
        client, form = ((admin, "/quan-tri") if path.startswith("/quan-tri") else
                        (clerk, "/van-ban") if path.endswith("/cap-so") else (secretary, "/van-ban/moi"))
        answer = client.open(path, method=method, data={"csrf_token": csrf(client, form)} if method == "POST" else None)
        assert answer.status_code == 404, (method, path, answer.status_code)
    for number in (HUGE, "²", "-1"):
        assert secretary.get(f"/van-ban/moi?tu={number}").status_code == 200
        answer = secretary.post("/van-ban/moi", data={**_issue_form(secretary), "profile_id": number})
        assert answer.status_code == 400 and "hồ sơ cơ quan" in answer.get_data(as_text=True)
        answer = admin.post("/quan-tri/nguoi-dung", data={"username": "moi", "full_name": "Người mới", "role": "can-bo",
                                                          "agency_id": number, "password": "Mat-khau-moi-2026",
                                                          "csrf_token": token})
        assert answer.status_code == 400 and "phải thuộc một cơ quan" in answer.get_data(as_text=True)
        answer = admin.post("/quan-tri/mau", data={"agency_id": number, "kind": "minutes", "csrf_token": token,
                                                   "template": (io.BytesIO(b"PK"), "mau.docx")},
                            content_type="multipart/form-data")
        assert answer.status_code == 400 and "chưa chọn" in answer.get_data(as_text=True)


def _no_server_path(page: str) -> None:
    for path in (tempfile.gettempdir(), "minutes-gen-office-", str(ROOT)):
        assert path not in page, page


def test_no_message_shows_a_server_path(office):
    app, _ = office
    admin = app.test_client()
    login(admin, "quantri", ADMIN_PASSWORD)
    agency = re.search(r'<option value="(\d+)">', admin.get("/quan-tri").get_data(as_text=True)).group(1)
    token = csrf(admin, "/quan-tri")
    for broken in (b"PK\x03\x04hong", b"PK" + b"x" * 100):
        answer = admin.post("/quan-tri/mau", data={"agency_id": agency, "kind": "minutes", "csrf_token": token,
                                                   "template": (io.BytesIO(broken), "mau-rieng.docx")},
                            content_type="multipart/form-data")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 400 and "không phải tệp Word .docx hợp lệ" in page
        assert "tệp mẫu tải lên" in page
        _no_server_path(page)
    client = _secretary(app)
    for name, content in (("so.xlsx", b"PK\x03\x04hong"), ("so.csv", "a;b\n1;2\n".encode())):
        answer = client.post("/xin-loi", data={"as_of": "15/06/2023", "register": (io.BytesIO(content), name),
                                               "profile_id": first_profile(client, "/xin-loi"),
                                               "csrf_token": csrf(client, "/xin-loi")},
                             content_type="multipart/form-data")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 400 and "sổ theo dõi tải lên" in page, page
        _no_server_path(page)
