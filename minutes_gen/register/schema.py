"""The register's tables, and the upgrade of a register written before series had owners."""

from minutes_gen.storage.database import Database

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
# The sổ's order, with what its pages filter and search on and the row id (the office server's
# pages of the sổ read this index alone — on PostgreSQL too, where an index holds no row id unless
# told — then the rows of the page shown)
BOOK_INDEXES = ["CREATE INDEX IF NOT EXISTS issued_in_book_order ON issued (owner, year, body, series, number, kind,"
                " symbol, summary, signer, record_key, doc_date, id)"]
SEARCHED = ("symbol", "summary", "signer", "record_key", "doc_date")  # what a search of the sổ looks in
SCHEMA += ";\n" + ";\n".join(BOOK_INDEXES)


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
