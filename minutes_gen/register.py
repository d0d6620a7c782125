"""Outgoing-document numbers (ND30 Điều 15): issued in order from 01 each year, never twice.

Numbers live in a register behind a small interface (``NumberRegister``); the one here is an
embedded SQLite database (WAL mode, one ``BEGIN IMMEDIATE`` transaction per allocation, so
parallel processes never take the same number and a killed process leaves no half record).
A series is one issuing body's year — or, when the database is set up ``per-type``, one
document type's year within it — and belongs to an *owner*: on the office server the agency
(its id), whatever the data's text says, so two agencies never share a series; ``0`` on a
register of the command line alone. Voided numbers stay in the register and are never reused.
"""

import abc
import datetime as dt
import os
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.storage.database import Database, Wording, is_url, open_database
from minutes_gen.vn.numbers import document_number, grouped

DB_ENV = "MINUTES_GEN_DB"
MAX_NUMBER = 99_999          # a year's numbers stay within five digits
MAX_JUMP = 1_000             # a number given by hand may run ahead of the next free one by this much
DEFAULT_DB_NAME = "minutes-gen.db"
SERIES_MODES = ("body", "type")
STATUS_ISSUED, STATUS_VOID = "issued", "void"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issued (
    id {id},
    owner INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    symbol TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_key TEXT NOT NULL,
    doc_date TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    output_file TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',
    issued_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'issued',
    void_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (owner, body, series, year, number)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_live_number_per_owner_record
    ON issued (owner, body, year, kind, record_key) WHERE status = 'issued'
"""


@dataclass(frozen=True)
class NumberRequest:
    """A document that needs a number: who issues it, what it is, and for which record."""

    body: str            # issuing body's abbreviation (ĐKT)
    type_code: str       # BB, TB, PXL
    kind: str            # minutes, notice, apology
    record_key: str      # unit name, dossier code
    doc_date: dt.date
    summary: str = ""
    signer: str = ""


@dataclass(frozen=True)
class IssuedNumber:
    """A number in the register."""

    id: int
    number: int
    symbol: str
    year: int
    kind: str
    record_key: str
    doc_date: str
    summary: str
    signer: str
    output_file: str
    sha256: str
    issued_at: str
    status: str
    void_reason: str
    owner: int = 0

    @property
    def text(self) -> str:
        """``07/BB-ĐKT``."""
        return f"{document_number(self.number)}/{self.symbol}"


class NumberRegister(abc.ABC):
    """What callers need from a register; a shared server database can implement it later."""

    @abc.abstractmethod
    def allocate(self, requests: list[NumberRequest], renumber: bool = False) -> list[IssuedNumber]:
        """Return a number for every request, in one transaction (a record keeps its number)."""

    @abc.abstractmethod
    def record_given(self, request: NumberRequest, number: int, renumber: bool = False) -> IssuedNumber:
        """Record a number chosen by hand; refuse one already issued in its series and year."""

    @abc.abstractmethod
    def attach(self, issued: IssuedNumber, output_file: str, sha256: str) -> None:
        """Note which file carries the number."""

    @abc.abstractmethod
    def void(self, number: int, symbol: str, year: int, reason: str) -> IssuedNumber:
        """Void a number (it is never reused)."""

    @abc.abstractmethod
    def entries(self, year: int | None = None, kind: str | None = None) -> list[IssuedNumber]:
        """Every number, in issue order."""


def symbol_of(request: NumberRequest) -> str:
    """``BB-ĐKT``: type abbreviation, dash, issuer abbreviation (upper case)."""
    return f"{request.type_code}-{request.body}".upper()


DB_RULE = ("--db (một tệp, hoặc postgresql://… của máy chủ chung), nếu không có thì biến môi trường "
           "MINUTES_GEN_DB, nếu không có nữa thì minutes-gen.db trong thư mục đang đứng")


def register_path(db: Path | str | None = None) -> Path | str:
    """Where the register is, by one rule for every command: ``--db``, else ``$MINUTES_GEN_DB``,
    else ``minutes-gen.db`` in the current folder (as an absolute path); a database URL
    (``postgresql://…``, ``sqlite:///…``) is kept as it is."""
    chosen = db or os.environ.get(DB_ENV) or DEFAULT_DB_NAME
    if is_url(str(chosen)):
        return str(chosen)
    return Path(chosen).expanduser().absolute()


DAMAGED = ("tệp sổ số văn bản bị hỏng; không cấp số từ sổ này. Hãy chép tệp sang chỗ khác để lưu, dựng lại sổ "
           "từ bản xuất gần nhất (minutes-gen register export) hoặc bản sao lưu, rồi chạy lại")
WORDING = Wording("sổ số văn bản", "Lỗi sổ đăng ký văn bản đi", DAMAGED)


class SqlRegister(NumberRegister):
    """The register in a database: a SQLite file, or a PostgreSQL server shared by several
    machines (``storage.database``). Every change is one exclusive transaction; every read and
    write stays inside the series of ``owner`` (the office server's agency id, else 0)."""

    def __init__(self, database: Database, series_mode: str | None = None, check_integrity: bool = True,
                 owner: int = 0):
        """``check_integrity``: read the whole SQLite file once before issuing anything (the command
        line, once per run); the office server, which opens the register on every request of a
        database holding every document, checks at ``office init`` instead."""
        self.database, self.path, self.owner = database, database.label, owner
        if database.kind == "sqlite" and check_integrity:
            self._check_integrity()
        if not database.has_table("issued"):  # an existing register is opened without a write lock
            database.create(SCHEMA)
        elif "owner" not in database.columns("issued"):
            upgrade_schema(database)
        self.series_mode = self._series_mode(series_mode)

    @property
    def connection(self):
        """The driver's connection (tests reach the SQLite file under the register)."""
        return self.database.connection

    def _check_integrity(self) -> None:
        """Refuse a damaged file before it issues anything (``PRAGMA quick_check``)."""
        try:
            found = [row[0] for row in self.connection.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.Error as exc:
            raise self.database.problem(exc) from None
        if found != ["ok"]:
            raise InputError([Problem(str(self.path), DAMAGED)], headline=WORDING.headline)

    def close(self) -> None:
        self.database.close()

    def _series_mode(self, wanted: str | None) -> str:
        row = self.database.one("SELECT value FROM meta WHERE key = 'series_mode'")
        if row is None:
            mode = wanted or "body"
            self.database.execute("INSERT INTO meta (key, value) VALUES ('series_mode', ?) ON CONFLICT DO NOTHING",
                                  (mode,))
            return self.database.one("SELECT value FROM meta WHERE key = 'series_mode'")["value"]
        if wanted and wanted != row["value"]:
            raise InputError([Problem(str(self.path), f"sổ này đánh số theo «{row['value']}», không thể đổi sang «{wanted}»")])
        return row["value"]

    def _series(self, request: NumberRequest) -> str:
        return request.type_code.upper() if self.series_mode == "type" else ""

    def _transaction(self, work):
        with self.database.transaction(exclusive=("issued",)):
            return work()

    def _one(self, condition: str, arguments: tuple = ()):
        """The first entry of this owner meeting ``condition``."""
        return self.database.one(f"SELECT * FROM issued WHERE owner = ? AND {condition}", (self.owner, *arguments))

    def _live(self, request: NumberRequest):
        return self._one("body = ? AND year = ? AND kind = ? AND record_key = ? AND status = ?",
                         (request.body.upper(), request.doc_date.year, request.kind, request.record_key, STATUS_ISSUED))

    def _void_row(self, row_id: int, reason: str) -> None:
        self.database.execute("UPDATE issued SET status = ?, void_reason = ? WHERE id = ? AND owner = ?",
                              (STATUS_VOID, reason, row_id, self.owner))

    def _insert(self, request: NumberRequest, number: int) -> IssuedNumber:
        row_id = self.database.insert(
            "INSERT INTO issued (owner, body, series, year, number, symbol, kind, record_key, doc_date, summary, signer,"
            " issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.owner, request.body.upper(), self._series(request), request.doc_date.year, number,
             symbol_of(request), request.kind, request.record_key, request.doc_date.isoformat(), request.summary,
             request.signer, dt.datetime.now().isoformat(timespec="seconds")))
        return self._get(row_id)

    def _get(self, row_id: int) -> IssuedNumber:
        return _issued(self._one("id = ?", (row_id,)))

    def _next_number(self, request: NumberRequest) -> int:
        row = self.database.one(
            "SELECT MAX(number) AS top FROM issued WHERE owner = ? AND body = ? AND series = ? AND year = ?",
            (self.owner, request.body.upper(), self._series(request), request.doc_date.year))
        following = (row["top"] or 0) + 1
        if following > MAX_NUMBER:
            raise InputError([Problem(str(self.path), f"đã hết số của năm {request.doc_date.year} "
                                                     f"(tối đa {grouped(MAX_NUMBER)})")])
        return following

    def allocate(self, requests: list[NumberRequest], renumber: bool = False) -> list[IssuedNumber]:
        def work():
            issued = []
            for request in requests:
                live = self._live(request)
                if live is not None and not renumber:
                    issued.append(_issued(live))
                    continue
                if live is not None:
                    self._void_row(live["id"], "đánh số lại")
                issued.append(self._insert(request, self._next_number(request)))
            return issued

        return self._transaction(work)

    def record_given(self, request: NumberRequest, number: int, renumber: bool = False) -> IssuedNumber:
        if not 1 <= number <= MAX_NUMBER:
            raise InputError([Problem("--number", f"số văn bản phải từ 1 đến {grouped(MAX_NUMBER)}")])

        def work():
            following = self._next_number(request)
            if number > following + MAX_JUMP and not renumber:
                raise InputError([Problem("--number", f"số {number} vượt xa số kế tiếp của sổ ({document_number(following)}); "
                                                      "có gõ nhầm không? Nếu đúng là số này, thêm --renumber")])
            live = self._live(request)
            if live is not None and live["number"] == number:
                return _issued(live)
            taken = self._one("body = ? AND series = ? AND year = ? AND number = ?",
                              (request.body.upper(), self._series(request), request.doc_date.year, number))
            if taken is not None:
                state = "đã hủy" if taken["status"] == STATUS_VOID else f"đã cấp cho «{taken['record_key']}»"
                raise InputError([Problem(str(self.path), f"số {document_number(number)}/{taken['symbol']} năm "
                                                         f"{request.doc_date.year} {state}; không dùng lại được")])
            if live is not None and not renumber:
                raise InputError([Problem(str(self.path), f"«{request.record_key}» đã có số {_issued(live).text}; "
                                                         "dùng --renumber để cấp số khác")])
            if live is not None:
                self._void_row(live["id"], "đánh số lại")
            return self._insert(request, number)

        return self._transaction(work)

    def attach(self, issued: IssuedNumber, output_file: str, sha256: str) -> None:
        self._transaction(lambda: self.database.execute(
            "UPDATE issued SET output_file = ?, sha256 = ? WHERE id = ? AND owner = ?",
            (output_file, sha256, issued.id, self.owner)))

    def relink(self, old_prefix: str, new_prefix: str) -> int:
        """Entries whose file starts with ``old_prefix`` now name ``new_prefix`` instead (a run's
        letters made in a temporary folder, kept by the office server as one document)."""
        def work():
            rows = self.database.all("SELECT id, output_file FROM issued WHERE owner = ? AND substr(output_file, 1, ?) = ?",
                                     (self.owner, len(old_prefix), old_prefix))
            for row in rows:
                self.database.execute("UPDATE issued SET output_file = ? WHERE id = ?",
                                      (new_prefix + row["output_file"][len(old_prefix):], row["id"]))
            return len(rows)

        return self._transaction(work)

    def _why_not_voidable(self, number: int, symbol: str, year: int) -> str:
        text = f"{document_number(number)}/{symbol.upper()}"
        voided = self._one("number = ? AND symbol = ? AND year = ? AND status = ?",
                           (number, symbol.upper(), year, STATUS_VOID))
        if voided is not None:
            return f"số {text} năm {year} đã bị hủy trước đó (lý do: {voided['void_reason']}); không cần hủy lại"
        return f"số {text} chưa từng được cấp trong năm {year} (đã tìm trong sổ này)"

    def void(self, number: int, symbol: str, year: int, reason: str) -> IssuedNumber:
        def work():
            row = self._one("number = ? AND symbol = ? AND year = ? AND status = ?",
                            (number, symbol.upper(), year, STATUS_ISSUED))
            if row is None:
                raise InputError([Problem(str(self.path), self._why_not_voidable(number, symbol, year))])
            self._void_row(row["id"], reason)
            return self._get(row["id"])

        return self._transaction(work)

    def void_entry(self, entry_id: int, reason: str) -> IssuedNumber:
        """Void the entry ``entry_id`` of this owner (``InputError`` when it is not one, or is void already)."""
        def work():
            row = self._one("id = ?", (entry_id,))
            if row is None:
                raise InputError([Problem(str(self.path), "không có số này trong sổ của cơ quan")])
            if row["status"] != STATUS_ISSUED:
                raise InputError([Problem(str(self.path), self._why_not_voidable(row["number"], row["symbol"],
                                                                                 row["year"]))])
            self._void_row(row["id"], reason)
            return self._get(row["id"])

        return self._transaction(work)

    def entries(self, year: int | None = None, kind: str | None = None, body: str | None = None) -> list[IssuedNumber]:
        query, arguments = "SELECT * FROM issued WHERE owner = ?", [self.owner]
        for column, value in (("year", year), ("kind", kind), ("body", body.upper() if body else None)):
            if value is not None:
                query, arguments = query + f" AND {column} = ?", arguments + [value]
        return [_issued(row) for row in self.database.all(query + " ORDER BY year, body, series, number", arguments)]


def upgrade_schema(database: Database) -> None:
    """Give a register of version 1 (series by issuing body alone) an owner column: numbers the
    office server issued go to the agency of their document, or of the agency whose abbreviation
    is their issuing body; the rest to 0 (the command line's)."""
    with database.transaction(exclusive=("issued",)):
        if "owner" in database.columns("issued"):  # another process upgraded it meanwhile
            return
        columns = database.columns("issued")
        if database.kind == "sqlite":
            database.execute("DROP INDEX IF EXISTS one_live_number_per_record")
            database.execute("ALTER TABLE issued RENAME TO issued_v1")
            database.create(SCHEMA)
            listed = ", ".join(columns)
            database.execute(f"INSERT INTO issued ({listed}) SELECT {listed} FROM issued_v1")
            database.execute("DROP TABLE issued_v1")
        else:
            database.execute("ALTER TABLE issued ADD COLUMN owner INTEGER NOT NULL DEFAULT 0")
            database.execute("ALTER TABLE issued DROP CONSTRAINT IF EXISTS issued_body_series_year_number_key")
            database.execute("DROP INDEX IF EXISTS one_live_number_per_record")
            database.create(SCHEMA)
            database.execute("ALTER TABLE issued ADD CONSTRAINT issued_owner_series_number_key"
                             " UNIQUE (owner, body, series, year, number)")
        if database.has_table("documents"):
            database.execute("UPDATE issued SET owner = (SELECT MIN(d.agency_id) FROM documents d"
                             " WHERE d.number_id = issued.id) WHERE id IN (SELECT number_id FROM documents)")
        if database.has_table("agencies"):
            database.execute("UPDATE issued SET owner = (SELECT a.id FROM agencies a WHERE a.abbreviation = issued.body)"
                             " WHERE owner = 0 AND body IN (SELECT abbreviation FROM agencies)")


class SqliteRegister(SqlRegister):
    """The register in one SQLite file (WAL mode)."""

    def __init__(self, path: Path, series_mode: str | None = None, timeout: float = 15.0):
        database = _open(path, timeout)
        _closed_on_error(database, lambda: super(SqliteRegister, self).__init__(database, series_mode))


def _open(where, timeout: float = 15.0) -> Database:
    return open_database(where, timeout, WORDING)


def _issued(row) -> IssuedNumber:
    return IssuedNumber(**{name: row[name] for name in IssuedNumber.__dataclass_fields__})


OFFICE_AGENCY_OPTION = "--office-agency"


def owner_of(database: Database, office_agency: str | None) -> int:
    """The owner of the series a command draws from: in the office server's database, the agency
    named by its abbreviation (``--office-agency SNV``: required there, so that a number is never
    taken from another agency's series); 0 in a register of the command line alone."""
    agencies = {}
    if database.has_table("agencies"):
        agencies = {row["abbreviation"]: row["id"] for row in database.all("SELECT id, abbreviation FROM agencies")}
    listed = ", ".join(sorted(agencies)) or "chưa có cơ quan nào"
    if office_agency is None:
        if agencies:
            raise InputError([Problem(OFFICE_AGENCY_OPTION, "sổ này thuộc máy chủ văn phòng, mỗi cơ quan một sổ: ghi "
                                                            f"{OFFICE_AGENCY_OPTION} và chữ viết tắt của cơ quan ({listed})")])
        return 0
    wanted = unicodedata.normalize("NFC", office_agency.strip()).upper()
    if wanted not in agencies:
        raise InputError([Problem(OFFICE_AGENCY_OPTION, f"máy chủ văn phòng không có cơ quan viết tắt «{wanted}» "
                                                        f"(có: {listed})")])
    return agencies[wanted]


def open_register(path: Path | str | None, series_mode: str | None = None,
                  office_agency: str | None = None) -> SqlRegister:
    """Open (creating if needed) the register at ``path`` or database URL (see ``register_path``),
    in the series of ``office_agency`` when the database is the office server's (``owner_of``)."""
    database = _open(register_path(path))
    return _closed_on_error(database, lambda: SqlRegister(database, series_mode,
                                                         owner=owner_of(database, office_agency)))


def _closed_on_error(database: Database, work):
    """``work()``, with the connection it was given closed if it fails (a register it opened itself)."""
    try:
        return work()
    except BaseException:
        database.close()
        raise
