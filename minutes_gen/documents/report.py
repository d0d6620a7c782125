"""Báo cáo kết quả kiểm tra (type ``BC``) of the whole plan to the authority that set the team
up: the units and figures summed across them (from the minutes' data and the registers'
statistics), each unit's results and shortcomings, the remediation, the proposals."""

from minutes_gen.documents.case_common import (case_file_stem, chosen_signer, decision_reference, ending, indexed,
                                               issued_text, plan_reference, signing)
from minutes_gen.documents.common import chosen_number, header, inspection_days, list_lines
from minutes_gen.documents.parts import finding_lines
from minutes_gen.documents.remediation import remediation_context
from minutes_gen.model.statistics_sentences import statistics_paragraphs
from minutes_gen.vn.dates import long_date, numeric_date
from minutes_gen.vn.numbers import count, grouped, percent

TEMPLATE = "bao-cao-ket-qua-kiem-tra.docx"
TYPE_CODE = "BC"
FILE_PREFIX = "bao-cao-ket-qua"


def summary(case, unit=None) -> str:
    return f"Kết quả kiểm tra {case.first.subject}"


def _last_period(inspection):
    return inspection.statistics.dossiers[-1] if inspection.statistics.dossiers else None


def figures(case) -> list[str]:
    """The figures summed across the units that give them (each unit's last period)."""
    periods = [p for p in (_last_period(u.inspection) for u in case.units) if p and p.resolved is not None]
    lines = []
    if periods:
        resolved = sum(p.resolved for p in periods)
        on_time = sum(p.on_time or 0 for p in periods)
        overdue = sum(p.overdue or 0 for p in periods)
        received = sum(p.received or 0 for p in periods)
        lines.append(f"- Hồ sơ thủ tục hành chính ({count(len(periods))}/{count(len(case.units))} đơn vị có số liệu): "
                     f"tiếp nhận {grouped(received)} hồ sơ, đã giải quyết {grouped(resolved)} hồ sơ, trong đó đúng hạn "
                     f"và trước hạn {grouped(on_time)} hồ sơ ({percent(on_time, resolved)}), quá hạn "
                     f"{grouped(overdue)} hồ sơ ({percent(overdue, resolved)});")
    commitments = [u.inspection.statistics.commitment for u in case.units if u.inspection.statistics.commitment]
    if commitments:
        met, total = sum(c.met for c in commitments), sum(c.total for c in commitments)
        lines.append(f"- {commitments[0].name} ({count(len(commitments))} đơn vị): đạt {count(met)}/{count(total)} "
                     f"chỉ tiêu ({percent(met, total)});")
    procedures = [u.inspection.statistics.one_stop_procedures for u in case.units
                  if u.inspection.statistics.one_stop_procedures is not None]
    if procedures:
        lines.append(f"- Số thủ tục hành chính giải quyết theo cơ chế một cửa, một cửa liên thông tại các đơn vị: "
                     f"{grouped(sum(procedures))} thủ tục;")
    shortcomings = sum(len(u.inspection.shortcomings) for u in case.units)
    lines.append(f"- Đoàn đã chỉ ra {count(shortcomings)} tồn tại, hạn chế và "
                 f"{count(sum(len(u.inspection.requests) for u in case.units))} yêu cầu khắc phục.")
    return lines


def unit_rows(case) -> list[dict]:
    rows = []
    for unit in case.units:
        period = _last_period(unit.inspection)
        resolved = period.resolved if period else None
        rows.append({"unit": unit.inspection.unit.name, "date": numeric_date(unit.inspection.meeting.date),
                     "resolved": grouped(resolved) if resolved is not None else "-",
                     "on_time": percent(period.on_time, resolved) if resolved and period.on_time is not None else "-",
                     "shortcomings": count(len(unit.inspection.shortcomings))})
    return indexed(rows)


def unit_parts(case, issued) -> list[dict]:
    """Each unit: its results (with its figures) and shortcomings, and its conclusion notice."""
    parts = []
    for index, unit in enumerate(case.units, start=1):
        inspection = unit.inspection
        notice = issued_text(case, issued, f"notice:{inspection.unit.name}", "TB", inspection.notice.number)
        lines = ["a) Kết quả đạt được:", *finding_lines(inspection.achievements, statistics_paragraphs(inspection))]
        if inspection.shortcomings:
            lines += ["b) Tồn tại, hạn chế:", *finding_lines(inspection.shortcomings)]
        if inspection.notice.date:
            lines.append(f"{'c' if inspection.shortcomings else 'b'}) {case.first.team.name} đã ban hành Thông báo kết "
                         f"luận kiểm tra{' số ' + notice if notice else ''} {long_date(inspection.notice.date)}.")
        parts.append({"heading": f"{index}. {inspection.unit.name} (kiểm tra {inspection_days(inspection.meeting)})",
                      "lines": lines})
    return parts


def build_context(case, calendar, number=None, today=None, unit=None, issued=None) -> dict:
    """Everything the summary report shows (the remediation as it stands on the report's date)."""
    report, first = case.documents.report, case.first
    numbered = 3 + bool(report.assessment)
    roman = ("I", "II", "III", "IV", "V", "VI")
    units = [u.inspection for u in case.units]
    start, end = min(u.meeting.date for u in units), max(u.meeting.last_date for u in units)
    return {
        "header": header(first.issuing_body, TYPE_CODE, chosen_number(number, report), report.date),
        "summary": summary(case),
        "addressee": report.addressee,
        "opening": f"Thực hiện {decision_reference(first)} và {plan_reference(case, issued)}, từ {long_date(start)} "
                   f"đến {long_date(end)}, {first.team.name} đã kiểm tra {first.subject} tại "
                   f"{count(len(units))} cơ quan, đơn vị. {first.team.name} báo cáo kết quả như sau:",
        "units_sentence": f"{first.team.name} đã kiểm tra {count(len(units))} cơ quan, đơn vị:",
        "unit_rows": unit_rows(case),
        "figures": figures(case),
        "unit_parts": unit_parts(case, issued),
        "assessment": [f"- {line}" for line in list_lines(report.assessment)],
        "remediation_heading": f"{roman[numbered - 1]}. TÌNH HÌNH KHẮC PHỤC SAU KIỂM TRA",
        **remediation_context(case, calendar, report.date),
        "proposals_heading": f"{roman[numbered]}. ĐỀ XUẤT, KIẾN NGHỊ",
        "proposals": [f"{i}. {line}" for i, line in enumerate(list_lines(report.proposals), start=1)],
        "closing": f"Trên đây là báo cáo kết quả kiểm tra {first.subject} của {first.team.name}./.",
        **signing(case, report.signer),
        **ending(["Như trên", *report.recipients], report.archive, case),
    }


def document_date(case, today=None, unit=None):
    return case.documents.report.date


def signer_name(case, unit=None) -> str:
    return chosen_signer(case, case.documents.report.signer).name


def output_name(case, unit=None) -> str:
    return case_file_stem(FILE_PREFIX, case)
