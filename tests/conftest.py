"""Shared fixtures: the seed sample, a CLI runner, and reading back rendered documents."""

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from minutes_gen.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "kiem-tra-cchc-sldtbxh-2023.yaml"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def run(runner, tmp_path, monkeypatch):
    """Run the CLI in a temporary working folder; return the Click result."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def seed_text():
    return SEED.read_text(encoding="utf-8")


def render_seed(kind: str, folder: Path):
    """The seed's document of ``kind`` rendered through the CLI, opened with python-docx."""
    out = folder / f"{kind}.docx"
    result = CliRunner().invoke(cli, ["render", kind, str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return Document(str(out))


@pytest.fixture(scope="session")
def seed_minutes(tmp_path_factory):
    """The seed's minutes rendered once for the session."""
    return render_seed("minutes", tmp_path_factory.mktemp("seed"))


def all_text(document) -> str:
    """Every paragraph of the body and its tables, one per line."""
    lines = [p.text for p in document.paragraphs]
    from minutes_gen.lint.reading import distinct_cells

    for table in document.tables:
        for row in table.rows:
            for cell in distinct_cells(row):
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def write_yaml(tmp_path: Path, text: str, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def soffice():
    """LibreOffice's command: required in CI, a reasoned skip elsewhere when it is missing."""
    from minutes_gen.engine.pdf import find_soffice

    path = find_soffice()
    if path is None and os.environ.get("CI"):
        pytest.fail("LibreOffice phải có trong CI (.ci/run cài libreoffice-writer-nogui)")
    if path is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice hoặc poppler-utils chưa được cài trên máy này: bỏ qua phép thử PDF")
    return path


@pytest.fixture(scope="session")
def postgres_cluster():
    """A PostgreSQL server for this test run (tests/postgres_helpers.py)."""
    from postgres_helpers import Cluster

    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The same test on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'so.db'}"
    return request.getfixturevalue("postgres_cluster").new_database()


@pytest.fixture
def office(database_url):
    """An office server (Flask app) over a fresh database with two agencies and their accounts
    (office_helpers.setup_two_agencies); returns (app, database URL)."""
    from minutes_gen.office.app import create_office_app
    from office_helpers import init_office, setup_two_agencies

    init_office(database_url)
    app = create_office_app(database_url)
    app.config["TESTING"] = True
    setup_two_agencies(app)
    return app, database_url
