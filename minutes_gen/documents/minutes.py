"""Inspection minutes (biên bản kiểm tra, ND30 Mẫu 1.9)."""

from minutes_gen.documents.common import (
    chosen_number,
    header,
    inspection_context,
    list_lines,
    person_text,
    recipients,
    inspection_scope,
    inspection_scope_in_full,
    remediation_text,
    request_lines,
    unit_file_stem,
)
from minutes_gen.documents.page import SIGNATURE_LINE_MM, SIGNATURE_SIZE_PT, SIGNATURES_PER_ROW
from minutes_gen.documents.parts import appendix_context, table_context
from minutes_gen.model.inspection import Inspection
from minutes_gen.model.people import Signer
from minutes_gen.vn.dates import long_date, time_of_day
from minutes_gen.vn.line_breaks import balanced_lines
from minutes_gen.vn.numbers import count
from minutes_gen.vn.text import upper_vi

TEMPLATE = "bien-ban-kiem-tra.docx"
TYPE_CODE = "BB"
FILE_PREFIX = "bien-ban"
DEFAULT_ARCHIVE = "Hồ sơ"


def summary(inspection: Inspection) -> str:
    """The trích yếu: ``Kiểm tra <subject> tại <unit>``."""
    return f"Kiểm tra {inspection_scope(inspection)}"


def decision_text(inspection: Inspection) -> str:
    """``Thực hiện Quyết định số 611/QĐ-UBND ngày … của … về việc …`` (shared with the notice)."""
    decision = inspection.decision
    subject = f" {decision.subject}" if decision.subject else ""
    return (f"Thực hiện Quyết định số {decision.number} {long_date(decision.date)} của "
            f"{decision.issuer}{subject}")


def basis(inspection: Inspection) -> str:
    """The opening sentence naming the decision that set up the team."""
    return f"{decision_text(inspection)}, {inspection.team.name} tiến hành kiểm tra {inspection_scope_in_full(inspection)}."


def closing(inspection: Inspection) -> str:
    """The closing sentence: end time (of the last session) and copies (Mẫu 1.9)."""
    meeting, copies = inspection.meeting, inspection.minutes.copies
    ended = (f"{time_of_day(meeting.last_end)}, {long_date(meeting.last_date)}" if meeting.last_end
             else f"..... giờ ..... phút, {long_date(meeting.last_date)}")
    kept = ("mỗi bên giữ 01 bản" if copies == 2 else
            f"{inspection.team.name} giữ {count(max(copies - 1, 0))} bản, "
            f"{inspection.unit_short_name} giữ 01 bản")
    return (f"Buổi kiểm tra kết thúc vào {ended}. Biên bản được lập thành {count(copies)} bản có "
            f"giá trị như nhau, đã được đọc lại cho các thành phần tham dự cùng nghe, thống nhất "
            f"và ký tên dưới đây; {kept}./.")


def session_lines(inspection: Inspection) -> list[str]:
    """An inspection of several sessions: one line per session (time, day, place); one session
    is written in the form's own lines (Thời gian bắt đầu, Địa điểm), so this is empty."""
    meeting = inspection.meeting
    if not meeting.sessions:
        return []
    sessions = [meeting, *meeting.sessions]
    lines = []
    for session in sessions:
        hours = (f"từ {time_of_day(session.start)} đến {time_of_day(session.end)}" if session.end
                 else f"từ {time_of_day(session.start)}")
        lines.append(f"{hours}, {long_date(session.date)}, tại {session.location or meeting.location}")
    return [f"- {line}" for line in list_lines(lines)]


def build_context(inspection: Inspection, calendar, number: int | None = None, today=None) -> dict:
    """Return everything the minutes template shows, as text ready to print."""
    team = inspection.team
    options = inspection.minutes
    header_block = header(inspection.issuing_body, TYPE_CODE, chosen_number(number, options))
    return {
        **inspection_context(inspection),
        "header": header_block,
        "summary": summary(inspection),
        "basis": basis(inspection),
        "started": f"{time_of_day(inspection.meeting.start)}, {long_date(inspection.meeting.date)}",
        "session_lines": session_lines(inspection),
        "scope_lines": list_lines(inspection.scope),
        "team_people": list_lines([person_text(p) for p in [team.head, *team.members, team.secretary]]),
        "unit_people": list_lines([person_text(p) for p in inspection.unit.representatives]),
        "invited_people": list_lines([person_text(p) for p in inspection.invited]),
        "chair": person_text(team.head),
        "secretary": person_text(team.secretary),
        "remediation_text": remediation_text(inspection, calendar),
        "closing": closing(inspection),
        "signature_rows": signature_rows(inspection),
        "request_lines": request_lines(inspection, calendar),
        **opinion_headings(inspection, remediation_text(inspection, calendar)),
        "recipients": recipients(options.recipients, options.archive or DEFAULT_ARCHIVE),
        "figures_table": table_context(inspection.figures_table),
        "appendix": appendix_context(inspection, "Biên bản", header_block["number_line"].removeprefix("Số: "),
                                     document_date(inspection), inspection.issuing_body),
    }


ROMAN = ("I", "II", "III", "IV", "V", "VI")


def opinion_headings(inspection: Inspection, remediation: str) -> dict:
    """The part headings after the results, numbered in turn (a part with nothing is left out)."""
    number = 3 if inspection.requests or remediation else 2
    headings = {}
    for key, text, present in (("unit_opinion_heading", "Ý KIẾN CỦA ĐƠN VỊ ĐƯỢC KIỂM TRA", inspection.unit_opinion),
                               ("other_opinions_heading", "Ý KIẾN CỦA CÁC THÀNH PHẦN KHÁC", inspection.other_opinions)):
        if present:
            headings[key] = f"{ROMAN[number]}. {text}"
            number += 1
        else:
            headings[key] = ""
    return headings


def signature_blocks(inspection: Inspection) -> list[dict]:
    """Every signature block (upper-case lines, then the name), as the data says or by default:
    the unit's representative (with a position line), the secretary, the team (``minutes.signer``
    or TRƯỞNG ĐOÀN)."""
    options = inspection.minutes
    if options.signatures:
        return [_block([block.authority, block.title], block.name) for block in options.signatures]
    team = options.signer or Signer(name=inspection.team.head.name, title="Trưởng đoàn")
    representative = inspection.unit.representatives[0]
    position = position_in_unit(representative.position, inspection.unit)
    return [_block(["Đại diện đơn vị được kiểm tra", position], representative.name),
            _block(["Thư ký"], inspection.team.secretary.name),
            _block([team.authority, team.title], team.name)]


def position_in_unit(position: str, unit) -> str:
    """The position as a signature prints it under «ĐẠI DIỆN ĐƠN VỊ …»: without the unit's name
    when it ends with it (``Phó Giám đốc Sở Nội vụ`` -> ``Phó Giám đốc``)."""
    for name in (unit.name, unit.short_name):
        if name and position.lower().endswith(" " + name.lower()):
            return position[:-len(name)].rstrip(" ,-")
    return position


def _block(lines: list[str | None], name: str) -> dict:
    """A block's lines in upper case, each broken where it would wrap in its column (between
    words, never inside a compound), so that the template knows how many lines it takes."""
    broken = [part for line in lines if line
              for part in balanced_lines(upper_vi(line), SIGNATURE_LINE_MM, SIGNATURE_SIZE_PT, 4)]
    return {"lines": broken, "name": name}


def signature_rows(inspection: Inspection) -> list[list[dict]]:
    """The blocks three to a row, side by side; the last row filled with empty blocks; in a row
    every block has as many title lines (blank ones added), so that the names stand level."""
    blocks = signature_blocks(inspection)
    rows = [blocks[i:i + SIGNATURES_PER_ROW] for i in range(0, len(blocks), SIGNATURES_PER_ROW)]
    filled = []
    for row in rows:
        row = row + [{"lines": [], "name": ""}] * (SIGNATURES_PER_ROW - len(row))
        height = max(len(block["lines"]) for block in row)
        filled.append([{**block, "lines": block["lines"] + [""] * (height - len(block["lines"]))} for block in row])
    return filled


def document_date(inspection: Inspection, today=None):
    """The minutes are dated by the day the inspection ended (its last session)."""
    return inspection.meeting.last_date


def signer_name(inspection: Inspection) -> str:
    """Who signs for the team (the register's «người ký», the person whose digital signature
    the minutes carry): the last of ``minutes.signatures`` when they are listed (the team's block
    closes the row, as by default), else ``minutes.signer``, else the team head."""
    options = inspection.minutes
    if options.signatures:
        return options.signatures[-1].name
    return (options.signer or inspection.team.head).name


def output_name(inspection: Inspection) -> str:
    """Default file name stem (without extension): ``bien-ban-<unit slug>``."""
    return unit_file_stem(FILE_PREFIX, inspection)
