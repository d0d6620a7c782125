"""The inspection of one unit: what the minutes and the conclusion notice are made from.

Field names are the ones the YAML file and the Word templates use.
"""

import datetime as dt
import typing
from dataclasses import dataclass, field
from typing import ClassVar

DEFAULT_REMEDIATION_DAYS = 30


@dataclass
class Agency:
    """The issuing body (cơ quan ban hành) and its direct parent (cơ quan chủ quản).

    A name may be written on two lines in the data (``"Đoàn kiểm tra\\ncải cách hành chính"``):
    the header keeps those lines (``name_lines``), so that a line never ends inside a compound
    word; running text uses the name on one line (``name``)."""

    name: str
    abbreviation: str
    place: str
    parent: str | None = None
    name_lines: list[str] = field(init=False, default_factory=list, repr=False)
    parent_lines: list[str] = field(init=False, default_factory=list, repr=False)

    def __post_init__(self):
        if isinstance(self.name, str):  # (None while the builder is still collecting problems)
            self.name_lines, self.name = _lines(self.name), _one_line(self.name)
        if isinstance(self.parent, str):
            self.parent_lines, self.parent = _lines(self.parent), _one_line(self.parent)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Decision:
    """The decision that set up the inspection team."""

    number: str
    date: dt.date
    issuer: str
    subject: str | None = None


@dataclass
class Person:
    """Someone named in a document: full name, position, role in the meeting."""

    name: str
    position: str
    role: str | None = None
    salutation: str | None = None


@dataclass
class Team:
    """The inspection team (đoàn kiểm tra)."""

    head: Person
    secretary: Person
    name: str = "Đoàn kiểm tra"
    members: list[Person] = field(default_factory=list)


@dataclass
class Unit:
    """The inspected unit (đơn vị được kiểm tra)."""

    name: str
    representatives: list[Person] = field(metadata={
        "min_items": 1,
        "min_items_message": "cần ít nhất một người đại diện đơn vị (người ký biên bản)",
    })
    short_name: str | None = None


@dataclass
class Session:
    """A further working session of an inspection held on more than one day (or place)."""

    date: dt.date
    start: dt.time
    end: dt.time | None = None
    location: str | None = None  # default: the first session's place


@dataclass
class Meeting:
    """When and where the inspection met the unit: its first session, and any further ones.
    The inspection ends with its last session: the minutes are dated by it and deadlines
    counted from it."""

    date: dt.date
    start: dt.time
    location: str
    end: dt.time | None = None
    sessions: list[Session] = field(default_factory=list)

    @property
    def last_date(self) -> dt.date:
        """The day the inspection ended."""
        return self.sessions[-1].date if self.sessions else self.date

    @property
    def last_end(self) -> dt.time | None:
        """The hour the inspection ended (None: not written)."""
        return self.sessions[-1].end if self.sessions else self.end


@dataclass
class DossierFigures:
    """Administrative dossiers over a period (hồ sơ thủ tục hành chính); every figure is optional:
    one the source does not give is left out of the sentence, never printed as 00. The data may
    give one period (a mapping) or several (a list, each with its ``label``: «Năm 2022»)."""

    ONE_OR_MANY: ClassVar[bool] = True

    period_from: dt.date
    period_to: dt.date
    label: str | None = None
    received: int | None = None
    resolved: int | None = None
    on_time: int | None = None
    overdue: int | None = None
    in_process: int | None = None
    carried_over: int | None = None
    in_process_overdue: int | None = None


@dataclass
class UnitsChecked:
    """The unit's own inspections of the units under it (``subject``: what it checked there)."""

    checked: int
    total: int
    year: int | None = None
    subject: str | None = None
    # the share the rules require (CCHC: at least 30 % of the units every year); none: no verdict
    minimum_percent: int | None = field(default=None, metadata={"min": 1, "max": 100})
    units: list[str] = field(default_factory=list)


@dataclass
class OnlinePayment:
    """Online payment of fees (thanh toán trực tuyến)."""

    procedures: int
    dossiers: int


@dataclass
class Commitment:
    """A written commitment (``name``: «Bản cam kết công tác …»): targets met of total."""

    name: str
    met: int
    total: int
    year: int | None = None


@dataclass
class Feedback:
    """Citizens' feedback and petitions (phản ánh, kiến nghị)."""

    received: int
    handled: int
    year: int | None = None


@dataclass
class Statistics:
    """The figures quoted in the results; every group is optional."""

    dossiers: list[DossierFigures] = field(default_factory=list)
    units_checked: UnitsChecked | None = None
    one_stop_procedures: int | None = None
    online_payment: OnlinePayment | None = None
    commitment: Commitment | None = None
    feedback: Feedback | None = None


@dataclass
class Finding:
    """One result or shortcoming: its text, sub-points (a, b, c …) and cause (nguyên nhân).
    ``statistics_here``: the paragraphs written from the figures follow this finding (by
    default they follow the last result). A plain text in the data is a finding with text only."""

    TEXT_FIELD: ClassVar[str] = "text"

    text: str
    points: list[str] = field(default_factory=list)
    cause: str | None = None
    statistics_here: bool = False


TableCell = typing.NewType("TableCell", str)


@dataclass
class FiguresTable:
    """A table of figures printed as a Word table: a title, the column headings, and rows
    whose first cell names the row (rows as long as the headings)."""

    columns: list[str] = field(metadata={"min_items": 2, "min_items_message": "bảng cần ít nhất hai cột"})
    rows: list[list[TableCell]] = field(metadata={"min_items": 1, "min_items_message": "bảng cần ít nhất một dòng"})
    title: str | None = None
    unit: str | None = None  # «Đơn vị tính: hồ sơ», printed right-aligned above the table


@dataclass
class Appendix:
    """A Phụ lục printed after the signatures, on its own pages: title, paragraphs, a table."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    table: FiguresTable | None = None


WORKING_DAYS_RANGE = {"min": 1, "max": 1000}  # 0 would put the deadline on the inspection day itself


@dataclass
class Remediation:
    """What the unit must do after the inspection, and by when."""

    working_days: int = field(default=DEFAULT_REMEDIATION_DAYS, metadata=WORKING_DAYS_RANGE)
    report_to: str = "Đoàn kiểm tra"
    # «by_date»: chậm nhất ngày 23 tháng 8 năm 2023 (that day itself allowed);
    # «within_days»: trong thời hạn 30 ngày làm việc kể từ ngày …
    wording: str = field(default="by_date", metadata={"choices": ("by_date", "within_days")})
    # counted from the inspection day (the minutes and the notice then agree) or the notice's date
    counted_from: str = field(default="inspection", metadata={"choices": ("inspection", "notice")})


@dataclass
class Signer:
    """Who signs: authority (``TM. ĐOÀN KIỂM TRA``, ``KT. GIÁM ĐỐC``), title, full name."""

    name: str
    title: str
    authority: str | None = None


@dataclass
class SignatureBlock:
    """One signature under the minutes: its authority line (``KT. TRƯỞNG ĐOÀN``), title, name."""

    title: str
    name: str
    authority: str | None = None


@dataclass
class MinutesOptions:
    """The minutes' number, copies, recipients (Nơi nhận) and signatures.

    ``signer`` changes only the team's signature (default: TRƯỞNG ĐOÀN, the team head);
    ``signatures`` lists every block in order (default: the unit's first representative, the
    secretary, the team)."""

    number: int | None = None
    copies: int = 2
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None
    signer: Signer | None = None
    signatures: list[SignatureBlock] = field(default_factory=list)


@dataclass
class NoticeOptions:
    """The notice's number, date, recipients, signer, and who issues it: the team (``TM. ĐOÀN
    KIỂM TRA``) or the agency of the header (``KT. GIÁM ĐỐC``), whose voice its sentences take."""

    number: int | None = None
    date: dt.date | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None
    signer: Signer | None = None
    issued_by: str = field(default="team", metadata={"choices": ("team", "agency")})


@dataclass
class Request:
    """One request to the unit, with its own deadline when it differs from the common one
    (``remediation``): N working days after the inspection, or a date. A plain text in the data
    is a request without a deadline of its own."""

    TEXT_FIELD: ClassVar[str] = "text"

    text: str
    working_days: int | None = field(default=None, metadata=WORKING_DAYS_RANGE)
    date: dt.date | None = None


@dataclass
class Inspection:
    """One inspected unit: the whole content of its minutes and conclusion notice."""

    issuing_body: Agency
    decision: Decision
    subject: str  # what is inspected: «công tác cải cách hành chính năm 2023», «việc thực hiện chế độ công vụ»
    team: Team
    unit: Unit
    meeting: Meeting
    scope: list[str]
    achievements: list[Finding]
    shortcomings: list[Finding]
    requests: list[Request]
    invited: list[Person] = field(default_factory=list)      # thành phần khác (khách mời) at the meeting
    unit_opinion: list[str] = field(default_factory=list)    # ý kiến của đơn vị được kiểm tra (biên bản)
    other_opinions: list[str] = field(default_factory=list)  # ý kiến của các thành phần khác (biên bản)
    year: int | None = None
    statistics: Statistics = field(default_factory=Statistics)
    figures_table: FiguresTable | None = None  # after the results (Kết quả đạt được)
    appendix: Appendix | None = None
    remediation: Remediation = field(default_factory=Remediation)
    minutes: MinutesOptions = field(default_factory=MinutesOptions)
    notice: NoticeOptions = field(default_factory=NoticeOptions)

    @property
    def inspection_year(self) -> int:
        """The year under inspection (defaults to the meeting's year)."""
        return self.year or self.meeting.date.year

    @property
    def unit_short_name(self) -> str:
        """The unit's short name for running text (its full name when none is given)."""
        return self.unit.short_name or self.unit.name
