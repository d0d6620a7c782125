"""Many documents put straight into an office database in bulk SQL (not through HTTP), with
the register entries of their numbers: the busy office that benchmarks/bench_office.py and
tests/test_office_paging.py look at. Spread over years, kinds and the agencies given in turn;
one document in ten is a draft (no number yet)."""

import datetime as dt

KINDS = ("minutes", "notice", "apology", "outside")
SYMBOLS = {"minutes": "BB-ĐKT", "notice": "TB-ĐKT", "apology": "PXL", "outside": "QĐ"}
YEARS = (2021, 2022, 2023, 2024, 2025)  # before today: numbers given today follow them
CONTENT = b"PK" + bytes(range(256)) * 24  # 6 KB: like a kept file, longer than a SQLite page
CHUNK = 5000  # rows a statement batch carries (memory stays bounded at any count)

_ENTRY = ("INSERT INTO issued (owner, body, series, year, number, symbol, kind, record_key, doc_date, summary, signer,"
          " issued_at) VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_DOCUMENT = ("INSERT INTO documents (agency_id, kind, unit, number, number_id, doc_date, file_name, content, input_yaml,"
             " sha256, created_by, created_at, status) VALUES (?, ?, ?, ?, (SELECT id FROM issued WHERE owner = ?"
             " AND body = ? AND series = '' AND year = ? AND number = ?), ?, ?, ?, '', ?, ?, ?, ?)")


def seeded(index: int, agencies: list[tuple[int, str, int]], numbers: dict) -> tuple[tuple | None, tuple]:
    """The register entry (None for a draft) and the document of the ``index``-th seeded
    document; ``agencies``: (id, abbreviation, author's user id); ``numbers``: the last number
    given per (agency, year), updated."""
    agency_id, body, author = agencies[index % len(agencies)]
    kind = KINDS[(index // len(agencies)) % len(KINDS)]
    year = YEARS[(index // (len(agencies) * len(KINDS))) % len(YEARS)]
    day = dt.date(year, 1, 1) + dt.timedelta(days=(index // 97) % 360)
    unit, created = f"đơn vị {index} của {body.lower()}", f"{year}-{day:%m-%d}T08:00:00+07:00"
    draft = index % 10 == 9 and kind == "minutes"
    number = 0 if draft else numbers.get((agency_id, year), 0) + 1
    if not draft:
        numbers[(agency_id, year)] = number
    text = f"{number:02d}/{SYMBOLS[kind]}" if number else ""
    entry = None if draft else (agency_id, body, year, number, SYMBOLS[kind], kind, unit, day.isoformat(),
                                f"Trích yếu {unit}", "Nguyễn Văn Ký", created)
    document = (agency_id, kind, unit, text, agency_id, body, year, number, day.isoformat(), f"van-ban-{index}.docx",
                CONTENT, "0" * 64, author, created,
                "draft" if draft else "issued")
    return entry, document


def seed_documents(database, agencies: list[tuple[int, str, int]], count: int) -> None:
    """Put ``count`` documents and their register entries into ``database`` (an open
    ``storage.database.Database`` of an office initialised with the ``agencies``), in one transaction."""
    numbers: dict = {}
    with database.transaction():
        for start in range(0, count, CHUNK):
            rows = [seeded(index, agencies, numbers) for index in range(start, min(count, start + CHUNK))]
            _bulk(database, _ENTRY, [entry for entry, _ in rows if entry is not None])
            _bulk(database, _DOCUMENT, [document for _, document in rows])


def _bulk(database, sql: str, rows: list[tuple]) -> None:
    """One statement over many rows (``executemany`` of the driver: pipelined on PostgreSQL)."""
    if database.kind == "postgresql":
        with database.connection.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)
    else:
        database.connection.executemany(sql, rows)


def analysed(database) -> None:
    """Fresh planner statistics after a bulk load, and on PostgreSQL the visibility map that lets
    it read an index alone (what autovacuum does on a live server soon after such a load)."""
    database.execute("ANALYZE" if database.kind == "sqlite" else "VACUUM ANALYZE")

