"""Random inputs never crash the tool: random YAML, random register rows and random bytes go
to the loaders and the command line, which end with exit 0 or 2, no traceback, and no file
left half written (hypothesis)."""

import csv
import io
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, SEED
from minutes_gen.cli import cli

AGENCY = SAMPLES / "co-quan-sldtbxh.yaml"
HEADER = ["Mã hồ sơ", "Họ và tên", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày trả kết quả"]
SETTINGS = settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.sampled_from(["12/07/2023", "31/02/2023", "31/12/9999", "08:00", "25:99", "", "..."]))
keys = st.one_of(st.sampled_from(["unit", "team", "meeting", "name", "date", "statistics", "dossiers", "received",
                                  "achievements", "units", "shared", "agency", "days_off", "code"]), st.text(max_size=8))
documents = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(keys, inner, max_size=5)), max_leaves=30)
cells = st.one_of(st.text(max_size=20), st.sampled_from(["01/06/2023", "12/06/2023", "", "=1+1", "31/02/2023",
                                                        "2023-06-10", "45000", "x"]))


def _invoke(args, cwd):
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    finally:
        os.chdir(previous)
    leftovers = list(Path(cwd).rglob(".*.tmp"))
    assert result.exit_code in (0, 2), (args, result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert not leftovers
    return result


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("MINUTES_GEN_DEBUG", raising=False)


@SETTINGS
@given(document=documents, command=st.sampled_from([["validate"], ["render", "minutes"], ["render", "notice"],
                                                     ["batch"], ["deadline", "01/01/2024", "3", "--calendar"]]))
def test_random_yaml_documents(tmp_path, document, command):
    path = tmp_path / "du-lieu.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    args = command + [path] + (["-o", tmp_path / "kq"] if command == ["batch"] else [])
    if command[0] == "render":
        args += ["-o", tmp_path / "ra.docx", "--force"]
    _invoke(args, tmp_path)


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=12))
def test_random_register_rows(tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    register = tmp_path / "so.csv"
    register.write_text(buffer.getvalue(), encoding="utf-8-sig")
    _invoke(["stats", register, "--from", "01/01/2023", "--to", "31/12/2023"], tmp_path)
    _invoke(["apology", register, "--agency", AGENCY, "-o", tmp_path / "phieu", "--as-of", "15/06/2023", "--force",
             "--jobs", "1"], tmp_path)


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".yaml", ".csv", ".xlsx", ".docx"]))
def test_random_bytes(tmp_path, data, suffix):
    path = tmp_path / f"tep{suffix}"
    path.write_bytes(data)
    if suffix == ".yaml":
        _invoke(["validate", path], tmp_path)
    elif suffix == ".docx":
        _invoke(["templates", "check", path, "--kind", "minutes"], tmp_path)
    else:
        _invoke(["stats", path, "--from", "01/01/2023", "--to", "31/12/2023"], tmp_path)


@SETTINGS
@given(data=st.binary(min_size=1, max_size=3000))
def test_random_bytes_inside_a_real_xlsx(tmp_path, data):
    """A genuine .xlsx whose sheet is replaced by random bytes: a zip that opens, XML that does not."""
    import zipfile

    path = tmp_path / "so.xlsx"
    with zipfile.ZipFile(SAMPLES / "so-theo-doi-ho-so.xlsx") as original, zipfile.ZipFile(path, "w") as copy:
        for info in original.infolist():
            content = data if info.filename.startswith("xl/worksheets/") else original.read(info)
            copy.writestr(info.filename, content)
    _invoke(["stats", path, "--from", "01/01/2023", "--to", "31/12/2023"], tmp_path)
