"""What an outsider's attack on the office server found, each held shut: forwarded addresses
honoured only from the trusted proxy through waitress itself, bodies and malformed requests
refused by waitress in Vietnamese before they fill the disk, no open redirect after login, ids
in other digits or too large for the database, a formula after a «;» in the register export,
an apology run too large to hold the register for, an administrator locked out unlocked from
the command line."""

import re
import socket

from click.testing import CliRunner

from minutes_gen.cli import cli
from office_helpers import ADMIN_PASSWORD, PASSWORD, SEED_TEXT, audit_rows, issue_document, login, post, post_apology_run
from office_http import Browser, running_office

WRONG = "sai-mat-khau-roi"


def _raw(base: str, request: bytes) -> tuple[int, str]:
    """Send ``request`` as it is to the server at ``base``; its status and body."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


def test_a_forwarded_address_reaches_the_audit_through_waitress(office):
    _, url = office
    with running_office(url, "--trusted-proxy", "127.0.0.1") as (_, base):
        browser = Browser(base)
        browser.opener.addheaders = [("X-Forwarded-For", "10.1.2.3")]
        assert browser.login("canbo_a", WRONG) in (401, 400)
    assert any(entry["address"] == "10.1.2.3" for entry in audit_rows(url))


def test_waitress_refuses_in_vietnamese_before_reading_a_huge_body(office):
    _, url = office
    with running_office(url) as (_, base):
        status, body = _raw(base, b"POST /xin-loi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
                                  b"boundary=x\r\nContent-Length: 314572800\r\n\r\n" + b"x" * 1024)
        assert status == 413 and "quá lớn" in body and "Entity" not in body and "waitress" not in body
        status, body = _raw(base, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n")
        assert status == 400 and "không hợp lệ" in body and "Content-Length" not in body


def test_the_page_after_login_is_always_one_of_this_server(office):
    app, _ = office
    for disguised in ("/\t/evil.example", "//evil.example", "/\\evil.example", "/%0D%0ASet-Cookie:x=1", "http://evil"):
        client = app.test_client()
        answer = post(client, f"/dang-nhap?tiep={disguised}", {"username": "canbo_a", "password": PASSWORD})
        assert answer.status_code == 302 and answer.headers["Location"] == "/van-ban", disguised
    client = app.test_client()
    answer = post(client, "/dang-nhap?tiep=/van-ban?q=01", {"username": "canbo_a", "password": PASSWORD})
    assert answer.headers["Location"] == "/van-ban?q=01" and "Đang chuyển sang" in answer.get_data(as_text=True)


def test_ids_in_other_digits_or_too_large_are_no_page(office):
    app, _ = office
    client = app.test_client()
    login(client, "canbo_a")
    assert issue_document(client).status_code == 302
    for path in ("/van-ban/%D9%A1/tai", "/van-ban/%EF%BC%91/du-lieu", "/van-ban/99999999999999999999/tai"):
        assert client.get(path).status_code == 404, path
    admin = app.test_client()
    login(admin, "quantri", ADMIN_PASSWORD)
    for agency in ("²", "99999999999999999999", "9223372036854775808", "١"):
        answer = post(admin, "/quan-tri/mau/bo", {"agency_id": agency, "kind": "minutes"}, page="/quan-tri")
        assert answer.status_code == 404, agency


def test_a_formula_after_a_semicolon_is_never_live_in_the_register_export(office):
    app, _ = office
    client = app.test_client()
    login(client, "canbo_a")
    unit = "Phòng Nội vụ;=HYPERLINK(CHAR(104));=3+4"
    text = SEED_TEXT.replace("name: Sở Lao động, Thương binh và Xã hội", f'name: "{unit}"', 1)
    assert issue_document(client, text).status_code == 302
    clerk = app.test_client()
    login(clerk, "vanthu_a")
    exported = clerk.get("/so-van-ban/xuat").get_data(as_text=True)
    assert ";'=HYPERLINK" in exported and ";'=3+4" in exported and not re.search(r";\s*=", exported)


def test_an_apology_run_too_large_for_the_server_is_refused_before_taking_numbers(office, monkeypatch):
    app, url = office
    monkeypatch.setenv("MINUTES_GEN_LIMITS", "server_letters=2")
    client = app.test_client()
    login(client, "canbo_a")
    answer = post_apology_run(client)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "quá 2 phiếu một lần lập" in page and "minutes-gen apology" in page
    from minutes_gen.register.location import open_register

    assert open_register(url, office_agency="SLĐTBXH").entries() == []


def test_too_many_fields_are_said_as_such(office):
    app, _ = office
    client = app.test_client()
    login(client, "canbo_a")
    fields = {f"o{i}": "x" for i in range(1200)}
    answer = post(client, "/van-ban/moi", {**fields, "kind": "minutes"}, page="/van-ban/moi",
                  content_type="multipart/form-data")
    assert answer.status_code == 413 and "quá nhiều ô" in answer.get_data(as_text=True)


def test_a_locked_out_administrator_is_unlocked_from_the_command_line(office):
    app, url = office
    for _ in range(6):
        login(app.test_client(), "quantri", WRONG)
    assert login(app.test_client(), "quantri", ADMIN_PASSWORD).status_code == 429
    result = CliRunner().invoke(cli, ["office", "unlock", "QUANTRI", "--db", url])
    assert result.exit_code == 0 and "quantri" in result.output
    assert login(app.test_client(), "quantri", ADMIN_PASSWORD).status_code == 302
    assert any(entry["action"] == "bỏ khóa đăng nhập" for entry in audit_rows(url))
    missing = CliRunner().invoke(cli, ["office", "unlock", "khong-co-ai", "--db", url])
    assert missing.exit_code == 2 and "không có người dùng" in missing.output
