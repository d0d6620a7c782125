"""Who takes part: the issuing body (its header lines), the decision that set up the team, the
team and its members, the unit inspected, and who signs."""

import datetime as dt
from dataclasses import dataclass, field


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
class SubUnits:
    """The units under the inspected one (the communes of a district): what they are
    («xã, thị trấn»), how many there are, and those the team visited."""

    kind: str
    total: int
    visited: list[str] = field(default_factory=list)


@dataclass
class Unit:
    """The inspected unit (đơn vị được kiểm tra), and the units under it the team visited."""

    name: str
    representatives: list[Person] = field(metadata={
        "min_items": 1,
        "min_items_message": "cần ít nhất một người đại diện đơn vị (người ký biên bản)",
    })
    short_name: str | None = None
    sub_units: SubUnits | None = None


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
