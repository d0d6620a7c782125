"""The web page against the network and load: Host allow-list, security headers, downloads
bound to their session and kept on disk, a gate for register runs, no server path shown."""

import re
import threading

import pytest

from conftest import SAMPLES
from web_helpers import token_of
from minutes_gen.web.app import create_app
from minutes_gen.web.guard import JobGate
from test_web import AGENCY


@pytest.fixture
def app():
    return create_app()


def _apology(client, token, **fields):
    return client.post("/xin-loi", data={**AGENCY, "csrf_token": token, "as_of": "15/06/2023", "extend_days": "",
                                         "register": (open(SAMPLES / "so-theo-doi-ho-so.xlsx", "rb"), "so.xlsx"),
                                         **fields}, content_type="multipart/form-data")


def test_security_headers_on_every_answer(app):
    client = app.test_client()
    for path in ("/bien-ban", "/xin-loi", "/han", "/khong-co"):
        headers = client.get(path).headers
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self' 'nonce-" in policy
    page = client.get("/bien-ban").data.decode()
    nonce = re.search(r"'nonce-([^']+)'", client.get("/bien-ban").headers["Content-Security-Policy"]).group(1)
    assert all('nonce="' in tag for tag in re.findall(r"<script[^>]*>", page))
    assert nonce not in page  # a fresh nonce for every answer


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "10.0.0.5"])
def test_other_host_names_are_refused(app, host):
    response = app.test_client().get("/bien-ban", headers={"Host": host})
    assert response.status_code == 400 and "chỉ mở được bằng địa chỉ của chính máy chủ" in response.data.decode()


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000"])
def test_local_names_are_served(app, host):
    assert app.test_client().get("/bien-ban", headers={"Host": host}).status_code == 200


def test_allowed_names_are_added():
    app = create_app("0.0.0.0", ("may-chu.so.gov.vn",))
    assert app.test_client().get("/han", headers={"Host": "may-chu.so.gov.vn:8000"}).status_code == 200
    assert app.test_client().get("/han", headers={"Host": "evil.example"}).status_code == 400


def test_downloads_are_files_bound_to_their_session_and_taken_once(app):
    client = app.test_client()
    token = token_of(client.get("/xin-loi").data.decode())
    page = _apology(client, token).data.decode()
    link = re.search(r'href="(/xin-loi/tai/[^"]+)"', page).group(1)
    store = app.extensions["minutes_gen.downloads"]
    assert len(list(store.folder.glob("*.zip"))) == 1  # on disk, in a private folder
    assert (store.folder.stat().st_mode & 0o077) == 0
    stranger = app.test_client()
    stranger.get("/xin-loi")
    assert stranger.get(link).status_code == 404  # another session cannot use the token
    first = client.get(link, buffered=True)  # as a server does: the answer is sent, then closed
    assert first.status_code == 200 and first.data.startswith(b"PK")
    assert list(store.folder.glob("*.zip")) == []  # deleted once downloaded
    assert client.get(link).status_code == 404


def test_register_runs_beyond_the_gate_are_told_to_wait():
    gate = JobGate(running=1, waiting=0)
    app = create_app(jobs=gate)
    client = app.test_client()
    token = token_of(client.get("/xin-loi").data.decode())
    with gate:  # someone else's run holds the only slot
        busy = _apology(client, token)
    assert busy.status_code == 503 and "máy đang bận" in busy.data.decode()
    assert _apology(client, token).status_code == 200


def test_the_gate_lets_waiting_runs_through():
    gate = JobGate(running=1, waiting=2, patience=10)
    results = []

    def run():
        with gate:
            results.append(threading.get_ident())

    with gate:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
    for thread in threads:
        thread.join(10)
    assert len(results) == 2


def test_no_server_path_in_any_message(app, tmp_path):
    client = app.test_client()
    token = token_of(client.get("/xin-loi").data.decode())
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    page = client.post("/xin-loi", data={**AGENCY, "csrf_token": token, "as_of": "15/06/2023",
                                         "register": (open(broken, "rb"), "hong.xlsx")},
                       content_type="multipart/form-data").data.decode()
    assert "bị hỏng" in page
    for leak in ("/tmp", "minutes-gen-", str(tmp_path), "so-theo-doi.xlsx"):
        assert leak not in page.split("</header>")[1]
