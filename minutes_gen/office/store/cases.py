"""Inspection cases (hồ sơ kiểm tra) of an agency: the case's YAML, the follow-up recorded on its
page (reports received, items closed) and the documents drafted from it; every read takes the
agency."""

from dataclasses import dataclass

from minutes_gen.office.store.rows import now
from minutes_gen.storage.database import Database

REPORT, CLOSED = "report", "closed"  # what a follow-up record says: a unit's report came, an item is done


@dataclass(frozen=True)
class StoredCase:
    id: int
    agency_id: int
    title: str
    file_name: str
    input_yaml: str
    created_by: str
    created_at: str


@dataclass(frozen=True)
class CaseRecord:
    """A unit's report received (``number``, ``day``, the items it reports on: none = all) or an
    item closed (``items``: that one item) — recorded on the case's page."""

    unit_index: int          # the unit's place in the case, from 0
    kind: str                # REPORT or CLOSED
    number: str
    day: str                 # ISO date
    items: tuple[int, ...]
    recorded_by: str = ""
    recorded_at: str = ""


@dataclass(frozen=True)
class CaseDocument:
    """A document of the history drafted from a case: its kind, its unit (None: the whole case)
    and the day its follow-up was read on (a reminder's)."""

    document_id: int
    kind: str
    unit_index: int | None
    as_of: str
    status: str
    number: str
    doc_date: str
    file_name: str


class Cases:
    """The agencies' cases."""

    database: Database

    def add_case(self, agency_id: int, user_id: int, title: str, file_name: str, text: str) -> int:
        return self.database.insert(
            "INSERT INTO cases (agency_id, title, file_name, input_yaml, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", (agency_id, title, file_name, text, user_id, now()))

    def cases(self, agency_id: int) -> list[StoredCase]:
        """The agency's cases, newest first."""
        return [_case(row) for row in self.database.all(
            "SELECT c.*, u.full_name AS author FROM cases c JOIN users u ON u.id = c.created_by"
            " WHERE c.agency_id = ? ORDER BY c.id DESC", (agency_id,))]

    def case(self, agency_id: int, case_id: int) -> StoredCase | None:
        """One case of ``agency_id`` (None when it belongs to another agency or does not exist)."""
        row = self.database.one("SELECT c.*, u.full_name AS author FROM cases c JOIN users u ON u.id = c.created_by"
                                " WHERE c.id = ? AND c.agency_id = ?", (case_id, agency_id))
        return _case(row) if row else None

    def add_case_record(self, case_id: int, user_id: int, record: CaseRecord) -> None:
        """Keep one follow-up record of a case (the caller checked the case is the user's agency's)."""
        self.database.insert(
            "INSERT INTO case_records (case_id, unit_index, kind, number, day, items, recorded_by, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (case_id, record.unit_index, record.kind, record.number, record.day,
             ",".join(str(item) for item in record.items), user_id, now()))

    def case_records(self, agency_id: int, case_id: int) -> list[CaseRecord]:
        """The follow-up recorded on the page of a case of ``agency_id``, in the order recorded."""
        rows = self.database.all(
            "SELECT r.*, u.full_name AS author FROM case_records r JOIN cases c ON c.id = r.case_id"
            " JOIN users u ON u.id = r.recorded_by WHERE r.case_id = ? AND c.agency_id = ? ORDER BY r.id",
            (case_id, agency_id))
        return [CaseRecord(row["unit_index"], row["kind"], row["number"], row["day"],
                           tuple(int(item) for item in row["items"].split(",") if item), row["author"],
                           row["recorded_at"]) for row in rows]

    def link_case_document(self, case_id: int, document_id: int, kind: str, unit_index: int | None, as_of: str) -> None:
        self.database.insert("INSERT INTO case_documents (case_id, document_id, kind, unit_index, as_of)"
                             " VALUES (?, ?, ?, ?, ?)", (case_id, document_id, kind, unit_index, as_of))

    def case_documents(self, agency_id: int, case_id: int) -> list[CaseDocument]:
        """The documents drafted from a case of ``agency_id``, in the order drafted."""
        rows = self.database.all(
            "SELECT l.document_id, l.kind, l.unit_index, l.as_of, d.status, d.number, d.doc_date, d.file_name"
            " FROM case_documents l JOIN documents d ON d.id = l.document_id"
            " WHERE l.case_id = ? AND d.agency_id = ? ORDER BY l.id", (case_id, agency_id))
        return [CaseDocument(**dict(row)) for row in rows]

    def document_case(self, agency_id: int, document_id: int) -> tuple[int, str, int | None, str] | None:
        """(case id, kind, unit index, as_of) of a document of ``agency_id`` drafted from a case."""
        row = self.database.one(
            "SELECT l.case_id, l.kind, l.unit_index, l.as_of FROM case_documents l JOIN documents d"
            " ON d.id = l.document_id WHERE l.document_id = ? AND d.agency_id = ?", (document_id, agency_id))
        return (row["case_id"], row["kind"], row["unit_index"], row["as_of"]) if row else None


def _case(row) -> StoredCase:
    return StoredCase(row["id"], row["agency_id"], row["title"], row["file_name"], row["input_yaml"], row["author"],
                      row["created_at"])
