"""The rows the office store returns and takes: users and their roles, agencies, profiles,
documents (kept and new), and the time stamp every row carries."""

import datetime as dt
from dataclasses import dataclass

ADMIN, CLERK, SECRETARY = "quan-tri", "van-thu", "can-bo"
ROLES = {ADMIN: "Quản trị", CLERK: "Văn thư", SECRETARY: "Thư ký đoàn / cán bộ lập văn bản"}


@dataclass(frozen=True)
class User:
    id: int
    username: str
    full_name: str
    role: str
    agency_id: int | None
    active: bool
    must_change_password: bool = False

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass(frozen=True)
class Agency:
    id: int
    name: str
    abbreviation: str


@dataclass(frozen=True)
class Profile:
    """One way an agency issues: its header, signer (with authority), recipients, contact and
    apology settings — an agency file, kept once and chosen from a list on every form."""

    id: int
    agency_id: int
    label: str
    profile: str


@dataclass(frozen=True)
class StoredDocument:
    id: int
    agency_id: int
    kind: str
    unit: str
    number: str
    number_id: int | None
    doc_date: str
    file_name: str
    sha256: str
    created_by: str
    created_at: str
    has_pdf: bool = False


@dataclass(frozen=True)
class NewDocument:
    """A document to keep: who made it for which agency, its file (``content``, a .docx or a .zip)
    and the data it was made from, its number (``number_id``: its register entry) if it has one,
    its PDF if one was asked for."""

    agency_id: int
    user_id: int
    kind: str
    unit: str
    doc_date: str
    file_name: str
    content: bytes
    input_yaml: str
    number: str = ""
    number_id: int | None = None
    pdf: bytes | None = None


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def user_from(row) -> User:
    return User(row["id"], row["username"], row["full_name"], row["role"], row["agency_id"], bool(row["active"]),
                bool(row["must_change_password"]))
