"""The office tables (in the number register's database), their version and the upgrade of an
older database; the key that signs session cookies."""

import sys

from minutes_gen.mail.sending import SCHEMA as SENT_LOG_SCHEMA
from minutes_gen.register.schema import BOOK_INDEXES
from minutes_gen.storage.database import Database, Wording

SCHEMA_VERSION = 5  # 2: agencies' own templates; 3: a password the user must change; 4: draft → signed → issued;
# 5: from the server: digital signatures (agency_seals, signed_pdfs), e-mail (agency_smtp, apology_mail,
# sent_letters), apology runs prepared then issued by the văn thư (apology_sources), inspection cases
# (cases, case_records, case_documents: the case page and its follow-up); busy offices (indexes for the
# paged history and sổ)
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
# --- version 5: digital signatures from the server (store/keys.py) ---------------------------
# An agency's seal key: a PKCS#12 (sealed) or a PKCS#11 token (module, token, key labels), its
# password or PIN sealed (storage/sealed.py), its seal image; an issued document's signed PDF.
SIGNING_TABLES = """
CREATE TABLE IF NOT EXISTS agency_seals (
    agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
    p12 TEXT,
    module TEXT,
    token TEXT,
    key_label TEXT,
    secret TEXT NOT NULL,
    image {blob} NOT NULL,
    subject TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    set_by INTEGER NOT NULL REFERENCES users (id),
    set_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signed_pdfs (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    pdf {blob} NOT NULL,
    sha256 TEXT NOT NULL,
    person_by INTEGER REFERENCES users (id),
    person_at TEXT,
    agency_by INTEGER REFERENCES users (id),
    agency_at TEXT
)
"""
# --- version 5: e-mail from the server -------------------------------------------------------
# An agency's SMTP server (its password only sealed: storage/sealed), the letters of each apology
# run as the e-mail needs them (JSON, office/mailing), and the command line's sending log.
MAIL_SCHEMA = """
CREATE TABLE IF NOT EXISTS agency_smtp (
    agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    security TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    sender TEXT NOT NULL,
    reply_to TEXT NOT NULL DEFAULT '',
    password_sealed TEXT NOT NULL DEFAULT '',
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS apology_mail (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    letters TEXT NOT NULL
)
"""
# --- version 5: apology runs prepared, then issued by the văn thư: what a run is made from, kept to
# make its letters again with their numbers; one run per agency, signer's profile and day.
RUN_TABLES = """
CREATE TABLE IF NOT EXISTS apology_sources (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    profile_label TEXT NOT NULL,
    profile TEXT NOT NULL,
    as_of TEXT NOT NULL,
    register_kind TEXT NOT NULL,
    register {blob} NOT NULL,
    register_sha256 TEXT NOT NULL,
    UNIQUE (agency_id, profile_label, as_of)
)
"""
# --- version 5: inspection cases: a case's YAML, the follow-up the cán bộ or văn thư record on its
# page (a report received, an item closed), and the documents of its chain drafted from it.
CASE_TABLES = """
CREATE TABLE IF NOT EXISTS cases (
    id {id},
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    input_yaml TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_records (
    id {id},
    case_id INTEGER NOT NULL REFERENCES cases (id),
    unit_index INTEGER NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    day TEXT NOT NULL,
    items TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_documents (
    id {id},
    case_id INTEGER NOT NULL REFERENCES cases (id),
    document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id),
    kind TEXT NOT NULL,
    unit_index INTEGER,
    as_of TEXT NOT NULL
)
"""
# --- version 5: busy offices. The history and the sổ are paged, filtered and searched in the
# database: these indexes keep every page fast with 100,000 documents (benchmarks/bench_office.py).
# A fresh database gets them here and, for the register's table, from register.schema; an older
# one on upgrade (``create(SCHEMA)`` runs again, then ``BOOK_INDEXES`` once the register exists).
PAGING_INDEXES = """
CREATE INDEX IF NOT EXISTS documents_newest ON documents (agency_id, id);
CREATE INDEX IF NOT EXISTS documents_of_kind ON documents (agency_id, kind, id);
CREATE INDEX IF NOT EXISTS documents_listed ON documents (agency_id, doc_date, kind, unit, number, created_at);
CREATE INDEX IF NOT EXISTS documents_by_number ON documents (number_id)
"""
# An older database gains these tables and indexes on upgrade (CREATE … IF NOT EXISTS).
SCHEMA = ";".join((SCHEMA.rstrip(), SIGNING_TABLES, MAIL_SCHEMA, SENT_LOG_SCHEMA, RUN_TABLES, CASE_TABLES,
                   PAGING_INDEXES))
# What an older database gains on upgrade beyond the tables SCHEMA creates, by version: columns
# (added unless there already), then statements. Documents without a number were left to be
# numbered by hand: they are drafts now, which the văn thư numbers once signed (apology runs carry
# their letters' numbers: they stay issued).
UPGRADE_COLUMNS = {3: [("users", "must_change_password INTEGER NOT NULL DEFAULT 0")],
                   4: [("documents", column) for column in DOCUMENT_COLUMNS]}
UPGRADES = {4: ["UPDATE documents SET status = 'draft' WHERE number_id IS NULL AND kind IN ('minutes', 'notice')"],
            5: BOOK_INDEXES}


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
            self._search_indexes()
        return found

    def _search_indexes(self) -> None:
        """The trigram indexes of the history's and the sổ's searches (PostgreSQL; see
        ``Database.search_indexes``), said when PostgreSQL refuses them."""
        from minutes_gen.office.store.documents import SEARCHED
        from minutes_gen.register.schema import SEARCHED as BOOK_SEARCHED

        made = self.database.search_indexes("documents", SEARCHED)
        if self.database.has_table("issued"):
            made = self.database.search_indexes("issued", BOOK_SEARCHED) and made
        if not made:
            print("Lưu ý: PostgreSQL không cho thêm phần mở rộng pg_trgm (cần gói postgresql-contrib và quyền "
                  "CREATE trên cơ sở dữ liệu): ô tìm của lịch sử và sổ văn bản vẫn dùng được nhưng chậm hơn khi có "
                  "nhiều văn bản.", file=sys.stderr)

    def secret(self, make) -> str:
        """The key that signs session cookies, made once and shared by every server process."""
        with self.database.transaction(exclusive=("office_meta",)):
            row = self.database.one("SELECT value FROM office_meta WHERE key = 'secret'")
            if row is None:
                value = make()
                self.database.execute("INSERT INTO office_meta (key, value) VALUES ('secret', ?)", (value,))
                return value
            return row["value"]
