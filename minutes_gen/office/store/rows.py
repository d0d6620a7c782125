"""The rows the office store returns and takes: users and their roles, agencies, profiles,
documents (kept and new), and the time stamp every row carries."""

from dataclasses import dataclass

ADMIN, CLERK, SECRETARY = "quan-tri", "van-thu", "can-bo"
SIGNER = "nguoi-ky"  # the competent person who signs digitally (ND30 Phụ lục I), then the văn thư seals
ROLES = {ADMIN: "Quản trị", CLERK: "Văn thư", SECRETARY: "Thư ký đoàn / cán bộ lập văn bản",
         SIGNER: "Người ký (lãnh đạo)"}
# A document's way (ND30 Điều 15–16): the cán bộ drafts it, the signer signs it, then the văn thư
# gives it its number and date and issues it.
DRAFT, SIGNED, ISSUED = "draft", "signed", "issued"
STATUSES = {DRAFT: "Bản nháp, chờ ký", SIGNED: "Đã ký, chờ văn thư cấp số", ISSUED: "Đã cấp số, ban hành"}


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
    status: str = ISSUED

    @property
    def status_name(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class NewDocument:
    """A document to keep: who made it for which agency, its file (``content``, a .docx or a .zip)
    and the data it was made from, its number (``number_id``: its register entry) if it has one,
    its PDF if one was asked for, where it is in its way (``status``) and its line of the sổ."""

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
    status: str = ISSUED
    book: "BookDetails | None" = None


@dataclass(frozen=True)
class IssuedFile:
    """What the văn thư's issuing gives a signed document: its number (text and register entry),
    its date, its file made again with them (and its PDF), the note of the sổ."""

    number: str
    number_id: int
    doc_date: str
    content: bytes
    pdf: bytes | None
    note: str = ""


@dataclass(frozen=True)
class BookDetails:
    """What the sổ đăng ký văn bản đi says of a document beyond its number, date, summary and
    signer: where it goes (nơi nhận), who keeps the archive copy, how many copies, a note."""

    recipients: str = ""
    archive: str = ""
    copies: str = ""
    note: str = ""


def now() -> str:
    """The moment a row is written, in Vietnam's time (``2026-12-04T09:15:30+07:00``)."""
    from minutes_gen.vn.dates import vietnam_now

    return vietnam_now().isoformat(timespec="seconds")


def user_from(row) -> User:
    return User(row["id"], row["username"], row["full_name"], row["role"], row["agency_id"], bool(row["active"]),
                bool(row["must_change_password"]))
