"""A consistent backup of the office server while it runs. Everything it keeps — accounts,
profiles, the documents issued with their files, the number register — is in its database, so
one consistent copy of the database is the whole backup: SQLite's online backup (a snapshot
of one moment), or ``pg_dump`` (one transaction) for PostgreSQL. Written atomically, readable by
its owner only (it holds password hashes, the cookie key and every document)."""

import glob
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from minutes_gen.engine.output import publish_file, refuse_existing
from minutes_gen.errors import InputError, Problem
from minutes_gen.storage.database import POSTGRES_PREFIXES, SQLITE_PREFIX, shown_url

HEADLINE = "Không sao lưu được"
PRIVATE = 0o600


def backup(db_url: str, output: Path, force: bool = False) -> Path:
    """Write the backup of ``db_url`` to ``output``; return its path."""
    output = Path(output).absolute()
    refuse_existing(output, force)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".minutes-gen-backup-", dir=output.parent) as folder:
        temp = Path(folder) / output.name
        if db_url.startswith(POSTGRES_PREFIXES):
            _dump_postgresql(db_url, temp)
        else:
            _copy_sqlite(db_url, temp)
        publish_file(temp, output, PRIVATE)
    return output


def _copy_sqlite(db_url: str, temp: Path) -> None:
    source_path = Path(db_url.removeprefix(SQLITE_PREFIX)).expanduser()
    if not source_path.is_file():
        raise InputError([Problem(str(source_path), "không có tệp cơ sở dữ liệu này")], headline=HEADLINE)
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=15)
        target = sqlite3.connect(str(temp))
        with target:
            source.backup(target)
        target.close()
        source.close()
    except sqlite3.Error:
        raise InputError([Problem(str(source_path), "không đọc được cơ sở dữ liệu để sao lưu (bị khóa lâu, hoặc hỏng)")],
                         headline=HEADLINE) from None


def pg_tool(name: str) -> str | None:
    """A PostgreSQL client program (newest installed version first, then PATH)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _dump_postgresql(db_url: str, temp: Path) -> None:
    dump = pg_tool("pg_dump")
    if dump is None:
        raise InputError([Problem("pg_dump", "chưa cài công cụ sao lưu của PostgreSQL (gói Debian postgresql-client)")],
                         headline=HEADLINE)
    result = subprocess.run([dump, "--format=custom", "--no-owner", "--file", str(temp), db_url],
                            capture_output=True, timeout=3600)
    if result.returncode != 0:
        raise InputError([Problem(shown_url(db_url), "pg_dump không sao lưu được (kiểm tra địa chỉ, quyền và phiên bản "
                                                     "PostgreSQL); chạy pg_dump bằng tay để xem chi tiết")],
                         headline=HEADLINE)
