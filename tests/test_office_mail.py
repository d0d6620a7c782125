"""E-mail from the office server, on SQLite and PostgreSQL, through a real SMTP server on
127.0.0.1 (aiosmtpd, and the raw-socket stub that drops the link after a message's content):
the administrator sets the agency's SMTP server (the password sealed, never shown back), the
cán bộ sends a run's letters from its page, nothing is ever sent twice (a second press, a
rerun, a maybe-sent letter), and nobody else can send: another agency (404), the văn thư and
the administrator (403), forged letter names (400, nothing sent)."""

import re

import pytest

from office_helpers import (ADMIN_PASSWORD, audit_rows, clerk_of, issue_run, login, post,
                            post_apology_run, served)
from registers import write_csv
from test_email import HEADERS, dropping_server, smtp_server  # noqa: F401 (fixtures)

SMTP_PASSWORD = "mat-khau-thu"
ROWS = [["HS-1", "Nguyễn Văn An", "Nam", "Đăng ký khai sinh", "01/06/2023", "13/06/2023", "", "chờ xác minh",
         "an@example.vn", "Trực tuyến"],
        ["HS-2", "Công ty TNHH A & B", "", "Cấp giấy phép", "01/06/2023", "12/06/2023", "14/06/2023", "",
         "ab@example.vn", "Dịch vụ công trực tuyến"],
        ["HS-4", "Lê Văn Cường", "Nam", "Chứng thực", "01/06/2023", "13/06/2023", "", "", "", "Trực tuyến"],
        ["HS-5", "Phạm Thị Dung", "Nữ", "Chứng thực", "01/06/2023", "13/06/2023", "", "", "dung@example.vn",
         "Trực tiếp"]]


@pytest.fixture(autouse=True)
def office_key(monkeypatch):
    from minutes_gen.storage import sealed

    monkeypatch.setenv(sealed.KEY_VARIABLE, sealed.new_key())


def _register(tmp_path) -> bytes:
    return write_csv(tmp_path / "so.csv", ROWS, HEADERS).read_bytes()


def _admin(app):
    client = app.test_client()
    assert login(client, "quantri", ADMIN_PASSWORD).status_code == 302
    return client


def _agency_id(client, name: str = "Sở Lao động, Thương binh và Xã hội") -> int:
    page = client.get("/quan-tri").get_data(as_text=True)
    return {n: int(v) for v, n in re.findall(r'<option value="(\d+)">([^<]+)</option>', page)}[name]


def set_smtp(client, port: int, password: str = SMTP_PASSWORD, agency_id: int | None = None, **fields):
    agency_id = agency_id or _agency_id(client)
    data = {"host": "127.0.0.1", "port": str(port), "security": "none", "username": "motcua@so.vn",
            "password": password, "sender": "Bộ phận Một cửa Sở LĐTBXH <motcua@so.vn>", **fields}
    return post(client, f"/quan-tri/thu-dien-tu/{agency_id}", data, page=f"/quan-tri/thu-dien-tu/{agency_id}")


def run_apologies(app, tmp_path, username: str = "canbo_a", as_of: str = "15/06/2023", issued: bool = True):
    """A logged-in cán bộ and the id of the apology run they prepared from ``ROWS`` on ``as_of``,
    issued by the agency's văn thư (unless ``issued=False``)."""
    client = app.test_client()
    login(client, username)
    answer = post_apology_run(client, as_of, _register(tmp_path), issued=False, name="so.csv")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    run_id = int(answer.headers["Location"].rsplit("/", 1)[1])
    if issued:
        assert issue_run(clerk_of(client), run_id, as_of).status_code == 302
    return client, run_id


def send(client, run_id: int, **fields):
    answer = post(client, f"/van-ban/{run_id}/thu-dien-tu", fields, page=f"/van-ban/{run_id}")
    return answer.status_code, answer.get_data(as_text=True)


def states(client, run_id: int) -> dict[str, str]:
    """The state of each letter on the run's page, by dossier code."""
    page = client.get(f"/van-ban/{run_id}").get_data(as_text=True)
    return {code: state for state, code in re.findall(r'<tr data-file="[^"]+" data-state="([^"]*)"><td>([^<]+)</td>', page)}


def recipients(handler) -> list[str]:
    return sorted(to for tos, _ in handler.messages for to in tos)


def test_the_administrator_sets_the_server_and_its_password_is_never_shown_nor_kept_in_clear(office, tmp_path):
    app, url = office
    admin = _admin(app)
    assert set_smtp(admin, 2525).status_code == 200
    agency_id = _agency_id(admin)
    page = admin.get(f"/quan-tri/thu-dien-tu/{agency_id}").get_data(as_text=True)
    assert "đã lưu mật khẩu" in page and SMTP_PASSWORD not in page and 'name="password" value=""' in page
    assert set_smtp(admin, 2526, password="").status_code == 200  # empty: the old password is kept
    from minutes_gen.office.mailing import purpose
    from minutes_gen.office.store import OfficeStore
    from minutes_gen.storage.sealed import unseal

    office_store = OfficeStore.open(url)
    try:
        kept = office_store.smtp_server(agency_id)
        assert kept.port == 2526 and unseal(kept.password_sealed, purpose(agency_id)) == SMTP_PASSWORD.encode()
        assert SMTP_PASSWORD not in kept.password_sealed
    finally:
        office_store.close()
    if url.startswith("sqlite:///"):
        from pathlib import Path

        assert SMTP_PASSWORD.encode() not in Path(url.removeprefix("sqlite:///")).read_bytes()
    assert all(SMTP_PASSWORD not in row["detail"] for row in audit_rows(url))
    wrong = set_smtp(admin, 99999, sender="không phải địa chỉ")
    assert wrong.status_code == 400 and "cổng" in wrong.get_data(as_text=True) and "người gửi" in wrong.get_data(as_text=True)


def test_without_a_key_in_the_environment_nothing_is_stored_and_the_page_says_how(office, monkeypatch):
    from minutes_gen.storage import sealed

    app, _ = office
    admin = _admin(app)
    monkeypatch.delenv(sealed.KEY_VARIABLE)
    agency_id = _agency_id(admin)
    assert "minutes-gen office key" in admin.get(f"/quan-tri/thu-dien-tu/{agency_id}").get_data(as_text=True)
    answer = set_smtp(admin, 2525)
    assert answer.status_code == 400 and "chưa đặt biến môi trường MINUTES_GEN_OFFICE_KEY" in answer.get_data(as_text=True)
    assert "đã lưu mật khẩu" not in admin.get(f"/quan-tri/thu-dien-tu/{agency_id}").get_data(as_text=True)


def test_the_cán_bộ_sends_once_and_a_second_press_or_a_rerun_sends_nothing(office, tmp_path, smtp_server):
    handler, port = smtp_server
    app, url = office
    set_smtp(_admin(app), port)
    client, run_id = run_apologies(app, tmp_path)
    page = client.get(f"/van-ban/{run_id}").get_data(as_text=True)
    assert "không gửi: sổ không ghi thư điện tử" in page and "không gửi (hồ sơ không nộp trực tuyến)" in page
    assert "Gửi thư điện tử" in page and states(client, run_id) == {"HS-1": "", "HS-2": "", "HS-4": "", "HS-5": ""}
    status, text = send(client, run_id)
    assert status == 200 and recipients(handler) == ["ab@example.vn", "an@example.vn"], text
    assert states(client, run_id) == {"HS-1": "đã gửi", "HS-2": "đã gửi", "HS-4": "", "HS-5": ""}
    message = next(m for tos, m in handler.messages if tos == ["an@example.vn"])
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename().endswith(".docx") and message["Subject"].endswith("hồ sơ HS-1")
    status, text = send(client, run_id)
    assert status == 200 and "đã gửi trước đó" in text and len(handler.messages) == 2
    _, rerun_id = run_apologies(app, tmp_path, as_of="16/06/2023")  # the next day's run: the same dossiers
    status, text = send(client, rerun_id)
    assert status == 200 and len(handler.messages) == 2 and states(client, rerun_id)["HS-1"] == "đã gửi"
    history = client.get("/van-ban").get_data(as_text=True)
    assert history.count("Thư điện tử: đã gửi 2 · chưa gửi 0 · lỗi 0") == 2
    assert any(row["action"] == "gửi thư điện tử" for row in audit_rows(url))


def test_a_letter_whose_reply_was_lost_is_shown_to_check_and_never_resent(office, tmp_path, dropping_server):
    app, _ = office
    set_smtp(_admin(app), dropping_server.server_address[1], username="", password="")
    client, run_id = run_apologies(app, tmp_path)
    status, text = send(client, run_id)
    assert status == 200 and "có thể đã gửi: sau khi nhận nội dung thư, máy chủ thư ngắt kết nối" in text
    assert states(client, run_id) == {"HS-1": "có thể đã gửi", "HS-2": "đã gửi", "HS-4": "", "HS-5": ""}
    assert "cần kiểm tra, không gửi lại" in client.get(f"/van-ban/{run_id}").get_data(as_text=True)
    send(client, run_id)
    assert dropping_server.received.count("an@example.vn") == 1 and dropping_server.received.count("ab@example.vn") == 1


def test_a_wrong_smtp_password_is_said_and_nothing_is_marked_sent(office, tmp_path, smtp_server):
    handler, port = smtp_server
    app, _ = office
    set_smtp(_admin(app), port, password="sai-mat-khau")
    client, run_id = run_apologies(app, tmp_path)
    status, text = send(client, run_id)
    assert status == 200 and "máy chủ thư không chấp nhận tài khoản «motcua@so.vn»" in text and handler.messages == []
    assert "đã gửi" not in states(client, run_id).values()
    assert "Thư điện tử: đã gửi 0 · chưa gửi 1 · lỗi 1" in client.get("/van-ban").get_data(as_text=True)
    set_smtp(_admin(app), port)  # the right password: the letters go now
    send(client, run_id)
    assert recipients(handler) == ["ab@example.vn", "an@example.vn"]


def test_nobody_else_sends_and_forged_letters_are_refused(office, tmp_path, smtp_server):
    """The matrix: cán bộ of the agency sends; văn thư of the agency sees the states, no button, 403 on
    posting; administrator 403; the other agency's cán bộ 404 (as a missing run); a file name not of
    the run 400 and nothing sent; a document that is no run 404."""
    handler, port = smtp_server
    app, _ = office
    admin = _admin(app)
    set_smtp(admin, port)
    client, run_id = run_apologies(app, tmp_path)
    clerk, other = app.test_client(), app.test_client()
    login(clerk, "vanthu_a")
    login(other, "canbo_b")
    clerk_page = clerk.get(f"/van-ban/{run_id}").get_data(as_text=True)
    assert "HS-1" in clerk_page and "Gửi thư điện tử</button>" not in clerk_page
    assert post(clerk, f"/van-ban/{run_id}/thu-dien-tu", {}, page="/van-ban").status_code == 403
    assert post(admin, f"/van-ban/{run_id}/thu-dien-tu", {}, page="/quan-tri").status_code == 403
    assert post(other, f"/van-ban/{run_id}/thu-dien-tu", {}, page="/van-ban").status_code == 404
    assert other.get(f"/van-ban/{run_id}").status_code == 404
    status, text = send(client, run_id, thu="../../etc/passwd")
    assert status == 400 and "không phải thư của đợt này" in text
    assert post(other, "/quan-tri/thu-dien-tu/1", {"host": "x"}, page="/van-ban").status_code == 403
    assert handler.messages == []
    letter = re.search(r'<tr data-file="([^"]+)" data-state=""><td>HS-1<', client.get(f"/van-ban/{run_id}")
                       .get_data(as_text=True)).group(1)
    status, _ = send(client, run_id, thu=letter)  # one letter chosen: only it goes
    assert status == 200 and recipients(handler) == ["an@example.vn"]


def test_another_key_in_the_environment_is_said_and_nothing_is_sent(office, tmp_path, smtp_server, monkeypatch):
    from minutes_gen.storage import sealed

    handler, port = smtp_server
    app, _ = office
    admin = _admin(app)
    set_smtp(admin, port)
    client, run_id = run_apologies(app, tmp_path)
    monkeypatch.setenv(sealed.KEY_VARIABLE, sealed.new_key())
    status, text = send(client, run_id)
    assert status == 400 and "khóa trong biến môi trường MINUTES_GEN_OFFICE_KEY khác khóa đã dùng" in text
    assert handler.messages == [] and set(states(client, run_id).values()) == {""}
    assert "Mật khẩu đã lưu không mở được" in admin.get(f"/quan-tri/thu-dien-tu/{_agency_id(admin)}").get_data(as_text=True)


def test_two_presses_at_the_same_moment_send_each_letter_once(office, tmp_path):
    """Two cán bộ sessions press «Gửi» together over real HTTP (waitress) while the SMTP server
    takes its time over each message: the log's claim lets one sending of a letter through."""
    from aiosmtpd.controller import Controller

    from office_http import Browser, at_once
    from test_email import Accounts, SlowCollector, _free_port

    handler, port = SlowCollector(), _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, authenticator=Accounts(), auth_require_tls=False)
    controller.start()
    app, _ = office
    set_smtp(_admin(app), port)
    _, run_id = run_apologies(app, tmp_path)
    try:
        with served(app) as base:
            browsers = [Browser(base) for _ in range(2)]
            for browser in browsers:
                assert browser.login("canbo_a", "Mat-khau-can-bo-2026") == 302
            tokens = [re.search(r'name="csrf_token" value="([^"]+)"', b.get(f"/van-ban/{run_id}")[1]).group(1)
                      for b in browsers]
            answers = []
            at_once(lambda browser, token: answers.append(browser.request(f"/van-ban/{run_id}/thu-dien-tu",
                                                                          {"csrf_token": token})),
                    list(zip(browsers, tokens)))
    finally:
        controller.stop()
    assert [status for status, _ in answers] == [200, 200]
    assert recipients(handler) == ["ab@example.vn", "an@example.vn"]  # each once, whoever sent it


def test_a_busy_server_sends_nothing_and_says_so(office, tmp_path, smtp_server):
    from minutes_gen.office.context import JOBS
    from minutes_gen.web.guard import JobGate

    handler, port = smtp_server
    app, _ = office
    set_smtp(_admin(app), port)
    client, run_id = run_apologies(app, tmp_path)
    app.extensions[JOBS] = JobGate(running=1, waiting=0)
    with app.extensions[JOBS]:  # someone else's run holds the only place
        status, text = send(client, run_id)
    assert status == 503 and "đang bận" in text and handler.messages == []


def test_a_database_of_the_previous_version_gains_the_mail_tables(office, tmp_path, smtp_server):
    from minutes_gen.office.app import create_office_app
    from minutes_gen.office.store import OfficeStore
    from office_helpers import init_office

    handler, port = smtp_server
    _, url = office
    office_store = OfficeStore.open(url)
    try:  # as version 4 left it
        for table in ("agency_smtp", "apology_mail", "sent_letters"):
            office_store.database.execute(f"DROP TABLE {table}")
        office_store.database.execute("UPDATE office_meta SET value = '4' WHERE key = 'schema_version'")
    finally:
        office_store.close()
    init_office(url)
    upgraded = create_office_app(url)
    set_smtp(_admin(upgraded), port)
    client, run_id = run_apologies(upgraded, tmp_path)
    assert send(client, run_id)[0] == 200 and recipients(handler) == ["ab@example.vn", "an@example.vn"]


def test_a_run_waiting_for_its_numbers_sends_nothing(office, tmp_path, smtp_server):
    handler, port = smtp_server
    app, _ = office
    set_smtp(_admin(app), port)
    client, run_id = run_apologies(app, tmp_path, issued=False)
    assert "Thư được gửi sau khi văn thư cấp số" in client.get(f"/van-ban/{run_id}").get_data(as_text=True)
    status, text = send(client, run_id)
    assert status == 400 and "chưa được văn thư cấp số và ban hành" in text and handler.messages == []
