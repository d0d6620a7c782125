"""Apology letters for late dossiers, in the form in force on their date (``FormSet``): the 2018
«Phiếu xin lỗi và hẹn lại ngày trả kết quả» or the 2025 «Văn bản xin lỗi và đề nghị gia hạn thời
gian giải quyết». The context gives each template the same facts; each template words them."""

import datetime as dt

from minutes_gen.documents.common import as_plain, header, recipients
from minutes_gen.documents.notice import signer_lines
from minutes_gen.model.apology_settings import ApologySettings
from minutes_gen.model.dossier import Dossier
from minutes_gen.model.overdue import Outcome, Verdict, as_it_stood
from minutes_gen.model.form_sets import FormSet, form_set_for
from minutes_gen.vn.dates import long_date, time_of_day
from minutes_gen.vn.numbers import count
from minutes_gen.vn.people import addressee, second_person
from minutes_gen.vn.text import slugify

TEMPLATE = "phieu-xin-loi.docx"  # the 2018 form; a letter's own comes from its form set
TYPE_CODE = "PXL"  # the default; the agency sets its own (settings.type_code)
FILE_PREFIX = "phieu-xin-loi"


def status_text(dossier: Dossier, calendar) -> str:
    """The state of the dossier, as the slip states it."""
    if dossier.returned is None:
        return "đang giải quyết, chưa có kết quả"
    late = calendar.working_days_between(dossier.due, dossier.returned)
    return (f"đã có kết quả, trả {long_date(dossier.returned)} "
            f"(chậm {count(late)} ngày làm việc so với ngày hẹn trả)")


def closing_text(dossier: Dossier, verdict: Verdict, settings: ApologySettings, you: str) -> str:
    """The new appointment, or the date the result was actually returned."""
    if verdict.outcome is Outcome.APOLOGY_RETURNED_LATE:
        return (f"Kết quả giải quyết hồ sơ đã được trả cho {you} {long_date(dossier.returned)}. "
                f"{settings.agency.name} rút kinh nghiệm để không để xảy ra chậm trễ.")
    return (f"{settings.agency.name} hẹn lại ngày trả kết quả giải quyết hồ sơ cho {you} là "
            f"{long_date(verdict.new_date)}.")


def received_text(dossier: Dossier) -> str:
    """``lúc 08 giờ 15 phút, ngày 12 tháng 7 năm 2023`` (the hour when the register gives it)."""
    day = long_date(dossier.received)
    return f"lúc {time_of_day(dossier.received_time)}, {day}" if dossier.received_time else day


def applicant_contact(dossier: Dossier) -> list[str]:
    """What the register says of how to reach the applicant, as one line of the letter's list
    (``Địa chỉ: …; số điện thoại: …; thư điện tử: …``, so that the letter keeps to one page);
    empty when the register says nothing."""
    parts = [f"{label}: {value}" for label, value in (("địa chỉ", dossier.address), ("số điện thoại", dossier.phone),
                                                      ("thư điện tử", dossier.email)) if value]
    line = "; ".join(parts)
    return [line[0].upper() + line[1:]] if line else []


def agency_context(settings: ApologySettings) -> dict:
    """The parts of a letter that are the same for every letter of an agency (computed once
    for a batch and passed to ``build_context``)."""
    return {
        "agency": as_plain(settings.agency),
        "signer_lines": signer_lines(settings.signer),
        "signer": as_plain(settings.signer),
        "recipients": recipients(["Như trên", *settings.recipients],
                                 settings.archive or settings.agency.abbreviation),
    }


def build_context(dossier: Dossier, verdict: Verdict, settings: ApologySettings, calendar,
                  issued: dt.date, number: int | None = None, form: FormSet | None = None,
                  shared: dict | None = None) -> dict:
    """Return everything the letter's template shows (``form``: the form set in force;
    ``shared``: ``agency_context(settings)`` when the caller already has it). The dossier is
    worded as it stood on ``issued``."""
    form = form or form_set_for(issued)
    dossier = as_it_stood(dossier, issued)
    you = second_person(dossier.applicant, dossier.gender)
    agency = settings.agency
    returned_late = verdict.outcome is Outcome.APOLOGY_RETURNED_LATE
    return {
        "header": header(agency, settings.type_code, number, issued),
        "form": {"key": form.key, "form": form.form, "name": form.name, "legal_basis": list(form.legal_basis)},
        "returned_late": returned_late,
        "late_apology": verdict.late,
        "you": you,
        **(shared or agency_context(settings)),
        "dossier": as_plain(dossier),
        "addressee": addressee(dossier.applicant, dossier.gender),
        "received": received_text(dossier),
        "channel": dossier.channel or "",
        "applicant_contact": applicant_contact(dossier),
        "due": long_date(dossier.due),
        "returned": long_date(dossier.returned) if dossier.returned else "",
        "late_days": count(calendar.working_days_between(dossier.due, dossier.returned)) if returned_late else "",
        "new_date": long_date(verdict.new_date) if verdict.new_date else "",
        "status": status_text(dossier, calendar),
        "reason": (dossier.reason or settings.default_reason).rstrip(" .;"),
        "apology": (f"Việc chậm trễ trong giải quyết hồ sơ đã gây phiền hà, ảnh hưởng đến {you}; "
                    f"{agency.name} thành thật xin lỗi và mong được thông cảm."),
        "appointment": closing_text(dossier, verdict, settings, you),
        "contact": settings.contact or "",
    }


def output_name(dossier: Dossier, prefix: str = FILE_PREFIX) -> str:
    """Default file name stem: ``phieu-xin-loi-<receipt code slug>`` (the form set's prefix)."""
    return f"{prefix}-{slugify(dossier.code, fallback=f'hang-{dossier.row}')}"
