"""A throw-away PostgreSQL cluster for the tests: Debian's ``postgresql`` package, started on
127.0.0.1 on a free port in a private folder, stopped and removed at the end. The tests that
use it fail (they are never skipped) when PostgreSQL is not installed: ``.ci/run`` installs it."""

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from minutes_gen.office.backup import pg_tool

ADMIN_USER = "minutes"


def _bin(name: str) -> str:
    found = pg_tool(name)
    if found is None:
        raise RuntimeError(f"PostgreSQL chưa được cài ({name}); .ci/run cài gói Debian postgresql")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A running cluster; ``new_database()`` gives the URL of a fresh empty database."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="minutes-gen-pg-"))
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:  # PostgreSQL refuses to run as root
            shutil.chown(self.folder, "postgres", "postgres")
        data, self.port = self.folder / "data", _free_port()
        self._run(_bin("initdb"), "-D", str(data), "-A", "trust", "-U", ADMIN_USER, "-E", "UTF8", "--no-sync")
        self._run(_bin("pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w", "start", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c max_connections=200")
        self.data = data

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{ADMIN_USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        subprocess.run([*self.as_postgres, _bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)
