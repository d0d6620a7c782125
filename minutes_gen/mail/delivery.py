"""Which letters go by e-mail and what became of each: applicants who filed online and gave an
address get their letter once; everyone else's row says why no message was sent."""

from dataclasses import dataclass
from pathlib import Path

from minutes_gen.engine.output import write_atomic
from minutes_gen.mail.message import filed_online, letter_message, valid_address
from minutes_gen.mail.sending import FAILED, MAYBE_SENT, SENT, SENDING, Mailer, MaybeSent, SendFailed, SentLog

DRAFTS_FOLDER = "thu-dien-tu"
CHECK_BY_HAND = "hãy kiểm tra hộp thư đã gửi hoặc hỏi người nhận; không gửi lại tự động"


@dataclass(frozen=True)
class Delivery:
    """How to deliver: the agency's SMTP settings, the password, the log, or drafts only."""

    settings: object          # EmailSettings
    password: str | None
    log_path: object          # Path, URL or open Database (mail.sending.SentLog)
    dry_run: bool = False
    log_agency: str | None = None  # the agency's name in the log (None: the profile's abbreviation)


@dataclass(frozen=True)
class Letter:
    """A letter written by the run: its dossier and verdict, its files and their SHA-256."""

    dossier: object
    verdict: object
    docx: Path
    pdf: Path | None
    sha256: str


def drafts_targets(letters: list[Letter], folder: Path) -> list[Path]:
    """The .eml files a dry run may write (refused when they exist, unless --force)."""
    return [folder / DRAFTS_FOLDER / f"{letter.docx.stem}.eml" for letter in letters
            if not_for_email(letter.dossier) is None]


def deliver(letters: list[Letter], agency_settings, form, delivery: Delivery, folder: Path, force: bool,
            progress=lambda done, total, stage: None) -> tuple[dict, bool]:
    """Send (or, in a dry run, write as .eml) each letter owed a message; return the manifest
    text of each letter's row (by register row) and whether the run went to its end."""
    results, log = {}, SentLog(delivery.log_path)
    mailer = None if delivery.dry_run else Mailer(delivery.settings, delivery.password)
    agency, stopped_by = delivery.log_agency or agency_settings.agency.abbreviation, None
    try:
        for done, letter in enumerate(letters, start=1):
            dossier = letter.dossier
            reason = _why_not(letter, log, agency)
            if reason is None and stopped_by:
                reason = f"không gửi: {stopped_by}"
            if reason is not None:
                results[dossier.row] = reason
            else:
                attachment = letter.pdf if letter.pdf and letter.pdf.exists() else letter.docx
                message = letter_message(dossier, letter.verdict, agency_settings, form, attachment,
                                         delivery.settings.sender, delivery.settings.reply_to)
                if delivery.dry_run:
                    target = folder / DRAFTS_FOLDER / f"{letter.docx.stem}.eml"
                    target.parent.mkdir(exist_ok=True)
                    write_atomic(target, bytes(message), force=force)
                    results[dossier.row] = f"đã ghi thư chưa gửi: {DRAFTS_FOLDER}/{target.name}"
                else:
                    results[dossier.row], fatal = _send(mailer, log, agency, letter, message, attachment)
                    stopped_by = stopped_by or fatal
            progress(done, len(letters), "send")
    except KeyboardInterrupt:
        return results, False
    finally:
        if mailer is not None:
            mailer.close()
        log.close()
    return results, True


def not_for_email(dossier) -> str | None:
    """Why the register rules out a message for ``dossier`` (None: it is owed one)."""
    if not filed_online(dossier.channel):
        return "không gửi (hồ sơ không nộp trực tuyến)"
    if not dossier.email:
        return "không gửi: sổ không ghi thư điện tử"
    if not valid_address(dossier.email):
        return f"không gửi: địa chỉ «{dossier.email}» không hợp lệ"
    return None


def _why_not(letter: Letter, log: SentLog, agency: str) -> str | None:
    dossier = letter.dossier
    ruled_out = not_for_email(dossier)
    if ruled_out:
        return ruled_out
    earlier = log.earlier(agency, dossier.code)
    if earlier and earlier.state == SENT:
        return f"đã gửi trước đó ({earlier.started_at}, tới {earlier.address}); không gửi lại"
    if earlier and earlier.state in (SENDING, MAYBE_SENT):
        why = earlier.detail if earlier.state == MAYBE_SENT else "lần gửi bị ngắt giữa chừng"
        return f"có thể đã gửi ({earlier.started_at}, {why}); {CHECK_BY_HAND}"
    return None


def _send(mailer: Mailer, log: SentLog, agency: str, letter: Letter, message, attachment: Path):
    """Send one message, logged before and after; return its row text and, when the server cannot
    be used any more, why (the rest are then not tried)."""
    dossier = letter.dossier
    row_id = log.start(agency, dossier.code, dossier.email, attachment.name, letter.sha256, message["Message-ID"])
    if row_id is None:  # another sending of this letter began meanwhile
        return _why_not(letter, log, agency), None
    try:
        mailer.send(message)
    except MaybeSent as exc:
        log.finish(row_id, MAYBE_SENT, str(exc))
        return f"có thể đã gửi: {exc}; {CHECK_BY_HAND}", None
    except SendFailed as exc:
        log.finish(row_id, FAILED, str(exc))
        return f"lỗi gửi thư: {exc}", (str(exc) if exc.fatal else None)
    log.finish(row_id, SENT)
    return f"đã gửi tới {dossier.email} ({attachment.suffix[1:].upper()}, {message['Message-ID']})", None
