"""The figures an inspection reports: dossiers by period, units checked, online payment,
commitments, feedback, and tables of figures given as rows."""

import datetime as dt
import typing
from dataclasses import dataclass, field
from typing import ClassVar


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


TableCell = typing.NewType("TableCell", str)


@dataclass
class FiguresTable:
    """A table of figures printed as a Word table: a title, the column headings, and rows
    whose first cell names the row (rows as long as the headings)."""

    columns: list[str] = field(metadata={"min_items": 2, "min_items_message": "bảng cần ít nhất hai cột"})
    rows: list[list[TableCell]] = field(metadata={"min_items": 1, "min_items_message": "bảng cần ít nhất một dòng"})
    title: str | None = None
    unit: str | None = None  # «Đơn vị tính: hồ sơ», printed right-aligned above the table
