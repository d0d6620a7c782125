"""Letters e-mailed to applicants who filed online, through a real SMTP server on 127.0.0.1
(aiosmtpd): one message each, Vietnamese subject and text, the letter attached and readable;
a refused address is that row's result; a rerun sends nothing; a dry run writes .eml files.
A raw-socket SMTP stub plays the server that drops the link between a message's content and its reply."""

import csv
import email
import email.policy
import io
import socket
import socketserver
import sqlite3
import threading

import pytest
import yaml
from docx import Document

from conftest import SAMPLES
from registers import write_csv

aiosmtpd = pytest.importorskip("aiosmtpd.controller")

HEADERS = ["Mã hồ sơ", "Họ và tên", "Giới tính", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả",
           "Ngày trả kết quả", "Lý do chậm", "Thư điện tử", "Hình thức nộp"]
REFUSED = "tu-choi@example.vn"


class Collector:
    """An SMTP handler that keeps every message and refuses one mailbox."""

    def __init__(self):
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 Hộp thư không tồn tại"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Accounts:
    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        ok = auth_data.login == b"motcua@so.vn" and auth_data.password == b"mat-khau-thu"
        return AuthResult(success=ok, handled=False)


def _collecting_server(**options):
    handler, port = Collector(), _free_port()
    controller = aiosmtpd.Controller(handler, hostname="127.0.0.1", port=port, authenticator=Accounts(),
                                     auth_require_tls=False, **options)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def smtp_server():
    yield from _collecting_server()


@pytest.fixture
def ascii_smtp_server():
    """A server that does not announce SMTPUTF8 (aiosmtpd's Controller does unless told not to)."""
    yield from _collecting_server(enable_SMTPUTF8=False)


def _agency(tmp_path, port, **email_settings):
    data = yaml.safe_load((SAMPLES / "co-quan-sldtbxh.yaml").read_text(encoding="utf-8"))
    data["email"] = {"host": "127.0.0.1", "port": port, "security": "none",
                     "sender": "Bộ phận Một cửa Sở LĐTBXH <motcua@so.vn>", **email_settings}
    path = tmp_path / "co-quan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _register(tmp_path, *first_rows):
    rows = [*first_rows,
        ["HS-1", "Nguyễn Văn An", "Nam", "Đăng ký khai sinh", "01/06/2023", "13/06/2023", "", "chờ xác minh",
         "an@example.vn", "Trực tuyến"],
        ["HS-2", "Công ty TNHH A & B", "", "Cấp giấy phép", "01/06/2023", "12/06/2023", "14/06/2023", "",
         "ab@example.vn", "Dịch vụ công trực tuyến"],
        ["HS-3", "Trần Thị Bình", "Nữ", "Chứng thực", "01/06/2023", "13/06/2023", "", "", REFUSED, "trực tuyến"],
        ["HS-4", "Lê Văn Cường", "Nam", "Chứng thực", "01/06/2023", "13/06/2023", "", "", "", "Trực tuyến"],
        ["HS-5", "Phạm Thị Dung", "Nữ", "Chứng thực", "01/06/2023", "13/06/2023", "", "", "dung@example.vn",
         "Trực tiếp"],
        ["HS-6", "Võ Văn Em", "Nam", "Chứng thực", "01/06/2023", "13/06/2023", "", "", "em@example.vn\nBcc: x@y.z",
         "Trực tuyến"],
    ]
    return write_csv(tmp_path / "so.csv", rows, HEADERS)


def _manifest(folder):
    with open(folder / "manifest.csv", encoding="utf-8-sig") as handle:
        return {row["Mã hồ sơ"]: row for row in csv.DictReader(handle)}


def _send(run, tmp_path, port, *extra, rows=(), **email_settings):
    return run("apology", _register(tmp_path, *rows), "--agency", _agency(tmp_path, port, **email_settings), "-o", "kq",
               "--as-of", "15/06/2023", "--db", "so.db", "--send", *extra)


@pytest.mark.slow
def test_each_online_applicant_gets_one_message_and_a_rerun_sends_none(run, tmp_path, smtp_server, soffice):
    handler, port = smtp_server
    result = _send(run, tmp_path, port)
    assert result.exit_code == 0, result.output
    assert "Đã gửi thư điện tử: 2; gửi lỗi: 1; không gửi (xem lý do): 2" in result.output  # HS-4, HS-6
    assert sorted(to for tos, _ in handler.messages for to in tos) == ["ab@example.vn", "an@example.vn"]
    rows = _manifest(tmp_path / "kq")
    assert rows["HS-1"]["Thư điện tử"].startswith("đã gửi tới an@example.vn (PDF, <")
    assert rows["HS-3"]["Thư điện tử"].startswith("lỗi gửi thư: máy chủ thư từ chối địa chỉ tu-choi@example.vn (550")
    assert rows["HS-4"]["Thư điện tử"] == "không gửi: sổ không ghi thư điện tử"
    assert rows["HS-5"]["Thư điện tử"] == "không gửi (hồ sơ không nộp trực tuyến)"
    assert "không hợp lệ" in rows["HS-6"]["Thư điện tử"]  # a header smuggled in the address is refused
    message = next(m for tos, m in handler.messages if tos == ["an@example.vn"])
    assert message["Subject"] == "Phiếu xin lỗi và hẹn lại ngày trả kết quả - hồ sơ HS-1"
    assert message["From"] == "Bộ phận Một cửa Sở LĐTBXH <motcua@so.vn>" and message["Message-ID"]
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("Kính gửi: Ông Nguyễn Văn An,") and "hẹn lại ngày trả kết quả là ngày 22 tháng 6" in body
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_filename().endswith(".pdf")
    from pypdf import PdfReader

    pdf_text = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert "PHIẾU XIN LỖI" in pdf_text and "HS-1" in pdf_text
    company = next(m for tos, m in handler.messages if tos == ["ab@example.vn"])
    assert company["Subject"] == "Phiếu xin lỗi - hồ sơ HS-2"
    assert company.get_body(("plain",)).get_content().startswith("Kính gửi: Công ty TNHH A & B,")
    rerun = _send(run, tmp_path, port, "--force")
    assert rerun.exit_code == 0, rerun.output
    assert len(handler.messages) == 2  # nothing sent twice
    again = _manifest(tmp_path / "kq")
    assert again["HS-1"]["Thư điện tử"].startswith("đã gửi trước đó (")


def test_a_dry_run_writes_eml_files_and_sends_nothing(run, tmp_path, smtp_server):
    handler, port = smtp_server
    result = run("apology", _register(tmp_path), "--agency", _agency(tmp_path, port), "-o", "kq",
                 "--as-of", "15/06/2023", "--db", "so.db", "--dry-run")
    assert result.exit_code == 0, result.output
    assert handler.messages == []
    drafts = sorted((tmp_path / "kq" / "thu-dien-tu").glob("*.eml"))
    assert len(drafts) == 3  # HS-1, HS-2, HS-3 (HS-6's address is refused before any file)
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=email.policy.default)
    assert message["To"] and list(message.iter_attachments())
    again = run("apology", _register(tmp_path), "--agency", _agency(tmp_path, port), "-o", "kq",
                "--as-of", "15/06/2023", "--db", "so.db", "--dry-run")
    assert again.exit_code == 2 and "--force" in again.output  # existing drafts are kept


def test_the_password_comes_from_the_environment_only(run, tmp_path, smtp_server, monkeypatch):
    handler, port = smtp_server
    monkeypatch.delenv("MINUTES_GEN_SMTP_PASSWORD", raising=False)
    missing = _send(run, tmp_path, port, user="motcua@so.vn")
    assert missing.exit_code == 2 and "đặt biến môi trường MINUTES_GEN_SMTP_PASSWORD" in missing.output
    assert not (tmp_path / "kq").exists()  # nothing written before the password is known
    monkeypatch.setenv("MINUTES_GEN_SMTP_PASSWORD", "sai")
    wrong = _send(run, tmp_path, port, user="motcua@so.vn")
    rows = _manifest(tmp_path / "kq")
    assert wrong.exit_code == 0 and handler.messages == []
    assert rows["HS-1"]["Thư điện tử"].startswith("lỗi gửi thư: máy chủ thư không chấp nhận tài khoản")
    assert rows["HS-2"]["Thư điện tử"].startswith("không gửi: máy chủ thư không chấp nhận")  # not tried again
    monkeypatch.setenv("MINUTES_GEN_SMTP_PASSWORD", "mat-khau-thu")
    right = _send(run, tmp_path, port, "--force", user="motcua@so.vn")
    assert right.exit_code == 0 and len(handler.messages) == 2, (right.output, _manifest(tmp_path / "kq")["HS-1"]["Thư điện tử"])


def test_no_server_is_each_rows_result_and_no_email_section_is_said(run, tmp_path):
    result = _send(run, tmp_path, _free_port())
    assert result.exit_code == 0, result.output
    rows = _manifest(tmp_path / "kq")
    assert rows["HS-1"]["Thư điện tử"].startswith("lỗi gửi thư: không kết nối được máy chủ thư 127.0.0.1:")
    assert rows["HS-1"]["Thư điện tử"].endswith("(máy chủ không nhận kết nối ở cổng này (ECONNREFUSED))")  # no English
    assert rows["HS-1"]["Tệp"]  # the letter itself is written
    plain = run("apology", _register(tmp_path), "--agency", SAMPLES / "co-quan-sldtbxh.yaml", "-o", "kq2",
                "--as-of", "15/06/2023", "--send")
    assert plain.exit_code == 2 and "chưa có mục «email:»" in plain.output and not (tmp_path / "kq2").exists()


def test_a_docx_travels_when_no_pdf_was_made(tmp_path):
    import datetime as dt

    from minutes_gen.mail.message import letter_message
    from minutes_gen.model.apology_settings import load_apology_settings
    from minutes_gen.model.dossier import Dossier
    from minutes_gen.model.form_sets import form_set_for
    from minutes_gen.model.overdue import judge
    from minutes_gen.vn.workdays import NATIONAL

    letter = tmp_path / "thu.docx"
    document = Document()
    document.add_paragraph("Văn bản xin lỗi")
    document.save(str(letter))
    dossier = Dossier(row=2, code="HS-9", applicant="Đỗ Thị Hoa", procedure="Thủ tục", received=dt.date(2025, 9, 1),
                      due=dt.date(2025, 9, 12), gender="Nữ", email="hoa@example.vn", channel="Trực tuyến")
    verdict = judge(dossier, dt.date(2025, 9, 11), NATIONAL)
    settings = load_apology_settings(SAMPLES / "co-quan-sldtbxh.yaml")
    message = letter_message(dossier, verdict, settings, form_set_for(dt.date(2025, 9, 11)), letter, "a <a@b.vn>")
    assert message["Subject"] == "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết - hồ sơ HS-9"
    assert "kèm đề nghị gia hạn thời gian giải quyết đến ngày 18 tháng 9 năm 2025" in message.get_body().get_content()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "thu.docx"
    assert "Văn bản xin lỗi" in Document(io.BytesIO(attachment.get_content())).paragraphs[0].text


def test_a_sending_stopped_midway_is_reported_not_repeated(run, tmp_path, smtp_server):
    handler, port = smtp_server
    assert _send(run, tmp_path, port).exit_code == 0 and len(handler.messages) == 2
    with sqlite3.connect(tmp_path / "so.db") as database:  # as if the run stopped while HS-1 was leaving
        database.execute("UPDATE sent_letters SET state = 'đang gửi' WHERE dossier = 'HS-1'")
    rerun = _send(run, tmp_path, port, "--force")
    assert rerun.exit_code == 0 and len(handler.messages) == 2
    assert _manifest(tmp_path / "kq")["HS-1"]["Thư điện tử"].startswith("có thể đã gửi (")


class SlowCollector(Collector):
    """A server that takes its time over each message (so that Ctrl-C falls while sending)."""

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        await asyncio.sleep(0.4)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.slow
def test_ctrl_c_while_sending_stops_cleanly_and_a_rerun_never_resends(tmp_path):
    from terminal import run_in_terminal

    handler, port = SlowCollector(), _free_port()
    controller = aiosmtpd.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        rows = [[f"HS-{i}", f"Người {i}", "Nam", "Chứng thực", "01/06/2023", "13/06/2023", "", "", f"n{i}@example.vn",
                 "Trực tuyến"] for i in range(12)]
        register = write_csv(tmp_path / "so.csv", rows, HEADERS)
        args = ["apology", register, "--agency", _agency(tmp_path, port), "-o", "kq", "--as-of", "15/06/2023",
                "--db", "so.db", "--send"]
        stopped = run_in_terminal(args, tmp_path, press_ctrl_c_when=lambda screen: len(handler.messages) >= 3)
        assert stopped.exit_code == 130, stopped.screen
        assert "Traceback" not in stopped.screen and "KeyboardInterrupt" not in stopped.screen
        sent_first = len(handler.messages)
        manifest = _manifest(tmp_path / "kq")
        assert sum(1 for row in manifest.values() if row["Thư điện tử"].startswith("đã gửi tới")) <= sent_first
        again = run_in_terminal(args + ["--force"], tmp_path)
        assert again.exit_code == 0, again.screen
        delivered = [to for tos, _ in handler.messages for to in tos]
        uncertain = sum(1 for row in _manifest(tmp_path / "kq").values() if row["Thư điện tử"].startswith("có thể đã gửi"))
        assert len(delivered) == len(set(delivered))  # nobody twice
        assert 12 - uncertain <= len(delivered) <= 12  # everyone once, except a letter stopped mid-sending (reported)
    finally:
        controller.stop()


class _DroppingHandler(socketserver.StreamRequestHandler):
    """Minimal SMTP: every message is taken, but the first one to ``server.drop`` has its link
    closed after its content arrived, with no 250 reply."""

    def handle(self):
        self.wfile.write(b"220 127.0.0.1 ESMTP stub\r\n")
        recipients = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            if verb == b"RCPT":
                recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
            if verb == b"DATA":
                self.wfile.write(b"354 end with .\r\n")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.server.received += recipients
                if self.server.drop in recipients and self.server.drop not in self.server.dropped:
                    self.server.dropped.add(self.server.drop)
                    return  # the connection closes before the reply
                recipients = []
            self.wfile.write(b"250 OK\r\n")


@pytest.fixture
def dropping_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _DroppingHandler)
    server.daemon_threads, server.received, server.dropped, server.drop = True, [], set(), "an@example.vn"
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_message_whose_content_left_before_the_link_dropped_is_never_sent_again(run, tmp_path, dropping_server):
    port = dropping_server.server_address[1]
    result = _send(run, tmp_path, port)
    assert result.exit_code == 0, result.output
    assert dropping_server.received.count("an@example.vn") == 1  # not sent again after reconnecting
    assert dropping_server.received.count("ab@example.vn") == 1  # the next letters still go
    assert "gửi lỗi: 0; có thể đã gửi (cần kiểm tra, không gửi lại): 1;" in result.output
    row = _manifest(tmp_path / "kq")["HS-1"]["Thư điện tử"]
    assert row.startswith("có thể đã gửi: sau khi nhận nội dung thư, máy chủ thư ngắt kết nối"), row
    with sqlite3.connect(tmp_path / "so.db") as database:
        states = database.execute("SELECT state FROM sent_letters WHERE dossier = 'HS-1'").fetchall()
    assert states == [("có thể đã gửi",)]
    rerun = _send(run, tmp_path, port, "--force")
    assert rerun.exit_code == 0, rerun.output
    assert dropping_server.received.count("an@example.vn") == 1
    again = _manifest(tmp_path / "kq")["HS-1"]["Thư điện tử"]
    assert again.startswith("có thể đã gửi (") and "sau khi nhận nội dung thư, máy chủ thư ngắt" in again, again
    assert "không gửi lại tự động" in again


ACCENTED = ["HS-7", "Nguyễn Thị Gấm", "Nữ", "Chứng thực", "01/06/2023", "13/06/2023", "", "", "nguyễn@example.vn",
            "Trực tuyến"]
NO_SMTPUTF8 = "lỗi gửi thư: địa chỉ thư có chữ có dấu mà máy chủ thư không nhận (SMTPUTF8)"


def test_an_accented_mailbox_fails_alone_on_a_server_without_smtputf8(run, tmp_path, ascii_smtp_server):
    handler, port = ascii_smtp_server
    for extra in ((), ("--force",)):
        result = _send(run, tmp_path, port, *extra, rows=[ACCENTED])
        assert result.exit_code == 0, result.output
        rows = _manifest(tmp_path / "kq")
        assert rows["HS-7"]["Thư điện tử"] == NO_SMTPUTF8
        assert sorted(to for tos, _ in handler.messages for to in tos) == ["ab@example.vn", "an@example.vn"]
    assert rows["HS-1"]["Thư điện tử"].startswith("đã gửi trước đó (")


def test_a_user_on_a_server_without_login_is_told_so(run, tmp_path, monkeypatch):
    handler, port = Collector(), _free_port()
    controller = aiosmtpd.Controller(handler, hostname="127.0.0.1", port=port)  # no AUTH announced
    controller.start()
    try:
        monkeypatch.setenv("MINUTES_GEN_SMTP_PASSWORD", "mat-khau-thu")
        result = _send(run, tmp_path, port, user="motcua@so.vn")
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert _manifest(tmp_path / "kq")["HS-1"]["Thư điện tử"] == (
        "lỗi gửi thư: máy chủ thư không hỗ trợ đăng nhập (AUTH); bỏ «user» hoặc đổi security")
    assert handler.messages == []
