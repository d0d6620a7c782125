"""Checks across fields: errors that make an inspection unusable, and warnings for figures
that do not add up (reported, never blocking, so the secretary can correct or explain them).
"""

import datetime as dt

from minutes_gen.errors import Problem
from minutes_gen.model.statistics_sentences import statistics_paragraphs
from minutes_gen.model.inspection import Inspection
from minutes_gen.sources.yaml_source import LoadedYaml
from minutes_gen.sources.yaml_syntax import QUOTE_THE_VALUE
from minutes_gen.vn.dates import numeric_date
from minutes_gen.vn.numbers import count, percent, share



class _Findings:
    def __init__(self, loaded: LoadedYaml):
        self.loaded = loaded
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, path: tuple, message: str) -> None:
        self.errors.append(self.loaded.problem(path, message))

    def warn(self, path: tuple, message: str) -> None:
        self.warnings.append(self.loaded.problem(path, message))


def check_inspection(inspection: Inspection, loaded: LoadedYaml):
    """Return ``(errors, warnings)`` for an inspection built from ``loaded``."""
    found = _Findings(loaded)
    _check_meeting(inspection, found)
    _check_sessions(inspection, found)
    _check_findings(inspection, found)
    _check_tables(inspection, found)
    _check_copies(inspection, found)
    _check_dossiers(inspection, found)
    _check_shares(inspection, found)
    return found.errors, found.warnings


def _check_meeting(inspection: Inspection, found: _Findings) -> None:
    """Dates that contradict each other: decision → inspection → minutes, notice."""
    meeting = inspection.meeting
    if meeting.end and meeting.end <= meeting.start:
        found.error(("meeting", "end"), "giờ kết thúc phải sau giờ bắt đầu")
    if meeting.date < inspection.decision.date:
        found.error(("meeting", "date"), f"ngày kiểm tra {numeric_date(meeting.date)} trước ngày ban hành quyết định "
                                         f"thành lập đoàn ({numeric_date(inspection.decision.date)})")
    issued = inspection.notice.date
    if issued is not None and issued < meeting.last_date:
        found.error(("notice", "date"), f"thông báo kết luận đề ngày {numeric_date(issued)}, trước ngày kết thúc "
                                        f"kiểm tra ({numeric_date(meeting.last_date)})")
    if inspection.minutes.signer and inspection.minutes.signatures:
        found.error(("minutes", "signer"), "ghi «signer» (chữ ký của đoàn) hoặc «signatures» (mọi chữ ký), "
                                           "không ghi cả hai")
    for index, request in enumerate(inspection.requests):
        if request.working_days is not None and request.date is not None:
            found.error(("requests", index, "date"), "ghi «working_days» hoặc «date» cho yêu cầu này, không ghi cả hai")
        elif request.date is not None and request.date <= meeting.last_date:
            found.error(("requests", index, "date"), f"hạn {numeric_date(request.date)} không sau ngày kiểm tra")
    sub_units = inspection.unit.sub_units
    if sub_units and len(sub_units.visited) > sub_units.total:
        found.error(("unit", "sub_units", "visited"), f"ghi {count(len(sub_units.visited))} đơn vị đã đến nhưng "
                                                      f"tổng số chỉ có {count(sub_units.total)}")
    if inspection.notice.issued_by == "agency" and inspection.notice.signer is None:
        found.error(("notice", "signer"), "thông báo do cơ quan ban hành (issued_by: agency) cần ghi người ký "
                                          "(ví dụ KT. Giám đốc / Phó Giám đốc)")


def _check_sessions(inspection: Inspection, found: _Findings) -> None:
    """Further sessions come after the first and after each other; each ends after it starts."""
    meeting = inspection.meeting
    previous = (meeting.date, meeting.start)
    for index, session in enumerate(meeting.sessions):
        path = ("meeting", "sessions", index)
        if (session.date, session.start) <= previous:
            found.error(path + ("date",), f"buổi làm việc ngày {numeric_date(session.date)} phải sau buổi trước "
                                          f"({numeric_date(previous[0])})")
        if session.end and session.end <= session.start:
            found.error(path + ("end",), "giờ kết thúc phải sau giờ bắt đầu")
        previous = (session.date, session.start)


def _check_findings(inspection: Inspection, found: _Findings) -> None:
    """The statistics are placed after one result at most, and only among the results."""
    marked = [i for i, finding in enumerate(inspection.achievements) if finding.statistics_here]
    for index in marked[1:]:
        found.error(("achievements", index, "statistics_here"), "đoạn số liệu chỉ in ở một chỗ; ý trước đó đã ghi "
                                                                "«statistics_here»")
    for index, finding in enumerate(inspection.shortcomings):
        if finding.statistics_here:
            found.error(("shortcomings", index, "statistics_here"), "đoạn số liệu thuộc phần kết quả đạt được; "
                                                                    "ghi «statistics_here» ở một ý của achievements")
    if marked and not statistics_paragraphs(inspection):
        found.warn(("achievements", marked[0], "statistics_here"), "không có số liệu nào (statistics) để in ở đây")


def _check_tables(inspection: Inspection, found: _Findings) -> None:
    """Every row of a table has a cell for every column."""
    tables = [(("figures_table",), inspection.figures_table)]
    if inspection.appendix is not None:
        tables.append((("appendix", "table"), inspection.appendix.table))
    for path, table in tables:
        if table is None:
            continue
        for index, row in enumerate(table.rows):
            if len(row) != len(table.columns):
                comma = f" (một ô có dấu «,»? {QUOTE_THE_VALUE})" if len(row) > len(table.columns) else ""
                found.error(path + ("rows", index), f"dòng có {count(len(row))} ô nhưng bảng có "
                                                    f"{count(len(table.columns))} cột{comma}")


def _check_copies(inspection: Inspection, found: _Findings) -> None:
    """The minutes' «lập thành N bản» agrees with its Nơi nhận (every line, the archive included)."""
    destinations = len([line for line in inspection.minutes.recipients if line.strip()]) + 1
    copies = inspection.minutes.copies
    if copies != destinations:
        found.warn(("minutes", "copies"), f"biên bản ghi lập thành {count(copies)} bản nhưng mục Nơi nhận có "
                                          f"{count(destinations)} nơi (kể cả dòng «Lưu»); hãy sửa cho khớp")


def check_notice_date(inspection: Inspection, loaded: LoadedYaml, given: dt.date | None, today: dt.date):
    """``(errors, warnings)`` about the date a notice will carry: ``given`` (--date) must not be
    before the inspection; with neither ``notice.date`` nor ``given``, the notice is dated today,
    which is said."""
    found = _Findings(loaded)
    if given is not None and given < inspection.meeting.date:
        found.errors.append(Problem("--date", f"ngày thông báo {numeric_date(given)} trước ngày kiểm tra "
                                              f"({numeric_date(inspection.meeting.date)})"))
    elif given is None and inspection.notice.date is None:
        found.warn(("notice",), f"thông báo chưa có ngày (trường notice.date) nên được đề ngày hôm nay, "
                                f"{numeric_date(today)}; ghi notice.date hoặc dùng --date để chọn ngày khác")
    return found.errors, found.warnings


def _check_dossiers(inspection: Inspection, found: _Findings) -> None:
    """Figures that do not add up, period by period (only those the data gives are compared)."""
    written = found.loaded.data.get("statistics", {}) if isinstance(found.loaded.data, dict) else {}
    as_list = isinstance(written, dict) and isinstance(written.get("dossiers"), list)
    for index, figures in enumerate(inspection.statistics.dossiers):
        _check_period(figures, ("statistics", "dossiers") + ((index,) if as_list else ()), found)


def _check_period(figures, path: tuple, found: _Findings) -> None:
    if figures.period_to < figures.period_from:
        found.error(path + ("period_to",), "ngày kết thúc kỳ báo cáo trước ngày bắt đầu")
    if None not in (figures.on_time, figures.overdue, figures.resolved) and \
            figures.on_time + figures.overdue != figures.resolved:
        found.warn(
            path + ("resolved",),
            f"số hồ sơ đúng hạn và trước hạn cộng số quá hạn là {count(figures.on_time)} + "
            f"{count(figures.overdue)} = {count(figures.on_time + figures.overdue)}, "
            f"khác số hồ sơ đã giải quyết ({count(figures.resolved)})",
        )
    if figures.received is None or figures.resolved is None:
        return
    available = figures.received + (figures.carried_over or 0)
    if figures.resolved > available:
        found.warn(
            path + ("resolved",),
            f"số hồ sơ đã giải quyết ({count(figures.resolved)}) lớn hơn số hồ sơ phải giải quyết "
            f"({count(available)})",
        )
        return
    if figures.in_process is None:
        return
    pending = figures.in_process + (figures.in_process_overdue or 0)
    if available - figures.resolved != pending:
        carried = f" + {count(figures.carried_over)} tồn kỳ trước" if figures.carried_over else ""
        found.warn(
            path + ("in_process",),
            f"số hồ sơ tiếp nhận{carried} trừ số đã giải quyết là {count(figures.received)}{carried} − "
            f"{count(figures.resolved)} = {count(available - figures.resolved)}, nhưng số hồ sơ đang "
            f"giải quyết ghi là {count(pending)} (chênh {count(abs(available - figures.resolved - pending))}); "
            "hãy kiểm tra lại số liệu, hoặc ghi số hồ sơ tồn từ kỳ trước vào trường carried_over",
        )


def _check_shares(inspection: Inspection, found: _Findings) -> None:
    stats = inspection.statistics
    pairs = [
        (stats.units_checked, "units_checked", "checked", "total", "số đơn vị được kiểm tra"),
        (stats.commitment, "commitment", "met", "total", "số chỉ tiêu đạt"),
        (stats.feedback, "feedback", "handled", "received", "số phản ánh, kiến nghị đã xử lý"),
    ]
    for group, name, part, whole, label in pairs:
        if group is not None and getattr(group, part) > getattr(group, whole):
            found.warn(
                ("statistics", name, part),
                f"{label} ({count(getattr(group, part))}) lớn hơn tổng số ({count(getattr(group, whole))})",
            )
    units = stats.units_checked
    if units is not None and units.minimum_percent and units.checked <= units.total:
        value = share(units.checked, units.total)
        if value is not None and value < units.minimum_percent:
            found.warn(
                ("statistics", "units_checked", "checked"),
                f"chỉ kiểm tra {count(units.checked)}/{count(units.total)} đơn vị "
                f"({percent(units.checked, units.total)}), dưới mức tối thiểu "
                f"{units.minimum_percent}% theo quy định",
            )
