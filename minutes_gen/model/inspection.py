"""The inspection of one unit: what the minutes and the conclusion notice are made from.

Field names are the ones the YAML file and the Word templates use.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from minutes_gen.model.figures import FiguresTable, Statistics
from minutes_gen.model.people import Agency, Decision, Person, SignatureBlock, Signer, Team, Unit

DEFAULT_REMEDIATION_DAYS = 30


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
class Finding:
    """One result or shortcoming: its text, sub-points (a, b, c …) and cause (nguyên nhân).
    ``statistics_here``: the paragraphs written from the figures follow this finding (by
    default they follow the last result). A plain text in the data is a finding with text only."""

    TEXT_FIELD: ClassVar[str] = "text"

    text: str
    points: list[str] = field(default_factory=list)
    cause: str | None = None
    statistics_here: bool = False


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
    KIỂM TRA``) or the agency of the header (``KT. GIÁM ĐỐC``), whose voice its sentences take.
    ``issuing_body``: the notice's own header (the agency), when the minutes' one is the team's."""

    number: int | None = None
    date: dt.date | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None
    signer: Signer | None = None
    issued_by: str = field(default="team", metadata={"choices": ("team", "agency")})
    issuing_body: Agency | None = None


@dataclass
class Request:
    """One request to the unit, with its own deadline when it differs from the common one
    (``remediation``): N working days counted from the same day as the common period, or a date;
    and who carries it out (``owner``: «Phòng Nội vụ huyện»). A plain text in the data is a
    request without a deadline or owner of its own."""

    TEXT_FIELD: ClassVar[str] = "text"

    text: str
    working_days: int | None = field(default=None, metadata=WORKING_DAYS_RANGE)
    date: dt.date | None = None
    owner: str | None = None


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
    period: str | None = None  # thời kỳ kiểm tra: «từ ngày 01/01/2018 đến ngày 30/9/2018»
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
