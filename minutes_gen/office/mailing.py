"""E-mail from the office server: an agency's SMTP server as the administrator sets it (the
password sealed, ``storage.sealed``), the letters of an apology run kept as the e-mail needs them,
and their sending through the command line's ``mail.delivery`` and its log (``sent_letters`` in
the office database): a letter sent, being sent or maybe sent is never sent again."""

import contextlib
import datetime as dt
import email.utils
import io
import tempfile
import zipfile
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.mail.delivery import Delivery, Letter, deliver, not_for_email
from minutes_gen.mail.message import valid_address
from minutes_gen.mail.sending import FAILED, MAYBE_SENT, SENDING, SENT, SentLog
from minutes_gen.office.store import Agency, OfficeStore, SmtpServer
from minutes_gen.storage.sealed import require_key, seal, unseal
from minutes_gen.vn.text import control_character

SECURITY = {"starttls": "STARTTLS (thường là cổng 587)", "ssl": "SSL/TLS (thường là cổng 465)",
            "none": "không mã hóa (chỉ trong mạng nội bộ)"}
LABELS = {"host": "máy chủ thư", "port": "cổng", "security": "mã hóa", "username": "tên đăng nhập",
          "sender": "người gửi", "reply_to": "trả lời tới"}
NO_SERVER = Problem("máy chủ thư", "người quản trị chưa đặt máy chủ thư của cơ quan (trang Quản trị → Thư điện tử)")
CHECK = {SENDING, MAYBE_SENT}  # shown for the user to check by hand, never sent again


def purpose(agency_id: int) -> str:
    """What an agency's SMTP password is sealed for (it opens for that agency only)."""
    return f"smtp:{agency_id}"


def smtp_from_form(form, agency_id: int, kept: SmtpServer | None) -> SmtpServer:
    """The SMTP server the administrator's form gives; an empty password keeps the one kept.
    ``InputError`` lists what is wrong (no key in the environment: nothing can be kept)."""
    require_key()
    text = {name: form.get(name, "").strip() for name in ("host", "port", "security", "username", "sender", "reply_to")}
    problems = [Problem(LABELS[name], found) for name, value in text.items() if (found := _not_one_line(value))]
    if not text["host"] or any(c.isspace() for c in text["host"]) or len(text["host"]) > 253:
        problems.append(Problem("máy chủ thư", "ghi tên hoặc địa chỉ máy chủ, ví dụ mail.so.gov.vn"))
    port = int(text["port"]) if text["port"].isdigit() and len(text["port"]) <= 5 else 0
    if not 1 <= port <= 65535:
        problems.append(Problem("cổng", "ghi một số từ 1 đến 65535 (thường là 587 hoặc 465)"))
    if text["security"] not in SECURITY:
        problems.append(Problem("mã hóa", "chưa chọn"))
    if not valid_address(email.utils.parseaddr(text["sender"])[1]):
        problems.append(Problem("người gửi", "ghi địa chỉ thư, ví dụ «Bộ phận Một cửa <motcua@so.gov.vn>»"))
    if text["reply_to"] and not valid_address(text["reply_to"]):
        problems.append(Problem("trả lời tới", "không phải địa chỉ thư hợp lệ"))
    if problems:
        raise InputError(problems)
    password = form.get("password", "")
    sealed = seal(password.encode("utf-8"), purpose(agency_id)) if password else (kept.password_sealed if kept else "")
    return SmtpServer(text["host"], port, text["security"], text["username"], text["sender"], text["reply_to"], sealed)


def _not_one_line(value: str) -> str | None:
    """Why ``value`` cannot go in a message's header or an SMTP command (None: it can): a line
    break or another control character would split it (kept, every sending would fail)."""
    if "\n" in value:
        return "có ký tự điều khiển xuống dòng; ghi trên một dòng"
    return control_character(value)


def password_opens(server: SmtpServer | None, agency_id: int) -> str | None:
    """Why the kept password cannot be used with this server's key (None: it can, or none kept)."""
    if server is None or not server.password_sealed:
        return None
    try:
        unseal(server.password_sealed, purpose(agency_id))
    except InputError as error:
        return error.problems[0].message
    return None


def run_record(result, register: bytes, kind: str, as_of: dt.date, profile_text: str) -> dict:
    """What the e-mail of a run needs: the profile it was made with, its form set, and for each
    letter written its file and the dossier's row of the register (read again)."""
    from minutes_gen.model.dossier import load_dossiers
    from minutes_gen.runs.uploaded import REGISTER_NAME, REGISTER_SHOWN, private_file

    with private_file(register, f"{REGISTER_NAME}.{kind}", REGISTER_SHOWN) as source:
        dossiers = {d.row: d for d in load_dossiers(source, as_of=as_of).dossiers}
    letters = [{"file": row.file, "sha256": row.sha256, "outcome": row.outcome, "row": d.row, "code": d.code,
                "applicant": d.applicant, "procedure": d.procedure, "gender": d.gender, "email": d.email,
                "channel": d.channel, "received": d.received.isoformat(), "due": d.due.isoformat(),
                "new_date": dt.datetime.strptime(row.new_date, "%d/%m/%Y").date().isoformat() if row.new_date else ""}
               for row in result.rows if row.file and (d := dossiers.get(row.row)) is not None]
    return {"profile": profile_text, "form": result.form.key, "as_of": as_of.isoformat(), "letters": letters}


def _dossier(entry: dict):
    from minutes_gen.model.dossier import Dossier

    return Dossier(row=entry["row"], code=entry["code"], applicant=entry["applicant"], procedure=entry["procedure"],
                   received=dt.date.fromisoformat(entry["received"]), due=dt.date.fromisoformat(entry["due"]),
                   gender=entry["gender"], email=entry["email"], channel=entry["channel"])


def sent_states(office: OfficeStore, agency: Agency) -> dict:
    """What the sending log says of each letter of the agency (by dossier)."""
    return SentLog(office.database).latest(agency.abbreviation)


def letter_rows(record: dict, states: dict) -> list[dict]:
    """Each letter of a run: to whom, whether it goes by e-mail (or why not) and what the log
    (``sent_states``) says."""
    rows = []
    for entry in record["letters"]:
        why_not = not_for_email(_dossier(entry))
        earlier = states.get(entry["code"]) if why_not is None else None
        rows.append({"file": entry["file"], "code": entry["code"], "applicant": entry["applicant"],
                     "email": entry["email"] or "", "why_not": why_not, "state": earlier.state if earlier else "",
                     "at": earlier.started_at if earlier else "", "detail": earlier.detail if earlier else "",
                     "check": bool(earlier and earlier.state in CHECK)})
    return rows


def counts(rows: list[dict]) -> dict[str, int]:
    """How many letters of a run were sent, wait to be sent, failed, or are to be checked by hand."""
    by_mail = [row for row in rows if row["why_not"] is None]
    return {"sent": sum(row["state"] == SENT for row in by_mail), "failed": sum(row["state"] == FAILED for row in by_mail),
            "check": sum(row["check"] for row in by_mail), "pending": sum(not row["state"] for row in by_mail)}


def send_run(office: OfficeStore, agency: Agency, record: dict, archive: bytes, chosen: list[str],
             profile, signed: bytes | None = None) -> dict[str, str]:
    """Send the letters of a run not sent yet (``chosen``: only these files of the run; ``profile``:
    the run's profile, ``record["profile"]`` checked; ``signed``: the .zip of its letters' signed
    PDFs, attached in their place); what became of each, by file.
    ``InputError``: no server, a password that does not open, a file not of this run."""
    from minutes_gen.model.apology_settings import EmailSettings
    from minutes_gen.model.form_sets import form_set_for

    server = office.smtp_server(agency.id)
    if server is None:
        raise InputError([NO_SERVER])
    password = unseal(server.password_sealed, purpose(agency.id)).decode("utf-8") if server.password_sealed else None
    files = {entry["file"]: entry for entry in record["letters"]}
    strangers = [name for name in chosen if name not in files]
    if strangers:
        raise InputError([Problem("thư", f"«{strangers[0][:80]}» không phải thư của đợt này")])
    entries = [files[name] for name in chosen] if chosen else list(files.values())
    settings = EmailSettings(server.host, server.sender, server.port, server.security, server.username or None,
                             reply_to=server.reply_to or None)
    with (tempfile.TemporaryDirectory(prefix="minutes-gen-mail-") as folder, zipfile.ZipFile(io.BytesIO(archive)) as packed,
          zipfile.ZipFile(io.BytesIO(signed)) if signed else contextlib.nullcontext(packed) as pdfs):
        letters = [_letter(entry, packed, pdfs, Path(folder)) for entry in entries]
        results, _ = deliver(letters, profile,
                             form_set_for(dt.date.fromisoformat(record["as_of"]), record["form"]),
                             Delivery(settings, password, office.database, log_agency=agency.abbreviation),
                             Path(folder), force=False)
    return {entry["file"]: results[entry["row"]] for entry in entries if entry["row"] in results}


def _letter(entry: dict, packed: zipfile.ZipFile, pdfs: zipfile.ZipFile, folder: Path) -> Letter:
    """A letter of the run as ``deliver`` takes it: its .docx taken out of the run's .zip into
    ``folder``, and its PDF when ``pdfs`` (the run's .zip, or the signed letters') has one."""
    from minutes_gen.model.overdue import Outcome, Verdict

    docx = folder / entry["file"]
    docx.write_bytes(packed.read(entry["file"]))
    pdf = docx.with_suffix(".pdf")
    if pdf.name in set(pdfs.namelist()):
        pdf.write_bytes(pdfs.read(pdf.name))
    verdict = Verdict(Outcome(entry["outcome"]), dt.date.fromisoformat(entry["new_date"]) if entry["new_date"] else None)
    return Letter(_dossier(entry), verdict, docx, pdf if pdf.exists() else None, entry["sha256"])
