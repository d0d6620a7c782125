"""Conclusion notices (thông báo kết luận kiểm tra, ND30 Mẫu 1.4, type ``TB``)."""

import datetime as dt

from minutes_gen.documents.common import (
    as_plain,
    chosen_number,
    header,
    inspection_context,
    inspection_days,
    recipients,
    inspection_scope,
    inspection_scope_in_full,
    remediation_period,
    request_lines,
    unit_file_stem,
)
from minutes_gen.documents.minutes import decision_text
from minutes_gen.documents.parts import appendix_context, table_context
from minutes_gen.model.inspection import Inspection
from minutes_gen.model.people import Agency, Signer
from minutes_gen.vn.people import mid_sentence
from minutes_gen.vn.text import upper_vi

TEMPLATE = "thong-bao-ket-luan.docx"
TYPE_CODE = "TB"
FILE_PREFIX = "thong-bao"


def summary(inspection: Inspection) -> str:
    """``Kết luận kiểm tra <subject> tại <unit>``."""
    return f"Kết luận kiểm tra {inspection_scope(inspection)}"


def issuing_body(inspection: Inspection) -> Agency:
    """The notice's header, number and register: its own ``notice.issuing_body`` (the agency,
    when the minutes carry the team's header), else the file's ``issuing_body``."""
    return inspection.notice.issuing_body or inspection.issuing_body


def issuer(inspection: Inspection) -> str:
    """Whose voice the notice speaks in: the team, or the agency that issues it."""
    return issuing_body(inspection).name if inspection.notice.issued_by == "agency" else inspection.team.name


def opening(inspection: Inspection) -> str:
    """The legal basis and the inspection: decision, date, team, unit."""
    head = inspection.team.head
    head_name = f"{mid_sentence(head.salutation)} {head.name}" if head.salutation else head.name
    return (f"{decision_text(inspection)}, {inspection_days(inspection.meeting)}, {inspection.team.name} "
            f"do {head_name}, {head.position} làm Trưởng đoàn đã tiến hành kiểm tra {inspection_scope_in_full(inspection)}. "
            f"Trên cơ sở báo cáo "
            f"của đơn vị và kết quả kiểm tra thực tế, {issuer(inspection)} thông báo kết luận kiểm tra "
            f"như sau:")


def remediation_items(inspection: Inspection, calendar, issued: dt.date) -> list[str]:
    """The last request, a written report due on a computed date: about the shortcomings when
    there are some, about the requests when there are only those, none with neither."""
    report = f"gửi {inspection.remediation.report_to} {remediation_period(inspection, calendar, issued, in_notice=True)}."
    if inspection.shortcomings:
        return [f"Khắc phục các tồn tại, hạn chế nêu trên và báo cáo bằng văn bản kết quả khắc phục {report}"]
    if inspection.requests:
        return [f"Báo cáo bằng văn bản kết quả thực hiện các yêu cầu trên {report}"]
    return []


def default_signer(inspection: Inspection) -> Signer:
    """The team head signs on behalf of the team: ``TM. ĐOÀN KIỂM TRA`` / ``TRƯỞNG ĐOÀN``."""
    return Signer(name=inspection.team.head.name, title="Trưởng đoàn", authority="TM. Đoàn kiểm tra")


def signer_lines(signer: Signer) -> list[str]:
    """The signature block's upper-case lines (authority, then title)."""
    return [upper_vi(line) for line in (signer.authority, signer.title) if line]


def build_context(inspection: Inspection, calendar, number: int | None = None,
                  today: dt.date | None = None) -> dict:
    """Return everything the notice template shows."""
    options = inspection.notice
    signer = options.signer or default_signer(inspection)
    issued = document_date(inspection, today)
    requests = [*request_lines(inspection, calendar, issued), *remediation_items(inspection, calendar, issued)]
    body = issuing_body(inspection)
    header_block = header(body, TYPE_CODE, chosen_number(number, options), issued)
    return {
        **inspection_context(inspection),
        "header": header_block,
        "summary": summary(inspection),
        "opening": opening(inspection),
        "numbered_requests": [f"{i}. {text}" for i, text in enumerate(requests, start=1)],
        "requests_heading": "III. YÊU CẦU" if inspection.shortcomings else "II. YÊU CẦU",
        "issuer": issuer(inspection),
        "closing": (f"Trên đây là Thông báo kết luận kiểm tra "
                    f"{inspection_scope(inspection)} của {issuer(inspection)}./."),
        "signer_lines": signer_lines(signer),
        "signer": as_plain(signer),
        "recipients": recipients(options.recipients or [inspection.unit.name],
                                 options.archive or body.abbreviation),
        "figures_table": table_context(inspection.figures_table),
        "appendix": appendix_context(inspection, "Thông báo", header_block["number_line"].removeprefix("Số: "), issued,
                                     body),
    }


def document_date(inspection: Inspection, today: dt.date | None = None) -> dt.date:
    """The notice's date: the one given in the data, else today."""
    return inspection.notice.date or today or dt.date.today()


def signer_name(inspection: Inspection) -> str:
    """Who signs the notice."""
    return (inspection.notice.signer or default_signer(inspection)).name


def output_name(inspection: Inspection) -> str:
    """Default file name stem: ``thong-bao-<unit slug>``."""
    return unit_file_stem(FILE_PREFIX, inspection)
