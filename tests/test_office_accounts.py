"""Accounts and sessions of the office server, on SQLite and PostgreSQL: the real client address
behind a trusted proxy, a per-name lock with a growing wait (atomic under concurrent logins),
normalised user names with look-alikes refused, the administrator's password reset and template
removal, and the headers of pages with a session."""

import http.cookiejar
import io
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import all_text
from minutes_gen.cli import cli
from minutes_gen.office import accounts
from minutes_gen.office.app import create_office_app
from minutes_gen.office.store import OfficeStore
from minutes_gen.web.guard import client_address, trusted_networks
from office_helpers import (ADMIN_PASSWORD, PASSWORD, audit_rows, document_ids, edited_template, init_office,
                            issue_document, login, post, served, setup_two_agencies)

WRONG = "sai-mat-khau-roi"
PROXY = ("127.0.0.1",)


def _app(url: str, **options):
    app = create_office_app(url, **options)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def office(database_url):
    """The office behind a trusted proxy on 127.0.0.1 (as the README's nginx setup)."""
    init_office(database_url)
    app = _app(database_url, trusted_proxies=PROXY)
    setup_two_agencies(app)
    return app, database_url


def _from(client, forwarded: str):
    """The client as seen through the proxy: nginx appends the address it saw."""
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded
    return client


def _age_failures(url: str, seconds: float) -> None:
    """Move every failed login ``seconds`` into the past (the wait passes without sleeping)."""
    office = OfficeStore.open(url)
    try:
        office.database.execute("UPDATE login_failures SET at = at - ?", (seconds,))
    finally:
        office.close()


def _admin(app):
    client = app.test_client()
    assert login(client, "quantri", ADMIN_PASSWORD).status_code == 302
    return client


def _user_id(admin, username: str) -> str:
    page = admin.get("/quan-tri").get_data(as_text=True)
    return re.search(rf"<td>{re.escape(username)}</td>.*?/quan-tri/nguoi-dung/(\d+)/khoa", page, re.S).group(1)


def _new_user(admin, username: str):
    return post(admin, "/quan-tri/nguoi-dung", {"username": username, "full_name": "Người mới", "role": "quan-tri",
                                                "agency_id": "", "password": PASSWORD}, page="/quan-tri")


def _wait_in(page: str) -> int:
    return int(re.search(r"hãy đợi (\d+) giây", page).group(1))


# --- the client address behind a proxy --------------------------------------------------
def test_the_client_is_the_right_most_address_not_a_trusted_proxy():
    trusted = trusted_networks(("127.0.0.1", "10.1.0.0/16"))
    assert client_address("127.0.0.1", "10.0.0.5", trusted) == "10.0.0.5"
    assert client_address("127.0.0.1", "6.6.6.6, 10.0.0.5, 10.1.2.3", trusted) == "10.0.0.5"  # 6.6.6.6: sent by the client
    assert client_address("10.0.0.9", "6.6.6.6", trusted) == "10.0.0.9"  # not through a trusted proxy: ignored
    assert client_address("127.0.0.1", "", trusted) == "127.0.0.1"
    assert client_address("127.0.0.1", "rác", trusted) == "127.0.0.1"
    assert client_address("127.0.0.1", "10.0.0.5", ()) == "127.0.0.1"


def test_a_bad_trusted_proxy_is_said_in_vietnamese(tmp_path):
    url = f"sqlite:///{tmp_path / 'vp.db'}"
    init_office(url)
    result = CliRunner().invoke(cli, ["office", "serve", "--db", url, "--port", "0", "--trusted-proxy", "máy-nginx"])
    assert result.exit_code == 2 and "--trusted-proxy" in result.output and "máy-nginx" in result.output
    assert "Traceback" not in result.output


def test_behind_a_trusted_proxy_one_machine_never_locks_out_the_office(office, monkeypatch):
    app, url = office
    monkeypatch.setattr(accounts, "ADDRESS_FAILURES_ALLOWED", 3)
    guesser = _from(app.test_client(), "10.0.0.5")
    for name in ("khach1", "khach2", "khach3"):
        assert login(guesser, name, WRONG).status_code == 401
    assert login(guesser, "canbo_a").status_code == 429  # this machine tried too many names
    assert login(_from(app.test_client(), "10.0.0.6, 10.0.0.5"), "canbo_a").status_code == 429  # a forged hop
    assert login(_from(app.test_client(), "10.0.0.6"), "canbo_a").status_code == 302  # the others go on
    direct = app.test_client()  # no X-Forwarded-For: the proxy's own address is not limited
    for name in ("khach4", "khach5", "khach6"):
        assert login(direct, name, WRONG).status_code == 401
    assert login(app.test_client(), "canbo_b").status_code == 302
    seen = {(entry["action"], entry["detail"]): entry["address"] for entry in audit_rows(url)}
    assert seen[("đăng nhập sai", "tên «khach1»")] == "10.0.0.5"
    assert ("đăng nhập", "") in seen and "10.0.0.6" in {e["address"] for e in audit_rows(url) if e["action"] == "đăng nhập"}


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(database_url):
    init_office(database_url)
    client = _from(_app(database_url).test_client(), "10.9.9.9")
    assert login(client, "quantri", ADMIN_PASSWORD).status_code == 302
    assert [e["address"] for e in audit_rows(database_url) if e["action"] == "đăng nhập"] == ["127.0.0.1"]


# --- the per-name lock ------------------------------------------------------------------
def test_the_lock_of_a_name_grows_and_refuses_even_the_right_password(office):
    app, url = office
    client = app.test_client()
    for typed in ("canbo_a", "CANBO_A", " CanBo_A ", "ｃａｎｂｏ_ａ", "canbo_a"):  # one name, however typed
        assert login(client, typed, WRONG).status_code == 401
    refused = login(client, "canbo_a")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and 25 <= _wait_in(page) <= 30 and "Đăng nhập sai quá nhiều lần" in page
    assert login(app.test_client(), "canbo_b").status_code == 302  # other names are not locked
    _age_failures(url, 31)
    assert login(client, "canbo_a", WRONG).status_code == 401  # one more try after the wait, wrong again
    again = login(client, "canbo_a")
    assert again.status_code == 429 and 55 <= _wait_in(again.get_data(as_text=True)) <= 60  # the wait doubled
    _age_failures(url, 61)
    assert login(client, "canbo_a").status_code == 302
    assert login(app.test_client(), "canbo_a", WRONG).status_code == 401  # the right password forgot the failures
    assert login(app.test_client(), "canbo_a").status_code == 302
    actions = [e["action"] for e in audit_rows(url) if e["detail"].startswith("tên «canbo_a»")]
    assert actions.count("đăng nhập bị chặn") == 2


def test_the_wait_is_said_in_minutes_when_long():
    assert accounts.wait_text(30) == "30 giây" and accounts.wait_text(0.2) == "1 giây"
    assert accounts.wait_text(4 * 60) == "4 phút" and accounts.wait_text(61 * 60) == "61 phút"


class _Browser:
    """One browser over real HTTP: its own cookies, redirects not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  self._NoRedirect())

    def open(self, path: str, fields: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=120) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def test_twenty_concurrent_wrong_logins_get_only_the_allowed_password_checks(office):
    from office_http import at_once

    app, url = office
    with served(app) as base:
        browsers = [_Browser(base) for _ in range(20)]
        tokens = [re.search(r'name="csrf_token" value="([^"]+)"', b.open("/dang-nhap")[1]).group(1) for b in browsers]
        statuses = []
        at_once(lambda browser, token: statuses.append(browser.open("/dang-nhap", {"csrf_token": token, "username":
                                                                                "canbo_a", "password": WRONG})[0]),
                list(zip(browsers, tokens)))
    assert sorted(statuses) == [401] * accounts.LOGIN_FAILURES_ALLOWED + [429] * (20 - accounts.LOGIN_FAILURES_ALLOWED)
    checked = [e for e in audit_rows(url) if e["action"] == "đăng nhập sai" and e["detail"] == "tên «canbo_a»"]
    assert len(checked) == accounts.LOGIN_FAILURES_ALLOWED


# --- user names -------------------------------------------------------------------------
def test_user_names_are_normalised_and_look_alikes_refused(office):
    app, _ = office
    admin = _admin(app)
    assert _new_user(admin, "  Nguyen.Van-A ").status_code == 302
    assert "<td>nguyen.van-a</td>" in admin.get("/quan-tri").get_data(as_text=True)
    assert login(app.test_client(), "NGUYEN.VAN-A").status_code == 302
    assert _new_user(admin, "trần_thị_bình").status_code == 302  # Vietnamese letters are letters
    for look_alike in ("QUANTRI", "\uff51\uff55\uff41\uff4e\uff54\uff52\uff49", "quántri", "QUÀNTRI"):
        answer = _new_user(admin, look_alike)
        assert answer.status_code == 400 and "giống tên" in answer.get_data(as_text=True), look_alike
    for foreign in ("qu\u0430ntri", "qu\u03b1ntri", "c\u0430nbo_\u0430", "quantr\u0131", "qu\u0251ntri",
                    "ca\u0578bo_a", "quan\u200btri"):  # Cyrillic, Greek, dotless i, Latin alpha, Armenian, zero width
        answer = _new_user(admin, foreign)
        assert answer.status_code == 400 and "không phải chữ tiếng Việt" in answer.get_data(as_text=True), foreign
    for bad, said in (("ab", "từ 3 đến 64 ký tự"), ("a" * 65, "từ 3 đến 64 ký tự"), ("nguyen van", "chỉ gồm chữ"),
                      ("an@so", "chỉ gồm chữ")):
        answer = _new_user(admin, bad)
        assert answer.status_code == 400 and said in answer.get_data(as_text=True), bad


def test_accounts_made_before_names_were_normalised_keep_working(office):
    app, url = office
    office_store = OfficeStore.open(url)
    try:
        office_store.add_user("NguyenVanA", "Nguyễn Văn A", "quan-tri", None, accounts.hash_password(PASSWORD))
        office_store.add_user("TranB", "Trần B (cũ)", "quan-tri", None, accounts.hash_password(PASSWORD + "-cu"))
        office_store.add_user("tranb", "Trần B", "quan-tri", None, accounts.hash_password(PASSWORD))
    finally:
        office_store.close()
    for typed in ("NguyenVanA", "nguyenvana", "NGUYENVANA", "tranb"):
        assert login(app.test_client(), typed).status_code == 302, typed
    assert login(app.test_client(), "TranB", PASSWORD + "-cu").status_code == 302  # two old names, one per case
    answer = _new_user(_admin(app), "nguyenvana")
    assert answer.status_code == 400 and "giống tên «NguyenVanA»" in answer.get_data(as_text=True)


def test_the_first_administrator_name_is_checked_too(tmp_path):
    result = CliRunner().invoke(cli, ["office", "init", "--db", f"sqlite:///{tmp_path / 'vp.db'}", "--admin", "q t"],
                                env={"MINUTES_GEN_ADMIN_PASSWORD": ADMIN_PASSWORD})
    assert result.exit_code == 2 and "--admin" in result.output and "chỉ gồm chữ" in result.output


# --- the administrator: password reset, template removal --------------------------------
def _reset(admin, user_id: str):
    return post(admin, f"/quan-tri/nguoi-dung/{user_id}/mat-khau", {}, page="/quan-tri")


def test_the_administrator_resets_a_password_and_it_must_be_changed(office):
    app, url = office
    user, admin = app.test_client(), _admin(app)
    assert login(user, "canbo_a").status_code == 302
    for _ in range(accounts.LOGIN_FAILURES_ALLOWED):
        login(app.test_client(), "canbo_a", WRONG)  # locked out: the reason to ask for a reset
    answer = _reset(admin, _user_id(admin, "canbo_a"))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "canbo_a" in page
    temporary = re.search(r'id="temporary">([^<]+)<', page).group(1)
    assert accounts.password_problem(temporary, "canbo_a") is None
    assert user.get("/van-ban").status_code == 302  # their session ended
    assert login(user, "canbo_a").status_code == 401  # the old password no longer works
    assert login(user, "canbo_a", temporary).status_code == 302  # the lock was lifted
    for path in ("/van-ban", "/van-ban/moi", "/"):
        assert user.get(path).headers["Location"] == "/mat-khau", path
    refused = post(user, "/van-ban/moi", {"kind": "minutes", "data": "x"}, page="/mat-khau")
    assert refused.status_code == 302 and refused.headers["Location"] == "/mat-khau"
    assert "phải đổi mật khẩu" in user.get("/mat-khau").get_data(as_text=True)
    new = "Mat-khau-rieng-2027"
    done = post(user, "/mat-khau", {"current": temporary, "new": new, "again": new}, page="/mat-khau")
    assert done.status_code == 200 and user.get("/van-ban").status_code == 200
    assert ("đặt lại mật khẩu", "canbo_a") in {(e["action"], e["detail"]) for e in audit_rows(url)}
    assert temporary not in str(audit_rows(url))
    own = _reset(admin, _user_id(admin, "quantri"))
    assert own.status_code == 400 and "Đổi mật khẩu" in own.get_data(as_text=True)


def test_the_administrator_removes_an_agency_template_and_the_builtin_one_returns(office):
    app, url = office
    admin = _admin(app)
    agency_a = re.search(r'<option value="(\d+)">Sở Lao động', admin.get("/quan-tri").get_data(as_text=True)).group(1)
    own = edited_template(("BIÊN BẢN", "BIÊN BẢN (MẪU RIÊNG CỦA SỞ)"))
    assert post(admin, "/quan-tri/mau", {"agency_id": agency_a, "kind": "minutes",
                                         "template": (io.BytesIO(own), "mau-so.docx")},
                page="/quan-tri", content_type="multipart/form-data").status_code == 302
    removed = post(admin, "/quan-tri/mau/bo", {"agency_id": agency_a, "kind": "minutes"}, page="/quan-tri")
    listed = re.search(r'<table id="templates">.*?</table>', admin.get("/quan-tri").get_data(as_text=True), re.S).group(0)
    assert removed.status_code == 302 and "mau-so.docx" not in listed and "Chưa có" in listed
    again = post(admin, "/quan-tri/mau/bo", {"agency_id": agency_a, "kind": "minutes"}, page="/quan-tri")
    assert again.status_code == 404 and "không có mẫu riêng" in again.get_data(as_text=True)
    secretary = app.test_client()
    login(secretary, "canbo_a")
    assert issue_document(secretary).status_code == 302
    text = all_text(Document(io.BytesIO(secretary.get(f"/van-ban/{document_ids(secretary)[0]}/tai").data)))
    assert "BIÊN BẢN" in text and "MẪU RIÊNG" not in text
    assert any(e["action"] == "bỏ mẫu riêng" and "mau-so.docx" in e["detail"] for e in audit_rows(url))


def test_a_database_of_the_previous_version_is_upgraded_and_its_accounts_work(database_url):
    init_office(database_url)
    office_store = OfficeStore.open(database_url)
    try:  # as version 2 left it: no column for a password to change
        office_store.database.execute("ALTER TABLE users DROP COLUMN must_change_password")
        office_store.database.execute("UPDATE office_meta SET value = '2' WHERE key = 'schema_version'")
    finally:
        office_store.close()
    init_office(database_url)
    app = _app(database_url)
    assert login(app.test_client(), "quantri", ADMIN_PASSWORD).status_code == 302


# --- headers ----------------------------------------------------------------------------
def test_pages_with_a_session_are_never_cached_and_https_is_pinned(office):
    app, url = office
    client = app.test_client()
    assert login(client, "canbo_a").status_code == 302
    answer = client.get("/van-ban")
    assert answer.headers["Cache-Control"] == "no-store" and "Strict-Transport-Security" not in answer.headers
    assert client.get("/dang-nhap").headers["Cache-Control"] == "no-store"  # carries the form's token
    secure = _app(url, secure_cookies=True).test_client().get("/dang-nhap", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
