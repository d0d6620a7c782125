"""Sending letters over SMTP, each sending recorded so that a rerun never sends twice.

The log is a table of the register database (the file of ``--db``): a row is written «đang
gửi» before the message leaves and «đã gửi» with its Message-ID after; a run stopped between
the two leaves «đang gửi», which a rerun reports instead of sending again (it may have left).
"""

import datetime as dt
import smtplib
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import explain_os_error
from minutes_gen.storage.database import Wording, open_database

SENDING, SENT, FAILED = "đang gửi", "đã gửi", "lỗi"
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


class SentLog:
    """The sending log in the register database."""

    def __init__(self, where: Path | str):
        self.database = open_database(where, wording=WORDING)
        try:
            if not self.database.has_table("sent_letters"):
                self.database.create(SCHEMA)
        except BaseException:
            self.database.close()
            raise

    def earlier(self, agency: str, dossier: str) -> Earlier | None:
        """The sending that makes another one wrong: sent, or possibly sent (stopped midway)."""
        row = self.database.one(
            "SELECT state, address, started_at FROM sent_letters WHERE agency = ? AND dossier = ? AND state IN (?, ?) "
            "ORDER BY id LIMIT 1", (agency, dossier, SENT, SENDING))
        return Earlier(row["state"], row["address"], row["started_at"]) if row else None

    def start(self, agency: str, dossier: str, address: str, file: str, sha256: str, message_id: str) -> int:
        return self.database.insert(
            "INSERT INTO sent_letters (agency, dossier, address, file, sha256, started_at, message_id, state) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (agency, dossier, address, file, sha256, dt.datetime.now().astimezone().isoformat(timespec="seconds"),
             message_id, SENDING))

    def finish(self, row_id: int, state: str, detail: str = "") -> None:
        self.database.execute("UPDATE sent_letters SET state = ?, detail = ? WHERE id = ?", (state, detail, row_id))

    def close(self) -> None:
        self.database.close()


class SendFailed(Exception):
    """One message could not be sent; ``fatal``: the server cannot be used for the others either."""

    def __init__(self, message: str, fatal: bool = False):
        super().__init__(message)
        self.fatal = fatal


class Mailer:
    """One connection to the office's SMTP server, opened at the first message."""

    def __init__(self, settings, password: str | None):
        self.settings, self.password = settings, password
        self.smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        try:
            if settings.security == "ssl":
                smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
                if settings.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, self.password or "")
            return smtp
        except smtplib.SMTPAuthenticationError as exc:
            raise SendFailed(f"máy chủ thư không chấp nhận tài khoản «{settings.user}» ({exc.smtp_code})",
                             fatal=True) from None
        except smtplib.SMTPNotSupportedError:
            raise SendFailed("máy chủ thư không hỗ trợ STARTTLS; đặt security: ssl hoặc none", fatal=True) from None
        except ssl.SSLError as exc:
            raise SendFailed(f"không thiết lập được kết nối mã hóa với máy chủ thư ({exc.reason})", fatal=True) from None
        except (socket.gaierror, socket.timeout, OSError, smtplib.SMTPException) as exc:
            reason = explain_os_error(exc) if isinstance(exc, OSError) and exc.errno else str(exc) or type(exc).__name__
            raise SendFailed(f"không kết nối được máy chủ thư {settings.host}:{settings.port} ({reason})",
                             fatal=True) from None

    def send(self, message) -> None:
        """Send ``message``; ``SendFailed`` says why not, in Vietnamese."""
        for attempt in (1, 2):
            if self.smtp is None:
                self.smtp = self._connect()
            try:
                refused = self.smtp.send_message(message)
            except smtplib.SMTPServerDisconnected:
                self.smtp = None
                if attempt == 2:
                    raise SendFailed("máy chủ thư ngắt kết nối", fatal=True) from None
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                raise SendFailed(f"máy chủ thư từ chối địa chỉ {message['To']} ({code} {_text(text)})") from None
            except smtplib.SMTPDataError as exc:
                raise SendFailed(f"máy chủ thư từ chối thư ({exc.smtp_code} {_text(exc.smtp_error)})") from None
            except smtplib.SMTPSenderRefused as exc:
                raise SendFailed(f"máy chủ thư từ chối người gửi {exc.sender} ({exc.smtp_code})", fatal=True) from None
            except (OSError, smtplib.SMTPException) as exc:
                self.smtp = None
                raise SendFailed(f"lỗi khi gửi ({explain_os_error(exc) if isinstance(exc, OSError) else exc})",
                                 fatal=True) from None
            if refused:
                raise SendFailed(f"máy chủ thư từ chối địa chỉ {message['To']}")
            return

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
