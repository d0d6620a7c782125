"""An outsider's second attack on the office server, on the features that came with signing,
e-mail, prepared apology runs and inspection cases — over real HTTP (waitress), on SQLite and
PostgreSQL: control characters in a follow-up record (they broke a case for good), in SMTP
settings (every sending a 500) and in an uploaded file's name (refused by PostgreSQL); YAML
nested so deep PyYAML's scanner took hours; the signer's form limit applied before it is read;
a server killed while a letter is sent (never sent again)."""

import re
import signal
import socketserver
import threading

import pytest
from click.testing import CliRunner

from minutes_gen.cli import cli
from office_helpers import ADMIN_PASSWORD, PASSWORD, audit_rows, served
from office_http import Browser, running_office
from test_email import smtp_server  # noqa: F401 (fixture)
from test_office_cases import CASE_TEXT

CONTROL = ("\x00", "\x1b", "\x7f")  # a line break is spaces in a report number (split and joined)


def _browser(base: str, username: str, password: str = PASSWORD) -> Browser:
    browser = Browser(base)
    assert browser.login(username, password) == 302
    return browser


def _new_case(browser: Browser) -> int:
    status, _ = browser.post("/ho-so-kiem-tra", {"case_text": CASE_TEXT}, "/ho-so-kiem-tra")
    assert status == 302
    _, page = browser.get("/ho-so-kiem-tra")
    return max(int(found) for found in re.findall(r'href="/ho-so-kiem-tra/(\d+)"', page))


@pytest.mark.parametrize("character", CONTROL)
def test_a_report_number_with_a_control_character_is_refused_and_the_case_still_opens(office, character):
    app, url = office
    with served(app) as base:
        canbo = _browser(base, "canbo_a")
        case_id = _new_case(canbo)
        status, page = canbo.post(f"/ho-so-kiem-tra/{case_id}/theo-doi",
                                  {"loai": "report", "don_vi": "1", "so": f"215{character}/BC-STP", "ngay": "15/07/2024"},
                                  f"/ho-so-kiem-tra/{case_id}")
        assert status == 400 and "ký tự điều khiển" in page, page
        for path in (f"/ho-so-kiem-tra/{case_id}", f"/ho-so-kiem-tra/{case_id}/theo-doi?ngay=15/07/2024"):
            assert canbo.get(path)[0] == 200
    assert not any(entry["action"] == "theo dõi khắc phục" for entry in audit_rows(url))


def test_an_uploaded_case_named_with_control_characters_is_kept_under_its_printable_name(office):
    """Such a name stopped the upload on PostgreSQL (a NUL in a text column) and was kept as it
    came on SQLite."""
    app, url = office
    with served(app) as base:
        canbo = _browser(base, "canbo_a")
        status, _ = _post_files(canbo, "/ho-so-kiem-tra", {}, {"case_file": ("ho-\x00so\x1b.yaml", CASE_TEXT.encode())},
                                "/ho-so-kiem-tra")
        assert status == 302
        page = canbo.get("/ho-so-kiem-tra")[1]
    assert "<td>ho-so.yaml</td>" in page and "\x00" not in page
    assert any(entry["detail"].endswith("— ho-so.yaml") for entry in audit_rows(url))


def test_a_case_nested_200_000_levels_deep_is_refused_within_a_bounded_cpu_time(tmp_path):
    """PyYAML's own scanner (used where libyaml refuses a text) takes time growing with the square
    of the nesting: 10,000 «[» took 17 s, the 200,000 a 400 KB case holds would take hours of the
    server's CPU. Refused from the brackets first, in a process capped at 20 s of CPU."""
    import os
    import subprocess
    import sys

    from office_http import ROOT

    path = tmp_path / "ho-so.yaml"
    path.write_text("units: " + "[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code = ("import resource, sys\nresource.setrlimit(resource.RLIMIT_CPU, (20, 20))\n"
            "from minutes_gen.cli import cli\ncli.main(sys.argv[1:], prog_name='minutes-gen')\n")
    result = subprocess.run([sys.executable, "-c", code, "validate", str(path)], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2 and "lồng nhau quá sâu" in result.stdout + result.stderr, result


@pytest.fixture
def office_key(monkeypatch):
    from minutes_gen.storage import sealed

    monkeypatch.setenv(sealed.KEY_VARIABLE, sealed.new_key())


@pytest.mark.parametrize("field", ["host", "username", "sender", "reply_to"])
def test_smtp_settings_with_a_control_character_are_refused_and_nothing_is_kept(office, office_key, field):
    app, url = office
    fields = {"host": "127.0.0.1", "port": "25", "security": "none", "username": "motcua@so.vn",
              "password": "mat-khau-thu", "sender": "Bộ phận Một cửa <motcua@so.vn>", "reply_to": "hoi@so.vn"}
    fields[field] = fields[field].replace("@", "@\r\nBcc: ke-gian@example.vn\r\n", 1) if "@" in fields[field] \
        else fields[field] + "\x00"
    with served(app) as base:
        admin = _browser(base, "quantri", ADMIN_PASSWORD)
        page = admin.get("/quan-tri")[1]
        agency_id = re.search(r'<option value="(\d+)">Sở Lao động', page).group(1)
        status, text = admin.post(f"/quan-tri/thu-dien-tu/{agency_id}", fields, f"/quan-tri/thu-dien-tu/{agency_id}")
        assert status == 400 and "ký tự điều khiển" in text, text
    assert not any(entry["action"] == "đặt máy chủ thư" for entry in audit_rows(url))


class _Hanging(socketserver.StreamRequestHandler):
    """Minimal SMTP that takes a message's content and then never answers (a server killed meanwhile)."""

    def handle(self):
        self.wfile.write(b"220 127.0.0.1 ESMTP stub\r\n")
        while line := self.rfile.readline():
            if line[:4].upper() == b"DATA":
                self.wfile.write(b"354 end with .\r\n")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.server.arrived.set()
                self.rfile.read()  # until the other end is gone
                return
            self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def hanging_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Hanging)
    server.daemon_threads, server.arrived = True, threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_server_killed_while_a_letter_is_sent_shows_it_to_check_and_never_sends_it_again(
        office, office_key, tmp_path, hanging_server, smtp_server):
    from test_office_mail import _admin, recipients, run_apologies, send, set_smtp, states

    app, url = office
    set_smtp(_admin(app), hanging_server.server_address[1], password="", username="")  # the stub asks no login
    client, run_id = run_apologies(app, tmp_path)
    with running_office(url) as (process, base):
        canbo = _browser(base, "canbo_a")
        sending = threading.Thread(target=_quietly, args=(canbo.post, f"/van-ban/{run_id}/thu-dien-tu", {},
                                                          f"/van-ban/{run_id}"))
        sending.start()
        assert hanging_server.arrived.wait(60)
        process.send_signal(signal.SIGKILL)
        sending.join()
    assert CliRunner().invoke(cli, ["office", "check", "--db", url]).exit_code == 0
    before = states(client, run_id)
    assert sorted(before.values()) == ["", "", "", "đang gửi"], before  # one stopped mid-sending, one not begun
    set_smtp(_admin(app), smtp_server[1], password="", username="")
    status, page = send(client, run_id)
    assert status == 200 and "có thể đã gửi" in page
    stopped = next(code for code, state in before.items() if state == "đang gửi")
    after = states(client, run_id)
    assert after[stopped] == "đang gửi" and list(after.values()).count("đã gửi") == 1 == len(recipients(smtp_server[0]))


def _quietly(call, *arguments) -> None:
    """``call`` whose connection the test cuts (the server killed): its error is the point."""
    try:
        call(*arguments)
    except OSError:
        pass


def _post_files(browser: Browser, path: str, fields: dict, files: dict, page: str) -> tuple[int, str]:
    """Post ``fields`` and ``files`` (name → (file name, bytes)) as a browser's multipart form, with the CSRF token."""
    import urllib.error
    import urllib.request

    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(page)[1]).group(1)
    parts = [f'--x\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in {**fields, "csrf_token": token}.items()]
    parts += [f'--x\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
              f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n"
              for name, (file_name, data) in files.items()]
    request = urllib.request.Request(browser.base + path, data=b"".join(parts) + b"--x--\r\n",
                                     headers={"Content-Type": "multipart/form-data; boundary=x"})
    try:
        with browser.opener.open(request, timeout=120) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def test_the_signers_form_is_refused_beyond_its_own_small_limit_before_it_is_read(office):
    """The person's key is held in memory only: a form larger than 400 KB (a real PKCS#12 is a
    few KB) would be spooled to a temporary file; it is refused with the limit, in Vietnamese."""
    from office_helpers import issue_document, login, post

    app, _ = office
    admin = app.test_client()
    login(admin, "quantri", ADMIN_PASSWORD)
    agency_id = re.search(r'<option value="(\d+)">Sở Lao động', admin.get("/quan-tri").get_data(as_text=True)).group(1)
    assert post(admin, "/quan-tri/nguoi-dung", {"username": "nguoiky_a", "full_name": "Lãnh đạo", "role": "nguoi-ky",
                                                "agency_id": agency_id, "password": PASSWORD}, "/quan-tri").status_code == 302
    canbo = app.test_client()
    login(canbo, "canbo_a")
    document_id = issue_document(canbo).headers["Location"].rsplit("=", 1)[1]
    with served(app) as base:
        signer = _browser(base, "nguoiky_a")
        for size in (600 * 1024, 5 * 1024 * 1024):
            status, page = _post_files(signer, f"/van-ban/{document_id}/ky-so", {"password": "x"},
                                       {"p12": ("khoa.p12", b"0" * size), "image": ("chu-ky.png", b"\x89PNG")},
                                       f"/van-ban/{document_id}")
            assert status == 413 and "tối đa 400 KB" in page and "quá nhiều ô" not in page, page
