"""The e-mail that carries one apology letter: Vietnamese subject and text, the letter attached
(its PDF, or the .docx when no PDF could be made)."""

import email.policy
import email.utils
import re
from email.message import EmailMessage
from pathlib import Path

from minutes_gen.vn.dates import long_date
from minutes_gen.vn.people import addressee, second_person
from minutes_gen.vn.text import strip_accents

_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")
ONLINE_WORDS = ("truc tuyen", "online", "dich vu cong", "dvc")
MIME_TYPES = {".pdf": ("application", "pdf"),
              ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")}


def filed_online(channel: str | None) -> bool:
    """Whether the register says the dossier was filed online (trực tuyến, dịch vụ công)."""
    key = strip_accents(channel or "").lower()
    return any(word in key for word in ONLINE_WORDS)


def valid_address(address: str) -> bool:
    """A plain mailbox (``ten@co-quan.gov.vn``), nothing a header could be smuggled in."""
    return bool(_ADDRESS.match(address)) and len(address) <= 254


def letter_message(dossier, verdict, agency_settings, form, attachment: Path, sender: str,
                   reply_to: str | None = None) -> EmailMessage:
    """The message for one letter (``form``: the form set it was written in)."""
    agency = agency_settings.agency.name
    you = second_person(dossier.applicant, dossier.gender)
    if verdict.new_date:
        what = (f"kèm đề nghị gia hạn thời gian giải quyết đến {long_date(verdict.new_date)}" if form.key != "2018"
                else f"và hẹn lại ngày trả kết quả là {long_date(verdict.new_date)}")
        subject_kind = form.name
    else:
        what = "về việc trả kết quả giải quyết hồ sơ quá hạn"
        subject_kind = "Văn bản xin lỗi" if form.key != "2018" else "Phiếu xin lỗi"
    lines = [
        f"Kính gửi: {addressee(dossier.applicant, dossier.gender)},",
        "",
        f"{agency} gửi {you} văn bản xin lỗi đối với hồ sơ {dossier.code} ({dossier.procedure}) {what}.",
        f"Văn bản được đính kèm thư này ({attachment.name}).",
    ]
    if agency_settings.contact:
        lines += ["", agency_settings.contact]
    lines += ["", "Trân trọng,", agency]
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = f"{subject_kind} - hồ sơ {dossier.code}"
    message["From"] = sender
    message["To"] = dossier.email
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = email.utils.formatdate(localtime=True)
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = email.utils.make_msgid(domain=domain)
    message.set_content("\n".join(lines), charset="utf-8")
    maintype, subtype = MIME_TYPES[attachment.suffix.lower()]
    message.add_attachment(attachment.read_bytes(), maintype=maintype, subtype=subtype, filename=attachment.name)
    return message
