"""What the office server keeps, in the same database as the number register (SQLite or
PostgreSQL): agencies and their profiles, accounts, sessions, failed logins, every document
issued (file, input data, number, who, when, SHA-256) and the audit log.

Every read that returns an agency's data takes the agency as an argument: a page can never
fetch another agency's document by its id alone.
"""

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from minutes_gen.storage.database import Database, Wording, open_database

SCHEMA_VERSION = 3  # 2: agencies' own templates; 3: a password the user must change
WORDING = Wording("cơ sở dữ liệu của máy chủ văn phòng", "Lỗi cơ sở dữ liệu của máy chủ văn phòng")

ADMIN, CLERK, SECRETARY = "quan-tri", "van-thu", "can-bo"
ROLES = {ADMIN: "Quản trị", CLERK: "Văn thư", SECRETARY: "Thư ký đoàn / cán bộ lập văn bản"}

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
    created_at TEXT NOT NULL
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
# What an older database gains on upgrade beyond the tables SCHEMA creates: {version: statements}.
UPGRADES = {3: ["ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0"]}


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


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def token_hash(token: str) -> str:
    """Sessions are kept by the SHA-256 of their token: a copy of the database opens no session."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


class OfficeStore:
    """The office server's data over one database connection (one per thread of the server)."""

    def __init__(self, database: Database):
        self.database = database

    @classmethod
    def open(cls, where: str) -> "OfficeStore":
        return cls(open_database(where, wording=WORDING))

    def close(self) -> None:
        self.database.close()

    # --- schema -------------------------------------------------------------------------
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
                    for statement in UPGRADES.get(version, ()):
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

    # --- agencies and their profiles ----------------------------------------------------
    def add_agency(self, name: str, abbreviation: str) -> int:
        return self.database.insert("INSERT INTO agencies (name, abbreviation, created_at) VALUES (?, ?, ?)",
                                    (name, abbreviation, _now()))

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
                                 (agency_id, label, text, _now()))

    def profiles(self, agency_id: int | None = None) -> list[Profile]:
        """The profiles of one agency (or of all), by label."""
        rows = (self.database.all("SELECT * FROM agency_profiles WHERE agency_id = ? ORDER BY label", (agency_id,))
                if agency_id is not None else self.database.all("SELECT * FROM agency_profiles ORDER BY agency_id, label"))
        return [Profile(r["id"], r["agency_id"], r["label"], r["profile"]) for r in rows]

    def profile(self, agency_id: int, profile_id: int) -> Profile | None:
        """A profile of ``agency_id`` (None when it belongs to another agency or does not exist)."""
        row = self.database.one("SELECT * FROM agency_profiles WHERE id = ? AND agency_id = ?", (profile_id, agency_id))
        return Profile(row["id"], row["agency_id"], row["label"], row["profile"]) if row else None

    # --- users --------------------------------------------------------------------------
    def add_user(self, username: str, full_name: str, role: str, agency_id: int | None, password_hash: str) -> int:
        return self.database.insert(
            "INSERT INTO users (username, full_name, role, agency_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (username, full_name, role, agency_id, password_hash, _now()))

    def set_password(self, user_id: int, password_hash: str, keep_token: str = "", must_change: bool = False) -> None:
        """A new password; every other session of the user ends (``keep_token``: the one in use).
        ``must_change``: a temporary one, to be changed at the next login."""
        with self.database.transaction():
            self.database.execute("UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?",
                                  (password_hash, int(must_change), user_id))
            self.database.execute("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
                                  (user_id, token_hash(keep_token) if keep_token else ""))

    def set_active(self, user_id: int, active: bool) -> None:
        with self.database.transaction():
            self.database.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
            if not active:
                self.database.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    def users(self) -> list[User]:
        return [_user(r) for r in self.database.all("SELECT * FROM users ORDER BY username")]

    def user(self, user_id: int) -> User | None:
        row = self.database.one("SELECT * FROM users WHERE id = ?", (user_id,))
        return _user(row) if row else None

    def credentials(self, username: str) -> tuple[User, str] | None:
        row = self.database.one("SELECT * FROM users WHERE username = ?", (username,))
        return (_user(row), row["password_hash"]) if row else None

    def count_admins(self) -> int:
        return self.database.one("SELECT COUNT(*) AS n FROM users WHERE role = ? AND active = 1", (ADMIN,))["n"]

    # --- sessions and failed logins -----------------------------------------------------
    def open_session(self, token: str, user_id: int) -> None:
        now = time.time()
        self.database.execute("INSERT INTO sessions (token_hash, user_id, created_at, seen_at) VALUES (?, ?, ?, ?)",
                              (token_hash(token), user_id, now, now))

    def session_user(self, token: str, idle_seconds: float, longest_seconds: float) -> User | None:
        """The user of a live session (and its last use noted); an expired session is removed."""
        key, now = token_hash(token), time.time()
        row = self.database.one("SELECT * FROM sessions WHERE token_hash = ?", (key,))
        if row is None:
            return None
        if now - row["seen_at"] > idle_seconds or now - row["created_at"] > longest_seconds:
            self.close_session(token)
            return None
        user = self.user(row["user_id"])
        if user is None or not user.active:
            return None
        if now - row["seen_at"] > 60:  # one write a minute at most per session
            self.database.execute("UPDATE sessions SET seen_at = ? WHERE token_hash = ?", (now, key))
        return user

    def close_session(self, token: str) -> None:
        self.database.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))

    def claim_attempt(self, username: str, address: str, windows: tuple[float, float],
                      wait_for: Callable[[int, float, int, float], float]) -> float:
        """Weigh one login attempt and count it, in one transaction no other writer of
        login_failures can interleave with: ``wait_for(failures of the name, time of its last,
        failures from the address, now)`` says how long it must still wait; if 0, the attempt is
        counted as a failure before its password is checked (a right password then forgets the
        name's failures), so concurrent attempts never get more checks than allowed.
        ``windows``: (how long failures of a name count, of an address)."""
        now = time.time()
        with self.database.transaction(exclusive=("login_failures",)):
            self.database.execute("DELETE FROM login_failures WHERE at < ?", (now - max(windows),))
            name = self.database.one("SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures"
                                     " WHERE username = ? AND at >= ?", (username, now - windows[0]))
            by_address = self.database.one("SELECT COUNT(*) AS n FROM login_failures WHERE address = ? AND at >= ?",
                                           (address, now - windows[1]))["n"]
            wait = wait_for(name["n"], name["last"] or 0.0, by_address, now)
            if wait <= 0:
                self.database.execute("INSERT INTO login_failures (username, address, at) VALUES (?, ?, ?)",
                                      (username, address, now))
            return wait

    def forget_failures(self, username: str) -> None:
        self.database.execute("DELETE FROM login_failures WHERE username = ?", (username,))

    # --- documents ----------------------------------------------------------------------
    def add_document(self, agency_id: int, kind: str, unit: str, number: str, number_id: int | None, doc_date: str,
                     file_name: str, content: bytes, input_yaml: str, user_id: int, pdf: bytes | None = None) -> int:
        return self.database.insert(
            "INSERT INTO documents (agency_id, kind, unit, number, number_id, doc_date, file_name, content, pdf,"
            " input_yaml, sha256, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (agency_id, kind, unit, number, number_id, doc_date, file_name, content, pdf, input_yaml,
             hashlib.sha256(content).hexdigest(), user_id, _now()))

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

    # --- the agencies' own templates -------------------------------------------------------
    def set_template(self, agency_id: int, kind: str, file_name: str, content: bytes, user_id: int) -> None:
        """Keep an agency's template for ``kind`` (checked before: ``templates check``), replacing the old one."""
        with self.database.transaction():
            self.database.execute("DELETE FROM agency_templates WHERE agency_id = ? AND kind = ?", (agency_id, kind))
            self.database.insert(
                "INSERT INTO agency_templates (agency_id, kind, file_name, content, sha256, uploaded_by, uploaded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (agency_id, kind, file_name, content, hashlib.sha256(content).hexdigest(), user_id, _now()))

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

    # --- audit --------------------------------------------------------------------------
    def audit(self, action: str, detail: str, user: User | None, address: str, agency_id: int | None = None) -> None:
        self.database.execute(
            "INSERT INTO audit (at, user_id, agency_id, action, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
            (_now(), user.id if user else None, agency_id if agency_id is not None else (user.agency_id if user else None),
             action, detail, address))

    def audit_log(self, limit: int = 200) -> list[dict]:
        return [dict(row) for row in self.database.all(
            "SELECT a.at, a.action, a.detail, a.address, COALESCE(u.username, '') AS username FROM audit a"
            " LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?", (limit,))]


def _user(row) -> User:
    return User(row["id"], row["username"], row["full_name"], row["role"], row["agency_id"], bool(row["active"]),
                bool(row["must_change_password"]))
