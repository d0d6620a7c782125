"""One inspection case (hồ sơ một đợt kiểm tra): the decision that sets up the team, the plan,
the schedule notices, the units inspected, the summary report and the follow-up of what the
units were asked to remedy. Field names are the ones the case file (``case:``) uses."""

import datetime as dt
from dataclasses import dataclass, field

from minutes_gen.model.inspection import Inspection
from minutes_gen.model.people import Agency, Signer

DEFAULT_REPORT_DAYS = 3      # the unit's report reaches the team 03 working days before the visit
DEFAULT_REMINDER_DAYS = 5    # a reminder gives 05 more working days


@dataclass
class Recipients:
    """Nơi nhận of one document: its lines and the archive's unit (Lưu: VT, …)."""

    recipients: list[str] = field(default_factory=list)
    archive: str | None = None


@dataclass
class DecisionDocument:
    """Quyết định thành lập Đoàn kiểm tra: issued by another body (the province's People's
    Committee, or the department's director), whose number and date are the ``decision`` of
    the shared part; the team's members come from ``team``."""

    issuing_body: Agency
    authority: str                 # «Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk»: the line above the legal bases
    signer: Signer
    bases: list[str] = field(default_factory=list)       # Căn cứ …
    proposal: str | None = None                          # Theo đề nghị của …
    duties: list[str] = field(default_factory=list)      # Điều 2: the team's tasks
    executors: str = "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị có liên quan và các thành viên Đoàn kiểm tra"
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None


@dataclass
class PlanDocument:
    """Kế hoạch kiểm tra (KH) of the team: purposes, requirements, content (the shared scope),
    method, the schedule table of the units, organisation."""

    date: dt.date
    purposes: list[str] = field(metadata={"min_items": 1, "min_items_message": "ghi ít nhất một mục đích"})
    requirements: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    number: int | None = None
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None


@dataclass
class ScheduleNotice:
    """Thông báo lịch kiểm tra và đề nghị báo cáo (TB), one per unit: the visit (the unit's
    ``meeting``), who of the unit attends, the report it must send and by when (N working days
    before the visit). A unit's ``schedule:`` in the case file overrides these values."""

    date: dt.date
    attendees: list[str] = field(metadata={"min_items": 1, "min_items_message": "ghi thành phần đơn vị tham dự"})
    report_outline: list[str] = field(metadata={"min_items": 1, "min_items_message": "ghi đề cương báo cáo"})
    report_days: int = field(default=DEFAULT_REPORT_DAYS, metadata={"min": 1, "max": 60})
    report_to: str | None = None       # where the report is sent (default: the team)
    number: int | None = None
    contact: str | None = None         # «Thông tin liên hệ: …»
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None


@dataclass
class SummaryReport:
    """Báo cáo kết quả kiểm tra of the whole plan to the authority that set the team up."""

    date: dt.date
    addressee: str                     # Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh
    proposals: list[str] = field(metadata={"min_items": 1, "min_items_message": "ghi ít nhất một đề xuất, kiến nghị"})
    assessment: list[str] = field(default_factory=list)   # the team's overall assessment
    number: int | None = None
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None


@dataclass
class FollowupOptions:
    """How the team follows up: the reminders' drafting unit (ND30: a công văn's symbol is the
    body's abbreviation, a dash, the drafting unit's), the days a reminder gives, its signer."""

    drafting_unit: str
    reminder_days: int = field(default=DEFAULT_REMINDER_DAYS, metadata={"min": 1, "max": 60})
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    archive: str | None = None


@dataclass
class CaseDocuments:
    """The ``case:`` section: the documents of the whole plan and the follow-up's options."""

    decision: DecisionDocument
    plan: PlanDocument
    schedule: ScheduleNotice
    report: SummaryReport
    followup: FollowupOptions | None = None
    title: str | None = None           # «Kiểm tra cải cách hành chính năm 2024» (default: from the subject)


@dataclass
class ReceivedReport:
    """A unit's written report on its remediation, as the team received it."""

    number: str
    date: dt.date
    items: list[int] = field(default_factory=list)   # the requests it reports on (none: all)


@dataclass
class ClosedItem:
    """A request the team considers done."""

    item: int
    date: dt.date
    note: str | None = None


@dataclass
class UnitFollowup:
    """A unit's ``followup:``: the reports received and the requests closed."""

    reports: list[ReceivedReport] = field(default_factory=list)
    closed: list[ClosedItem] = field(default_factory=list)


@dataclass
class CaseUnit:
    """One unit of a case: its inspection, its schedule notice, its follow-up."""

    inspection: Inspection
    schedule: ScheduleNotice
    followup: UnitFollowup = field(default_factory=UnitFollowup)
    warnings: list = field(default_factory=list)


@dataclass
class Case:
    """A whole case: the documents' options and the units in their order."""

    documents: CaseDocuments
    units: list[CaseUnit]
    warnings: list = field(default_factory=list)

    @property
    def first(self) -> Inspection:
        """The first unit's inspection: what every unit shares (team, decision, issuing body)."""
        return self.units[0].inspection

    @property
    def title(self) -> str:
        """What the case is about: ``kiểm tra công tác cải cách hành chính năm 2024``."""
        return self.documents.title or f"kiểm tra {self.first.subject}"
