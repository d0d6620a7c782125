"""Where the register is, by one rule for every command, and whose series a command draws from."""

import os
import unicodedata
from pathlib import Path

from minutes_gen.errors import InputError, Problem
from minutes_gen.register.sql import SqlRegister, closed_on_error, open_connection
from minutes_gen.storage.database import Database, is_url

DB_ENV = "MINUTES_GEN_DB"
DEFAULT_DB_NAME = "minutes-gen.db"
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
    database = open_connection(register_path(path))
    return closed_on_error(database, lambda: SqlRegister(database, series_mode,
                                                         owner=owner_of(database, office_agency)))
