"""The agencies' SMTP servers (the password only as ``storage.sealed`` keeps it) and the letters
of each apology run as the e-mail needs them; every read takes the agency."""

import json
from dataclasses import dataclass

from minutes_gen.office.store.rows import now
from minutes_gen.storage.database import Database


@dataclass(frozen=True)
class SmtpServer:
    """An agency's SMTP server as the administrator set it; ``password_sealed`` never leaves the
    server (pages only say whether one is kept)."""

    host: str
    port: int
    security: str
    username: str
    sender: str
    reply_to: str
    password_sealed: str = ""


class Mail:
    """SMTP settings per agency and the letters of each run."""

    database: Database

    def smtp_server(self, agency_id: int) -> SmtpServer | None:
        row = self.database.one("SELECT host, port, security, username, sender, reply_to, password_sealed"
                                " FROM agency_smtp WHERE agency_id = ?", (agency_id,))
        return SmtpServer(**dict(row)) if row else None

    def save_smtp_server(self, agency_id: int, server: SmtpServer, user_id: int) -> None:
        """Keep ``server`` for the agency, replacing what was there."""
        with self.database.transaction():
            self.database.execute("DELETE FROM agency_smtp WHERE agency_id = ?", (agency_id,))
            self.database.execute(
                "INSERT INTO agency_smtp (agency_id, host, port, security, username, sender, reply_to, password_sealed,"
                " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (agency_id, server.host, server.port, server.security, server.username, server.sender,
                 server.reply_to, server.password_sealed, user_id, now()))

    def add_run_letters(self, agency_id: int, document_id: int, letters: dict) -> None:
        """The letters of an apology run (inside the caller's transaction, with the run)."""
        self.database.execute("INSERT INTO apology_mail (document_id, agency_id, letters) VALUES (?, ?, ?)",
                              (document_id, agency_id, json.dumps(letters, ensure_ascii=False)))

    def run_letters(self, agency_id: int, document_id: int) -> dict | None:
        """The letters of a run of ``agency_id`` (None: another agency's, or a run kept before e-mail)."""
        row = self.database.one("SELECT letters FROM apology_mail WHERE document_id = ? AND agency_id = ?",
                                (document_id, agency_id))
        return json.loads(row["letters"]) if row else None
