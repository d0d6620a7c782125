"""The office tables (in the number register's database), their version and the upgrade of an
older database; the key that signs session cookies."""

from minutes_gen.register.schema import BOOK_INDEXES
from minutes_gen.storage.database import Database, Wording

SCHEMA_VERSION = 5  # 2: agencies' own templates; 3: a password the user must change; 4: draft → signed → issued;
# 5: busy offices (indexes for the paged history and sổ)
WORDING = Wording("cơ sở dữ liệu của máy chủ văn phòng", "Lỗi cơ sở dữ liệu của máy chủ văn phòng")

SCHEMA = """
CREATE TABLE IF NOT EXISTS office_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agencies (
    id {id},
    name TEXT NOT NULL,
    abbreviation TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agency_profiles (
    id {id},
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    label TEXT NOT NULL,
    profile TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (agency_id, label)
);
CREATE TABLE IF NOT EXISTS users (
    id {id},
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id INTEGER REFERENCES agencies (id),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at DOUBLE PRECISION NOT NULL,
    seen_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    id {id},
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS login_failures_by_name ON login_failures (username, at);
CREATE TABLE IF NOT EXISTS documents (
    id {id},
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    unit TEXT NOT NULL,
    number TEXT NOT NULL,
    number_id INTEGER,
    doc_date TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content {blob} NOT NULL,
    pdf {blob},
    input_yaml TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    {document_columns}
);
CREATE INDEX IF NOT EXISTS documents_by_agency ON documents (agency_id, created_at);
CREATE TABLE IF NOT EXISTS agency_templates (
    id {id},
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content {blob} NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by INTEGER NOT NULL REFERENCES users (id),
    uploaded_at TEXT NOT NULL,
    UNIQUE (agency_id, kind)
);
CREATE TABLE IF NOT EXISTS audit (
    id {id},
    at TEXT NOT NULL,
    user_id INTEGER,
    agency_id INTEGER,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    address TEXT NOT NULL
)
"""
# Version 4: where a document is in its way (draft, signed, issued: ``rows.DRAFT`` …), who noted
# its signature and when, and what the sổ đăng ký văn bản đi says of it beyond its number.
DOCUMENT_COLUMNS = ["status TEXT NOT NULL DEFAULT 'issued'", "signed_by INTEGER", "signed_at TEXT",
                    "recipients TEXT NOT NULL DEFAULT ''", "archive TEXT NOT NULL DEFAULT ''",
                    "copies TEXT NOT NULL DEFAULT ''", "note TEXT NOT NULL DEFAULT ''"]
SCHEMA = SCHEMA.replace("{document_columns}", ",\n    ".join(DOCUMENT_COLUMNS))
# What an older database gains on upgrade beyond the tables SCHEMA creates, by version: columns
# (added unless there already), then statements. Documents without a number were left to be
# numbered by hand: they are drafts now, which the văn thư numbers once signed (apology runs carry
# their letters' numbers: they stay issued).
UPGRADE_COLUMNS = {3: [("users", "must_change_password INTEGER NOT NULL DEFAULT 0")],
                   4: [("documents", column) for column in DOCUMENT_COLUMNS]}
UPGRADES = {4: ["UPDATE documents SET status = 'draft' WHERE number_id IS NULL AND kind IN ('minutes', 'notice')"]}

# --- Version 5: busy offices. The history and the sổ are paged, filtered and searched in the
# database: these indexes keep every page fast with 100,000 documents (benchmarks/bench_office.py).
# A fresh database gets them here and, for the register's table, from register.schema; an older
# one on upgrade (``create(SCHEMA)`` runs again, then ``BOOK_INDEXES`` once the register exists).
PAGING_INDEXES = """
CREATE INDEX IF NOT EXISTS documents_newest ON documents (agency_id, id);
CREATE INDEX IF NOT EXISTS documents_of_kind ON documents (agency_id, kind, id);
CREATE INDEX IF NOT EXISTS documents_listed ON documents (agency_id, doc_date, kind, unit, number, created_at);
CREATE INDEX IF NOT EXISTS documents_by_number ON documents (number_id)
"""
SCHEMA += ";" + PAGING_INDEXES
UPGRADES[5] = BOOK_INDEXES


class Schema:
    """Creating and upgrading the tables, and the server's own settings (``office_meta``)."""

    database: Database

    def schema_version(self) -> int:
        if not self.database.has_table("office_meta"):
            return 0
        row = self.database.one("SELECT value FROM office_meta WHERE key = 'schema_version'")
        return int(row["value"]) if row else 0

    def migrate(self) -> int:
        """Create or upgrade the tables to ``SCHEMA_VERSION``; return the version found before."""
        found = self.schema_version()
        if found < SCHEMA_VERSION:
            self.database.create(SCHEMA)
            with self.database.transaction():
                for version in range(found + 1, SCHEMA_VERSION + 1) if found else ():
                    for table, column in UPGRADE_COLUMNS.get(version, ()):
                        if column.split()[0] not in self.database.columns(table):
                            self.database.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
                    for statement in UPGRADES.get(version, ()):
                        if " ON issued " not in statement or self.database.has_table("issued"):
                            self.database.execute(statement)
                self.database.execute("DELETE FROM office_meta WHERE key = 'schema_version'")
                self.database.execute("INSERT INTO office_meta (key, value) VALUES ('schema_version', ?)",
                                      (str(SCHEMA_VERSION),))
        return found

    def secret(self, make) -> str:
        """The key that signs session cookies, made once and shared by every server process."""
        with self.database.transaction(exclusive=("office_meta",)):
            row = self.database.one("SELECT value FROM office_meta WHERE key = 'secret'")
            if row is None:
                value = make()
                self.database.execute("INSERT INTO office_meta (key, value) VALUES ('secret', ?)", (value,))
                return value
            return row["value"]
