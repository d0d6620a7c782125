"""The register in a database: a SQLite file (WAL mode, one ``BEGIN IMMEDIATE`` transaction per
allocation, so parallel processes never take the same number and a killed process leaves no half
record), or a PostgreSQL server shared by several machines (``storage.database``)."""

import datetime as dt
import re
import sqlite3
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.register.entries import (MAX_JUMP, MAX_NUMBER, STATUS_ISSUED, STATUS_VOID, IssuedNumber,
                                          NumberRegister, NumberRequest, symbol_of)
from minutes_gen.register.schema import SCHEMA, SEARCHED, upgrade_schema
from minutes_gen.storage.database import Database, Wording, like_pattern, open_database
from minutes_gen.vn.numbers import document_number, grouped

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
            database.search_indexes("issued", SEARCHED)
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

    def last_date(self, request: NumberRequest) -> dt.date | None:
        """The latest date of the series ``request`` would be numbered in (numbers follow the
        order of issue dates, ND30 Điều 15), or None for a series not begun."""
        row = self.database.one("SELECT MAX(doc_date) AS last FROM issued WHERE owner = ? AND body = ? AND series = ?"
                                " AND year = ?", (self.owner, request.body.upper(), self._series(request),
                                                  request.doc_date.year))
        return dt.date.fromisoformat(row["last"]) if row and row["last"] else None

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

    def entries(self, year: int | None = None, kind: str | None = None, body: str | None = None, *,
                search: str = "", limit: int | None = None, offset: int = 0) -> list[IssuedNumber]:
        """This owner's entries in the order of the sổ; ``search`` in the number, summary, signer,
        record or date; ``limit``/``offset``: one page of them."""
        condition, arguments = _condition(self.database, self.owner, (year, kind, body), search)
        if limit is None:
            return [_issued(row) for row in self.database.all(
                f"SELECT * FROM issued WHERE {condition} ORDER BY {BOOK_ORDER}", arguments)]
        return [_issued(row) for row in self.database.all(  # the page's ids from the index, then their rows
            f"SELECT * FROM issued WHERE id IN (SELECT id FROM issued WHERE {condition} ORDER BY {BOOK_ORDER}"
            f" LIMIT {int(limit)} OFFSET {int(offset)}) ORDER BY {BOOK_ORDER}", arguments)]

    def count(self, year: int | None = None, kind: str | None = None, search: str = "") -> int:
        """How many entries ``entries`` finds with these filters."""
        condition, arguments = _condition(self.database, self.owner, (year, kind, None), search)
        return self.database.one(f"SELECT COUNT(*) AS n FROM issued WHERE {condition}", arguments)["n"]


BOOK_ORDER = "year, body, series, number"  # the sổ's order (index issued_in_book_order)
_NUMBER_TEXT = re.compile(r"^0*([0-9]{1,9})\s*(?:/\s*(\S*))?$")


def _condition(database: Database, owner: int, filters: tuple, search: str) -> tuple[str, list]:
    """The WHERE of an owner's entries of (year, kind, body) where given (``search``: a number as
    written, 05/BB-ĐKT or 5, else a piece of the symbol, summary, signer, record or ISO date)."""
    year, kind, body = filters
    condition, arguments = "owner = ?", [owner]
    for column, value in (("year", year), ("kind", kind), ("body", body.upper() if body else None)):
        if value is not None:
            condition, arguments = condition + f" AND {column} = ?", arguments + [value]
    if search.strip():
        pattern = like_pattern(search)
        texts = database.contains(list(SEARCHED))
        condition, arguments = condition + f" AND ({texts}", arguments + [pattern] * len(SEARCHED)
        number = _NUMBER_TEXT.match(search.strip())
        if number:
            condition += f" OR (number = ? AND {database.contains(['symbol'])})"
            arguments += [int(number.group(1)), like_pattern(number.group(2) or "")[1:]]
        condition += ")"
    return condition, arguments


class SqliteRegister(SqlRegister):
    """The register in one SQLite file (WAL mode)."""

    def __init__(self, path: Path, series_mode: str | None = None, timeout: float = 15.0):
        database = open_connection(path, timeout)
        closed_on_error(database, lambda: super(SqliteRegister, self).__init__(database, series_mode))


def open_connection(where, timeout: float = 15.0) -> Database:
    return open_database(where, timeout, WORDING)


def _issued(row) -> IssuedNumber:
    return IssuedNumber(**{name: row[name] for name in IssuedNumber.__dataclass_fields__})


def closed_on_error(database: Database, work):
    """``work()``, with the connection it was given closed if it fails (a register it opened itself)."""
    try:
        return work()
    except BaseException:
        database.close()
        raise
