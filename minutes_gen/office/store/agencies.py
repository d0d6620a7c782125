"""Agencies, their profiles (one per signer) and their own templates."""

import hashlib

from minutes_gen.office.store.rows import Agency, Profile, now
from minutes_gen.storage.database import Database


class Agencies:
    """Agencies with their profiles and own templates."""

    database: Database

    def add_agency(self, name: str, abbreviation: str) -> int:
        return self.database.insert("INSERT INTO agencies (name, abbreviation, created_at) VALUES (?, ?, ?)",
                                    (name, abbreviation, now()))

    def rename_agency(self, agency_id: int, name: str) -> None:
        self.database.execute("UPDATE agencies SET name = ? WHERE id = ?", (name, agency_id))

    def agencies(self) -> list[Agency]:
        return [Agency(r["id"], r["name"], r["abbreviation"]) for r in self.database.all("SELECT * FROM agencies ORDER BY name")]

    def agency(self, agency_id: int | None) -> Agency | None:
        row = self.database.one("SELECT * FROM agencies WHERE id = ?", (agency_id,)) if agency_id else None
        return Agency(row["id"], row["name"], row["abbreviation"]) if row else None

    def agency_by_abbreviation(self, abbreviation: str) -> Agency | None:
        row = self.database.one("SELECT * FROM agencies WHERE abbreviation = ?", (abbreviation,))
        return Agency(row["id"], row["name"], row["abbreviation"]) if row else None

    def save_profile(self, agency_id: int, label: str, text: str) -> None:
        """Keep a profile of the agency; one with the same label (the same signer) is replaced."""
        with self.database.transaction():
            self.database.execute("DELETE FROM agency_profiles WHERE agency_id = ? AND label = ?", (agency_id, label))
            self.database.insert("INSERT INTO agency_profiles (agency_id, label, profile, created_at) VALUES (?, ?, ?, ?)",
                                 (agency_id, label, text, now()))

    def profiles(self, agency_id: int | None = None) -> list[Profile]:
        """The profiles of one agency (or of all), by label."""
        rows = (self.database.all("SELECT * FROM agency_profiles WHERE agency_id = ? ORDER BY label", (agency_id,))
                if agency_id is not None else self.database.all("SELECT * FROM agency_profiles ORDER BY agency_id, label"))
        return [Profile(r["id"], r["agency_id"], r["label"], r["profile"]) for r in rows]

    def profile(self, agency_id: int, profile_id: int) -> Profile | None:
        """A profile of ``agency_id`` (None when it belongs to another agency or does not exist)."""
        row = self.database.one("SELECT * FROM agency_profiles WHERE id = ? AND agency_id = ?", (profile_id, agency_id))
        return Profile(row["id"], row["agency_id"], row["label"], row["profile"]) if row else None

    # --- the agencies' own templates -------------------------------------------------------
    def set_template(self, agency_id: int, kind: str, file_name: str, content: bytes, user_id: int) -> None:
        """Keep an agency's template for ``kind`` (checked before: ``templates check``), replacing the old one."""
        with self.database.transaction():
            self.database.execute("DELETE FROM agency_templates WHERE agency_id = ? AND kind = ?", (agency_id, kind))
            self.database.insert(
                "INSERT INTO agency_templates (agency_id, kind, file_name, content, sha256, uploaded_by, uploaded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (agency_id, kind, file_name, content, hashlib.sha256(content).hexdigest(), user_id, now()))

    def remove_template(self, agency_id: int, kind: str) -> str | None:
        """Remove the agency's own template for ``kind`` (the built-in one is used again); its file name, or None."""
        with self.database.transaction():
            row = self.database.one("SELECT file_name FROM agency_templates WHERE agency_id = ? AND kind = ?",
                                    (agency_id, kind))
            self.database.execute("DELETE FROM agency_templates WHERE agency_id = ? AND kind = ?", (agency_id, kind))
        return row["file_name"] if row else None

    def template(self, agency_id: int, kind: str) -> tuple[str, bytes] | None:
        """(file name, bytes) of the agency's own template for ``kind``, if it has one."""
        row = self.database.one("SELECT file_name, content FROM agency_templates WHERE agency_id = ? AND kind = ?",
                                (agency_id, kind))
        return (row["file_name"], bytes(row["content"])) if row else None

    def templates(self) -> list[dict]:
        return [dict(row) for row in self.database.all(
            "SELECT t.agency_id, t.kind, t.file_name, t.sha256, t.uploaded_at, a.name AS agency FROM agency_templates t"
            " JOIN agencies a ON a.id = t.agency_id ORDER BY a.name, t.kind")]
