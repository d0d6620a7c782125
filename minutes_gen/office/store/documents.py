"""The documents issued (file, data, number, PDF, SHA-256) and the audit log; every read of a
document takes its agency."""

import hashlib

from minutes_gen.office.store.rows import (DRAFT, ISSUED, SIGNED, BookDetails, IssuedFile, NewDocument, StoredDocument,
                                          User, now)
from minutes_gen.storage.database import Database, like_pattern


class Documents:
    """The documents of every agency, and the audit log."""

    database: Database

    def add_document(self, document: NewDocument) -> int:
        """Keep ``document`` (with the SHA-256 of its file and the time); its id."""
        d, book = document, document.book or BookDetails()
        return self.database.insert(
            "INSERT INTO documents (agency_id, kind, unit, number, number_id, doc_date, file_name, content, pdf,"
            " input_yaml, sha256, created_by, created_at, status, recipients, archive, copies, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.agency_id, d.kind, d.unit, d.number, d.number_id, d.doc_date, d.file_name, d.content, d.pdf,
             d.input_yaml, hashlib.sha256(d.content).hexdigest(), d.user_id, now(), d.status, book.recipients,
             book.archive, book.copies, book.note))

    def mark_signed(self, agency_id: int, document_id: int, user_id: int) -> bool:
        """Note that the signer signed a draft of ``agency_id``; False when it is no such draft."""
        with self.database.transaction():
            row = self.database.one("SELECT status FROM documents WHERE id = ? AND agency_id = ?", (document_id, agency_id))
            if row is None or row["status"] != DRAFT:
                return False
            self.database.execute("UPDATE documents SET status = ?, signed_by = ?, signed_at = ? WHERE id = ?",
                                  (SIGNED, user_id, now(), document_id))
            return True

    def set_issued(self, agency_id: int, document_id: int, issued: IssuedFile) -> None:
        """The signed document ``document_id`` with its number and date, its file made again and
        the note of the sổ (inside the caller's transaction, with the number)."""
        self.database.execute(
            "UPDATE documents SET status = ?, number = ?, number_id = ?, doc_date = ?, content = ?, pdf = ?, sha256 = ?,"
            " note = ? WHERE id = ? AND agency_id = ? AND status = ?",
            (ISSUED, issued.number, issued.number_id, issued.doc_date, issued.content, issued.pdf,
             hashlib.sha256(issued.content).hexdigest(), issued.note, document_id, agency_id, SIGNED))

    def set_number(self, agency_id: int, document_id: int, number: str, number_id: int) -> None:
        """The number of a document made outside the tool (inside the caller's transaction)."""
        self.database.execute("UPDATE documents SET number = ?, number_id = ? WHERE id = ? AND agency_id = ?",
                              (number, number_id, document_id, agency_id))

    def book_details(self, agency_id: int, entry_ids: list[int] | None = None) -> dict[int, BookDetails]:
        """What the sổ says of each numbered document of the agency (of the entries ``entry_ids``
        only, when given), by its register entry."""
        query, arguments = "SELECT number_id, recipients, archive, copies, note FROM documents WHERE agency_id = ?", [agency_id]
        if entry_ids is not None:
            query += f" AND number_id IN ({', '.join('?' * len(entry_ids)) or 'NULL'})"
            arguments += entry_ids
        rows = self.database.all(query + " AND number_id IS NOT NULL", arguments)
        return {row["number_id"]: BookDetails(row["recipients"], row["archive"], row["copies"], row["note"])
                for row in rows}

    def documents(self, agency_id: int, search: str = "", *, year: int | None = None, kind: str = "",
                  limit: int = 50, offset: int = 0) -> list[StoredDocument]:
        """One page of an agency's documents, newest first: of ``year`` and ``kind`` when given,
        ``search`` in the unit, the number or the date (ids first, from the index, then their rows)."""
        condition, arguments = _filter(self.database, agency_id, search, year, kind)
        order = "+id" if search.strip() else "id"  # a search reads the narrow index documents_listed whole
        rows = self.database.all(
            "SELECT d.id, d.agency_id, d.kind, d.unit, d.number, d.number_id, d.doc_date, d.file_name, d.sha256,"
            " u.full_name AS created_by, d.created_at, d.pdf IS NOT NULL AS has_pdf, d.status"
            " FROM documents d JOIN users u ON u.id = d.created_by WHERE d.id IN"
            f" (SELECT id FROM documents WHERE {condition} ORDER BY {order} DESC LIMIT ? OFFSET ?) ORDER BY d.id DESC",
            arguments + [limit, offset])
        return [StoredDocument(**{**row, "has_pdf": bool(row["has_pdf"])}) for row in map(dict, rows)]

    def count_documents(self, agency_id: int, search: str = "", year: int | None = None, kind: str = "") -> int:
        """How many documents ``documents`` finds with these filters, on every page."""
        condition, arguments = _filter(self.database, agency_id, search, year, kind)
        return self.database.one(f"SELECT COUNT(*) AS n FROM documents WHERE {condition}", arguments)["n"]

    def document_numbers(self, agency_id: int) -> list[tuple[int, str, int | None, str]]:
        """(id, kind, register entry id or None, status) of every document of the agency."""
        return [(row["id"], row["kind"], row["number_id"], row["status"]) for row in self.database.all(
            "SELECT id, kind, number_id, status FROM documents WHERE agency_id = ? ORDER BY id", (agency_id,))]

    def pdf(self, agency_id: int, document_id: int) -> bytes | None:
        """The PDF kept with a document of ``agency_id`` (None: none kept, or another agency's)."""
        row = self.database.one("SELECT pdf FROM documents WHERE id = ? AND agency_id = ?", (document_id, agency_id))
        return bytes(row["pdf"]) if row and row["pdf"] is not None else None

    def document(self, agency_id: int, document_id: int) -> tuple[StoredDocument, bytes, str] | None:
        """One document of ``agency_id`` (None when it belongs to another agency or does not exist)."""
        row = self.database.one(
            "SELECT d.*, u.full_name AS author FROM documents d JOIN users u ON u.id = d.created_by"
            " WHERE d.id = ? AND d.agency_id = ?", (document_id, agency_id))
        if row is None:
            return None
        stored = StoredDocument(row["id"], row["agency_id"], row["kind"], row["unit"], row["number"], row["number_id"],
                                row["doc_date"], row["file_name"], row["sha256"], row["author"], row["created_at"],
                                row["pdf"] is not None, row["status"])
        return stored, bytes(row["content"]), row["input_yaml"]

    # --- audit --------------------------------------------------------------------------
    def audit(self, action: str, detail: str, user: User | None, address: str, agency_id: int | None = None) -> None:
        self.database.execute(
            "INSERT INTO audit (at, user_id, agency_id, action, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
            (now(), user.id if user else None, agency_id if agency_id is not None else (user.agency_id if user else None),
             action, detail, address))

    def audit_log(self, limit: int = 200) -> list[dict]:
        return [dict(row) for row in self.database.all(
            "SELECT a.at, a.action, a.detail, a.address, COALESCE(u.username, '') AS username FROM audit a"
            " LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?", (limit,))]


SEARCHED = ("unit", "number", "doc_date", "created_at")  # what a search of the history looks in


def _filter(database: Database, agency_id: int, search: str, year: int | None, kind: str) -> tuple[str, list]:
    """The WHERE of an agency's documents of ``year`` (by their date) and ``kind``, with ``search``."""
    condition, arguments = "agency_id = ?", [agency_id]
    if year is not None:
        condition, arguments = condition + " AND doc_date >= ? AND doc_date < ?", arguments + [f"{year:04d}-01-01",
                                                                                              f"{year + 1:04d}-01-01"]
    if kind:
        condition, arguments = condition + " AND kind = ?", arguments + [kind]
    if search.strip():
        condition += " AND " + database.contains(list(SEARCHED))
        arguments += [like_pattern(search)] * len(SEARCHED)
    return condition, arguments
