"""The documents issued (file, data, number, PDF, SHA-256) and the audit log; every read of a
document takes its agency."""

import hashlib

from minutes_gen.office.store.rows import NewDocument, StoredDocument, User, now
from minutes_gen.storage.database import Database


class Documents:
    """The documents of every agency, and the audit log."""

    database: Database

    def add_document(self, document: NewDocument) -> int:
        """Keep ``document`` (with the SHA-256 of its file and the time); its id."""
        d = document
        return self.database.insert(
            "INSERT INTO documents (agency_id, kind, unit, number, number_id, doc_date, file_name, content, pdf,"
            " input_yaml, sha256, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.agency_id, d.kind, d.unit, d.number, d.number_id, d.doc_date, d.file_name, d.content, d.pdf,
             d.input_yaml, hashlib.sha256(d.content).hexdigest(), d.user_id, now()))

    def documents(self, agency_id: int, search: str = "", limit: int = 200) -> list[StoredDocument]:
        """An agency's documents, newest first; ``search`` in the unit, the number or the date."""
        query = ("SELECT d.id, d.agency_id, d.kind, d.unit, d.number, d.number_id, d.doc_date, d.file_name, d.sha256,"
                 " u.full_name AS created_by, d.created_at, d.pdf IS NOT NULL AS has_pdf"
                 " FROM documents d JOIN users u ON u.id = d.created_by"
                 " WHERE d.agency_id = ?")
        arguments: list = [agency_id]
        if search.strip():
            pattern = "%" + search.strip().lower().replace("\\", "").replace("%", "").replace("_", "") + "%"
            query += " AND (LOWER(d.unit) LIKE ? OR LOWER(d.number) LIKE ? OR d.doc_date LIKE ? OR d.created_at LIKE ?)"
            arguments += [pattern] * 4
        rows = self.database.all(query + " ORDER BY d.id DESC LIMIT ?", arguments + [limit])
        return [StoredDocument(**{**row, "has_pdf": bool(row["has_pdf"])}) for row in map(dict, rows)]

    def document_numbers(self, agency_id: int) -> list[tuple[int, str, int | None]]:
        """(id, kind, register entry id or None) of every document of the agency."""
        return [(row["id"], row["kind"], row["number_id"]) for row in self.database.all(
            "SELECT id, kind, number_id FROM documents WHERE agency_id = ? ORDER BY id", (agency_id,))]

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
                                row["pdf"] is not None)
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
