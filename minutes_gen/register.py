"""Outgoing-document numbers (ND30 Điều 15): issued in order from 01 each year, never twice.

Numbers live in a register behind a small interface (``NumberRegister``); the one here is an
embedded SQLite database (WAL mode, one ``BEGIN IMMEDIATE`` transaction per allocation, so
parallel processes never take the same number and a killed process leaves no half record).
A series is one issuing body's year — or, when the database is set up ``per-type``, one
document type's year within it. Voided numbers stay in the register and are never reused.
"""

import abc
import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.errors import InputError, Problem
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
    id INTEGER PRIMARY KEY,
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
    UNIQUE (body, series, year, number)
);
CREATE UNIQUE INDEX IF NOT EXISTS one_live_number_per_record
    ON issued (body, year, kind, record_key) WHERE status = 'issued';
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


DB_RULE = "--db, nếu không có thì biến môi trường MINUTES_GEN_DB, nếu không có nữa thì minutes-gen.db trong thư mục đang đứng"


def register_path(db: Path | str | None = None) -> Path:
    """Where the register is, by one rule for every command: ``--db``, else ``$MINUTES_GEN_DB``,
    else ``minutes-gen.db`` in the current folder (as an absolute path)."""
    chosen = db or os.environ.get(DB_ENV) or DEFAULT_DB_NAME
    return Path(chosen).expanduser().absolute()


DAMAGED = ("tệp sổ số văn bản bị hỏng; không cấp số từ sổ này. Hãy chép tệp sang chỗ khác để lưu, dựng lại sổ "
           "từ bản xuất gần nhất (minutes-gen register export) hoặc bản sao lưu, rồi chạy lại")


def _db_problem(path: Path, exc: Exception) -> InputError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        message = "cơ sở dữ liệu số văn bản đang bị chương trình khác khóa; hãy thử lại sau"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        message = DAMAGED
    elif "unable to open" in text:
        message = "không mở được tệp sổ số văn bản (thư mục không có, hoặc không có quyền)"
    elif "readonly" in text or "read-only" in text:
        message = "tệp sổ số văn bản chỉ cho đọc; không cấp số được"
    elif "full" in text:
        message = "ổ đĩa đầy; không ghi được vào sổ số văn bản"
    else:
        message = "không dùng được sổ số văn bản (lỗi của cơ sở dữ liệu SQLite)"
    return InputError([Problem(str(path), message)], headline="Lỗi sổ đăng ký văn bản đi")


class SqliteRegister(NumberRegister):
    """The register in one SQLite file."""

    def __init__(self, path: Path, series_mode: str | None = None, timeout: float = 15.0):
        self.path = Path(path)
        try:
            self.connection = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self.connection.row_factory = sqlite3.Row
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=FULL")
            self.connection.executescript(SCHEMA)
            self._check_integrity()
            self.series_mode = self._series_mode(series_mode)
        except sqlite3.Error as exc:
            raise _db_problem(self.path, exc) from None

    def _check_integrity(self) -> None:
        """Refuse a damaged file before it issues anything (``PRAGMA quick_check``)."""
        found = [row[0] for row in self.connection.execute("PRAGMA quick_check").fetchall()]
        if found != ["ok"]:
            raise InputError([Problem(str(self.path), DAMAGED)], headline="Lỗi sổ đăng ký văn bản đi")

    def close(self) -> None:
        self.connection.close()

    def _series_mode(self, wanted: str | None) -> str:
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'series_mode'").fetchone()
        if row is None:
            mode = wanted or "body"
            self.connection.execute("INSERT OR IGNORE INTO meta VALUES ('series_mode', ?)", (mode,))
            return self.connection.execute("SELECT value FROM meta WHERE key = 'series_mode'").fetchone()[0]
        if wanted and wanted != row[0]:
            raise InputError([Problem(str(self.path), f"sổ này đánh số theo «{row[0]}», không thể đổi sang «{wanted}»")])
        return row[0]

    def _series(self, request: NumberRequest) -> str:
        return request.type_code.upper() if self.series_mode == "type" else ""

    def _transaction(self, work):
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                result = work()
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
            return result
        except sqlite3.Error as exc:
            raise _db_problem(self.path, exc) from None

    def _live(self, request: NumberRequest) -> sqlite3.Row | None:
        return self.connection.execute(
            "SELECT * FROM issued WHERE body = ? AND year = ? AND kind = ? AND record_key = ? AND status = ?",
            (request.body.upper(), request.doc_date.year, request.kind, request.record_key, STATUS_ISSUED)).fetchone()

    def _void_row(self, row_id: int, reason: str) -> None:
        self.connection.execute("UPDATE issued SET status = ?, void_reason = ? WHERE id = ?",
                                (STATUS_VOID, reason, row_id))

    def _insert(self, request: NumberRequest, number: int) -> IssuedNumber:
        cursor = self.connection.execute(
            "INSERT INTO issued (body, series, year, number, symbol, kind, record_key, doc_date, summary, signer,"
            " issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (request.body.upper(), self._series(request), request.doc_date.year, number, symbol_of(request),
             request.kind, request.record_key, request.doc_date.isoformat(), request.summary, request.signer,
             dt.datetime.now().isoformat(timespec="seconds")))
        return self._get(cursor.lastrowid)

    def _get(self, row_id: int) -> IssuedNumber:
        row = self.connection.execute("SELECT * FROM issued WHERE id = ?", (row_id,)).fetchone()
        return _issued(row)

    def _next_number(self, request: NumberRequest) -> int:
        row = self.connection.execute(
            "SELECT MAX(number) FROM issued WHERE body = ? AND series = ? AND year = ?",
            (request.body.upper(), self._series(request), request.doc_date.year)).fetchone()
        following = (row[0] or 0) + 1
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
            taken = self.connection.execute(
                "SELECT * FROM issued WHERE body = ? AND series = ? AND year = ? AND number = ?",
                (request.body.upper(), self._series(request), request.doc_date.year, number)).fetchone()
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
        self._transaction(lambda: self.connection.execute(
            "UPDATE issued SET output_file = ?, sha256 = ? WHERE id = ?", (output_file, sha256, issued.id)))

    def _why_not_voidable(self, number: int, symbol: str, year: int) -> str:
        text = f"{document_number(number)}/{symbol.upper()}"
        voided = self.connection.execute(
            "SELECT void_reason FROM issued WHERE number = ? AND symbol = ? AND year = ? AND status = ?",
            (number, symbol.upper(), year, STATUS_VOID)).fetchone()
        if voided is not None:
            return f"số {text} năm {year} đã bị hủy trước đó (lý do: {voided['void_reason']}); không cần hủy lại"
        return f"số {text} chưa từng được cấp trong năm {year} (đã tìm trong sổ này)"

    def void(self, number: int, symbol: str, year: int, reason: str) -> IssuedNumber:
        def work():
            row = self.connection.execute(
                "SELECT * FROM issued WHERE number = ? AND symbol = ? AND year = ? AND status = ?",
                (number, symbol.upper(), year, STATUS_ISSUED)).fetchone()
            if row is None:
                raise InputError([Problem(str(self.path), self._why_not_voidable(number, symbol, year))])
            self._void_row(row["id"], reason)
            return self._get(row["id"])

        return self._transaction(work)

    def entries(self, year: int | None = None, kind: str | None = None) -> list[IssuedNumber]:
        query, arguments = "SELECT * FROM issued WHERE 1 = 1", []
        if year is not None:
            query, arguments = query + " AND year = ?", arguments + [year]
        if kind is not None:
            query, arguments = query + " AND kind = ?", arguments + [kind]
        try:
            rows = self.connection.execute(query + " ORDER BY year, body, series, number", arguments).fetchall()
        except sqlite3.Error as exc:
            raise _db_problem(self.path, exc) from None
        return [_issued(row) for row in rows]


def _issued(row: sqlite3.Row) -> IssuedNumber:
    return IssuedNumber(**{name: row[name] for name in IssuedNumber.__dataclass_fields__})


def open_register(path: Path | None, series_mode: str | None = None) -> SqliteRegister:
    """Open (creating if needed) the register at ``path`` (see ``register_path``)."""
    return SqliteRegister(register_path(path), series_mode)
