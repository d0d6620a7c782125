"""Sending letters over SMTP, each sending recorded so that a rerun never sends twice.

The log is a table of the register database (the file of ``--db``): a row is written «đang
gửi» before the message leaves and «đã gửi» with its Message-ID after; a run stopped between
the two leaves «đang gửi», which a rerun reports instead of sending again (it may have left).
A message whose content reached the server but whose reply never came is «có thể đã gửi»:
never sent again either, reported for the user to check.
"""

import datetime as dt
import errno
import smtplib
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import explain_os_error
from minutes_gen.storage.database import Database, Wording, open_database

SENDING, SENT, MAYBE_SENT, FAILED = "đang gửi", "đã gửi", "có thể đã gửi", "lỗi"
TIMEOUT_SECONDS = 30

SCHEMA = """
CREATE TABLE IF NOT EXISTS sent_letters (
    id {id},
    agency TEXT NOT NULL,
    dossier TEXT NOT NULL,
    address TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    started_at TEXT NOT NULL,
    message_id TEXT NOT NULL,
    state TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sent_letters_dossier ON sent_letters (agency, dossier)
"""
WORDING = Wording("sổ ghi việc gửi thư", "Không dùng được sổ ghi việc gửi thư")


@dataclass(frozen=True)
class Earlier:
    """A sending of the same letter found in the log."""

    state: str
    address: str
    started_at: str
    detail: str


class SentLog:
    """The sending log in the register database (a path or URL, or an open ``Database`` such as
    the office server's, which the log then uses and leaves open)."""

    def __init__(self, where: Path | str | Database):
        self.owned = not isinstance(where, Database)
        self.database = open_database(where, wording=WORDING) if self.owned else where
        try:
            if not self.database.has_table("sent_letters"):
                self.database.create(SCHEMA)
        except BaseException:
            self.close()
            raise

    def earlier(self, agency: str, dossier: str) -> Earlier | None:
        """The sending that makes another one wrong: sent, or possibly sent (stopped midway, or
        the server's reply to its content lost)."""
        row = self.database.one(
            "SELECT state, address, started_at, detail FROM sent_letters WHERE agency = ? AND dossier = ? "
            "AND state IN (?, ?, ?) ORDER BY id LIMIT 1", (agency, dossier, SENT, SENDING, MAYBE_SENT))
        return Earlier(row["state"], row["address"], row["started_at"], row["detail"]) if row else None

    def latest(self, agency: str) -> dict[str, Earlier]:
        """What became of each letter of ``agency`` (by dossier): the sending that forbids another
        one (``earlier``), else the last failed try."""
        found: dict[str, Earlier] = {}
        for row in self.database.all("SELECT dossier, state, address, started_at, detail FROM sent_letters "
                                     "WHERE agency = ? ORDER BY id", (agency,)):
            if row["dossier"] not in found or found[row["dossier"]].state == FAILED:
                found[row["dossier"]] = Earlier(row["state"], row["address"], row["started_at"], row["detail"])
        return found

    def start(self, agency: str, dossier: str, address: str, file: str, sha256: str, message_id: str) -> int | None:
        """Log a sending as begun; None, logging nothing, when another one of the letter came first
        (two runs at once: the check and the row are one exclusive transaction)."""
        with self.database.transaction(exclusive=("sent_letters",)):
            if self.earlier(agency, dossier) is not None:
                return None
            return self.database.insert(
                "INSERT INTO sent_letters (agency, dossier, address, file, sha256, started_at, message_id, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (agency, dossier, address, file, sha256, dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                 message_id, SENDING))

    def finish(self, row_id: int, state: str, detail: str = "") -> None:
        self.database.execute("UPDATE sent_letters SET state = ?, detail = ? WHERE id = ?", (state, detail, row_id))

    def close(self) -> None:
        if self.owned:
            self.database.close()


class SendFailed(Exception):
    """One message could not be sent; ``fatal``: the server cannot be used for the others either."""

    def __init__(self, message: str, fatal: bool = False):
        super().__init__(message)
        self.fatal = fatal


class MaybeSent(SendFailed):
    """The message's content reached the server but its reply never came: it may have been
    delivered, so it must not be sent again (the next messages go on a new connection)."""


REPLY_LOST = ("sau khi nhận nội dung thư, máy chủ thư ngắt kết nối hoặc không trả lời nên không biết thư "
              "đã tới chưa")
NETWORK_ERRORS = {getattr(errno, name): text for name, text in {
    "ECONNREFUSED": "máy chủ không nhận kết nối ở cổng này",
    "ECONNRESET": "máy chủ cắt ngang kết nối",
    "ECONNABORTED": "kết nối bị hủy",
    "EPIPE": "kết nối đã bị đóng",
    "ETIMEDOUT": "quá thời gian chờ kết nối",
    "EHOSTUNREACH": "không tới được máy chủ",
    "ENETUNREACH": "không có đường mạng tới máy chủ",
}.items() if hasattr(errno, name)}


class _Watched:
    """An SMTP connection that knows whether the content of the message being sent was handed
    over in full after the server's 354: from then on the server may have it, whatever
    becomes of its reply."""

    content_left = False
    _content_next = False

    def sendmail(self, *args, **kwargs):
        self.content_left = self._content_next = False
        return super().sendmail(*args, **kwargs)

    def getreply(self):
        code, text = super().getreply()
        self._content_next = code == 354
        return code, text

    def send(self, s):
        super().send(s)
        self.content_left = self.content_left or self._content_next


class _SMTP(_Watched, smtplib.SMTP):
    pass


class _SMTPSSL(_Watched, smtplib.SMTP_SSL):
    pass


class Mailer:
    """One connection to the office's SMTP server, opened at the first message."""

    def __init__(self, settings, password: str | None):
        self.settings, self.password = settings, password
        self.smtp: _Watched | None = None

    def _connect(self) -> _Watched:
        settings = self.settings
        try:
            if settings.security == "ssl":
                smtp = _SMTPSSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS,
                                context=ssl.create_default_context())
            else:
                smtp = _SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
                if settings.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, self.password or "")
            return smtp
        except smtplib.SMTPAuthenticationError as exc:
            raise SendFailed(f"máy chủ thư không chấp nhận tài khoản «{settings.user}» ({exc.smtp_code})",
                             fatal=True) from None
        except smtplib.SMTPNotSupportedError:
            missing = ("STARTTLS; đặt security: ssl hoặc none" if settings.security == "starttls"
                       and not isinstance(smtp.sock, ssl.SSLSocket) else "đăng nhập (AUTH); bỏ «user» hoặc đổi security")
            raise SendFailed(f"máy chủ thư không hỗ trợ {missing}", fatal=True) from None
        except OSError as exc:  # smtplib's and ssl's errors are OSErrors too
            raise SendFailed(f"không kết nối được máy chủ thư {settings.host}:{settings.port} ({_reason(exc)})",
                             fatal=True) from None

    def send(self, message) -> None:
        """Send ``message``; ``SendFailed`` says why not, in Vietnamese (``MaybeSent``: it may have
        left; a connection lost before its content left is opened again once)."""
        for attempt in (1, 2):
            if self.smtp is None:
                self.smtp = self._connect()
            try:
                refused = self.smtp.send_message(message)
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                raise SendFailed(f"máy chủ thư từ chối địa chỉ {message['To']} ({code} {_text(text)})") from None
            except smtplib.SMTPDataError as exc:
                raise SendFailed(f"máy chủ thư từ chối thư ({exc.smtp_code} {_text(exc.smtp_error)})") from None
            except smtplib.SMTPSenderRefused as exc:
                raise SendFailed(f"máy chủ thư từ chối người gửi {exc.sender} ({exc.smtp_code})", fatal=True) from None
            except smtplib.SMTPNotSupportedError:  # smtplib refuses before a word reaches the server
                recipient = not message["To"].isascii()
                raise SendFailed(f"{'địa chỉ thư' if recipient else 'địa chỉ người gửi'} có chữ có dấu mà máy chủ "
                                 f"thư không nhận (SMTPUTF8)", fatal=not recipient) from None
            except OSError as exc:
                self._drop()
                if attempt == 2 or not isinstance(exc, smtplib.SMTPServerDisconnected):
                    raise SendFailed(f"lỗi khi gửi ({_reason(exc)})", fatal=True) from None
                continue
            if refused:
                raise SendFailed(f"máy chủ thư từ chối địa chỉ {message['To']}")
            return

    def _drop(self) -> None:
        """Forget a connection that failed; ``MaybeSent`` when the message's content had left on it."""
        smtp, self.smtp = self.smtp, None
        smtp.close()
        if smtp.content_left:
            raise MaybeSent(REPLY_LOST) from None

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except OSError:
                pass
            self.smtp = None


def _reason(exc: OSError) -> str:
    """Vietnamese words for a failure of the connection, never smtplib's, socket's or ssl's English."""
    if isinstance(exc, socket.gaierror):
        return "không tìm thấy máy chủ có tên này"
    if isinstance(exc, TimeoutError):
        return f"máy chủ thư không trả lời trong {TIMEOUT_SECONDS} giây"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "chứng thư của máy chủ thư không được tin cậy hoặc không mang tên máy chủ này"
    if isinstance(exc, ssl.SSLError):
        return f"không thiết lập được kết nối mã hóa ({exc.reason or 'SSL'})"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "máy chủ thư ngắt kết nối"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"máy chủ thư trả lời {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPException):
        return "máy chủ thư trả lời không theo giao thức SMTP"
    if exc.errno in NETWORK_ERRORS:
        return f"{NETWORK_ERRORS[exc.errno]} ({errno.errorcode[exc.errno]})"
    return explain_os_error(exc)


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
