"""The command line as a user meets it: help, deadline, init, packaging."""

import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, write_yaml


def test_help_lists_commands_in_vietnamese(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in ("render", "validate", "deadline", "init"):
        assert command in result.output
    assert "Nghị định 30/2020/NĐ-CP" in " ".join(result.output.split())


def test_deadline_prints_the_date(run):
    result = run("deadline", "2023-07-12", "30")
    assert result.exit_code == 0 and result.output == "23/08/2023\n"


def test_deadline_accepts_vietnamese_date_and_explains(run):
    result = run("deadline", "05/02/2024", "5", "--explain")
    assert result.output.splitlines()[0] == "19/02/2024"
    assert "nghỉ 10/02/2024: Tết Nguyên Đán" in result.output


def test_deadline_with_calendar_file(run, tmp_path):
    calendar = write_yaml(tmp_path, "working_days:\n  - 15/07/2023\n", "lich.yaml")
    assert run("deadline", "2023-07-12", "3", "--calendar", calendar).output == "15/07/2023\n"


def test_deadline_bad_input(run, tmp_path):
    result = run("deadline", "31/02/2023", "30")
    assert result.exit_code == 2 and "không có thật" in result.output
    bad_calendar = write_yaml(tmp_path, "days_off:\n  - 32/01/2025\nextra: 1\n", "lich.yaml")
    result = run("deadline", "2023-07-12", "3", "--calendar", bad_calendar)
    assert result.exit_code == 2
    assert "lich.yaml, dòng 2, trường days_off[1]" in result.output and "mục «extra»" in result.output


def test_python_dash_m_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "minutes_gen", "deadline", "2023-07-12", "30"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.stdout == "23/08/2023\n"


@pytest.mark.slow
def test_wheel_ships_templates_and_starters(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("minutes_gen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in (ROOT / "templates" / "docx").glob("*.docx"):
        assert f"minutes_gen/templates/docx/{template.name}" in names
    assert "minutes_gen/starters/minutes.yaml" in names


def test_every_package_is_installed_by_pip_install():
    """A package missing from setup.cfg works in the editable install of the tests but not after
    the README's `pip install .`: every folder of minutes_gen with an __init__.py must be listed."""
    import configparser

    from conftest import ROOT

    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    listed = set(config["options"]["packages"].split())
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "minutes_gen").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
