"""What the office server keeps, in the number register's database (SQLite or PostgreSQL): agencies, profiles,
accounts, sessions, failed logins, every document issued and the audit log — one ``OfficeStore``.

Every read that returns an agency's data takes the agency as an argument: a page can never
fetch another agency's document by its id alone.
"""

from minutes_gen.office.store.agencies import Agencies
from minutes_gen.office.store.cases import Cases
from minutes_gen.office.store.documents import Documents
from minutes_gen.office.store.keys import Keys
from minutes_gen.office.store.mail import Mail, SmtpServer
from minutes_gen.office.store.rows import (ADMIN, CLERK, DRAFT, ISSUED, ROLES, SECRETARY, SIGNED, SIGNER, STATUSES, Agency,
                                          BookDetails, NewDocument, Profile, StoredDocument, User)
from minutes_gen.office.store.runs import Runs, RunSource
from minutes_gen.office.store.schema import SCHEMA_VERSION, WORDING, Schema
from minutes_gen.office.store.users import Users
from minutes_gen.storage.database import Database, open_database


class OfficeStore(Schema, Agencies, Users, Documents, Runs, Keys, Mail, Cases):
    """The office server's data over one database connection (one per thread of the server)."""

    def __init__(self, database: Database):
        self.database = database

    @classmethod
    def open(cls, where: str) -> "OfficeStore":
        return cls(open_database(where, wording=WORDING))

    def close(self) -> None:
        self.database.close()


__all__ = ["OfficeStore", "SCHEMA_VERSION", "ADMIN", "CLERK", "SECRETARY", "SIGNER", "ROLES", "DRAFT", "SIGNED", "ISSUED",
           "STATUSES", "Agency", "BookDetails", "NewDocument", "Profile", "RunSource", "SmtpServer", "StoredDocument",
           "User"]
