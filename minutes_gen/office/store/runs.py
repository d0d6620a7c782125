"""What an apology run is made from (the register and the signer's profile, kept to make its
letters again with their numbers), the run of a day, and the run issued by the văn thư."""

import hashlib
from dataclasses import dataclass

from minutes_gen.office.store.rows import DRAFT, ISSUED, SIGNED
from minutes_gen.storage.database import Database


@dataclass(frozen=True)
class RunSource:
    """The register and profile a prepared run was made from, and the day it judged."""

    document_id: int
    profile_label: str
    profile: str
    as_of: str
    register_kind: str
    register: bytes


class Runs:
    """The sources of apology runs: one run per agency, profile and day."""

    database: Database

    def keep_source(self, agency_id: int, source: RunSource) -> None:
        """Keep what run ``source.document_id`` is made from (inside the caller's transaction)."""
        s = source
        self.database.execute(
            "INSERT INTO apology_sources (document_id, agency_id, profile_label, profile, as_of, register_kind, register,"
            " register_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (s.document_id, agency_id, s.profile_label, s.profile, s.as_of, s.register_kind, s.register,
             hashlib.sha256(s.register).hexdigest()))

    def run_source(self, agency_id: int, document_id: int) -> RunSource | None:
        """What a run of ``agency_id`` is made from (None: another agency's, or no prepared run)."""
        row = self.database.one("SELECT * FROM apology_sources WHERE document_id = ? AND agency_id = ?",
                                (document_id, agency_id))
        return RunSource(row["document_id"], row["profile_label"], row["profile"], row["as_of"], row["register_kind"],
                         bytes(row["register"])) if row else None

    def run_of_day(self, agency_id: int, profile_label: str, as_of: str) -> tuple[int, str] | None:
        """(document id, SHA-256 of its register) of the agency's run of ``as_of`` with that profile."""
        row = self.database.one("SELECT document_id, register_sha256 FROM apology_sources"
                                " WHERE agency_id = ? AND profile_label = ? AND as_of = ?", (agency_id, profile_label, as_of))
        return (row["document_id"], row["register_sha256"]) if row else None

    def set_run_issued(self, agency_id: int, document_id: int, content: bytes, doc_date: str, record: str) -> bool:
        """The prepared run ``document_id`` issued: its letters made again with their numbers and
        date (inside the caller's transaction, with the numbers); False when it is no prepared run."""
        row = self.database.one("SELECT status FROM documents WHERE id = ? AND agency_id = ?", (document_id, agency_id))
        if row is None or row["status"] not in (DRAFT, SIGNED):
            return False
        self.database.execute(
            "UPDATE documents SET status = ?, content = ?, sha256 = ?, doc_date = ?, input_yaml = ? WHERE id = ?"
            " AND agency_id = ?", (ISSUED, content, hashlib.sha256(content).hexdigest(), doc_date, record, document_id,
                                   agency_id))
        return True
