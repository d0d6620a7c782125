"""A user never reads English: not from minutes-gen, not from Click, not from the system.

Every command's ``--help`` and the error paths a user can trigger are run as a person runs
them (a real process), and their output is searched for English words from a deny-list.
"""

import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, SEED, write_yaml

DENIED = ("Error", "Usage", "Invalid", "Missing", "No such", "Traceback", "Aborted", "Options", "Commands",
          "required", "default:", "Show this", "Try '", "does not exist", "is not", "Permission denied",
          "Read-only", "[OPTIONS]", "COMMAND", "ARGS", "INTEGER", "TEXT", "PATH", "FILE ")
CATALOGUE = ROOT / "minutes_gen" / "locale" / "vi" / "LC_MESSAGES" / "click.po"


def _run(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("MINUTES_GEN_LANG", "MINUTES_GEN_DEBUG")}
    return subprocess.run([sys.executable, "-m", "minutes_gen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**environment, **(env or {})}, timeout=120)


def _assert_vietnamese(result: subprocess.CompletedProcess) -> None:
    shown = result.stdout + result.stderr
    found = [word for word in DENIED if word in shown]
    assert not found, f"English {found} in:\n{shown}"


def _commands() -> list[list[str]]:
    from minutes_gen.cli import cli

    paths = [[]]
    for name, command in cli.commands.items():
        paths.append([name])
        for sub in getattr(command, "commands", {}):
            paths.append([name, sub])
    return paths


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "minutes-gen")
def test_every_help_is_vietnamese(path):
    result = _run(*path, "--help")
    assert result.returncode == 0, result.stderr
    _assert_vietnamese(result)
    assert "Cách dùng:" in result.stdout


def _error_paths(tmp: Path) -> list[list[str]]:
    agency = SAMPLES / "co-quan-sldtbxh.yaml"
    register = SAMPLES / "so-theo-doi-ho-so.csv"
    readonly = tmp / "chi-doc"
    readonly.mkdir()
    readonly.chmod(0o555)
    bad_yaml = write_yaml(tmp, "unit: [\n", "hong.yaml")
    return [
        ["khong-co-lenh"], ["render"], ["render", "minutes"], ["render", "bienban", SEED], ["render", "minutes", SEED, "--bogus"],
        ["render", "minutes", tmp / "khong-co.yaml"], ["render", "minutes", bad_yaml], ["render", "minutes", SEED, "-o", "x.txt"],
        ["render", "minutes", SEED, "-o", readonly / "bb.docx"], ["render", "minutes", SEED, "--number", "bảy"],
        ["render", "minutes", SEED, "--pdf", "--template", tmp / "khong-co.docx"],
        ["batch"], ["batch", SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml"], ["batch", SEED, "-o", tmp / "kq"],
        ["batch", SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml", "-o", tmp / "kq", "--kinds", "abc"],
        ["batch", SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml", "-o", tmp / "kq", "--jobs", "0"],
        ["batch", SAMPLES / "ke-hoach-kiem-tra-cchc-2023.yaml", "-o", readonly / "kq"],
        ["apology", register], ["apology", register, "--agency", agency], ["apology", register, "-o", tmp / "p"],
        ["apology", register, "--agency", agency, "-o", tmp / "p", "--as-of", "31/02/2023"],
        ["apology", register, "--agency", agency, "-o", tmp / "p", "--extend-days", "x"],
        ["apology", tmp / "khong-co.xlsx", "--agency", agency, "-o", tmp / "p"],
        ["stats", register], ["stats", register, "--from", "01/01/2023", "--to", "x"],
        ["stats", register, "--from", "01/01/2023", "--to", "01/01/2022"], ["stats", register, "--format", "pdf",
                                                                             "--from", "01/01/2023", "--to", "01/02/2023"],
        ["deadline"], ["deadline", "x", "3"], ["deadline", "01/01/2024", "-3"], ["deadline", "01/01/2024", "ba"],
        ["validate"], ["validate", tmp / "khong-co.yaml"], ["validate", bad_yaml], ["validate", SEED, "--kind", "x"],
        ["init"], ["init", "abc"],
        ["register"], ["register", "list", "--db", tmp / "khong-co.db"], ["register", "void", "01/BB-ĐKT"],
        ["register", "void", "abc", "--reason", "x", "--db", tmp / "khong-co.db"],
        ["register", "list", "--year", "abc"], ["register", "export"],
        ["templates", "check", tmp / "khong-co.docx"], ["templates", "export", "abc", tmp],
        ["lint", tmp / "khong-co.docx"], ["lint", SEED],
        ["serve", "--port", "99999"], ["serve", "--port", "abc"], ["serve", "--host", "khong-co.invalid"],
        ["--version"], ["--bogus"],
    ]


def test_every_error_path_is_vietnamese(tmp_path):
    wrong = []
    for args in _error_paths(tmp_path):
        result = _run(*args, cwd=tmp_path)
        shown = result.stdout + result.stderr
        english = [word for word in DENIED if word in shown]
        unexplained = result.returncode == 2 and "Lỗi" not in result.stderr and "Cách dùng" not in result.stderr
        if result.returncode not in (0, 2) or english or unexplained:
            wrong.append(f"{' '.join(map(str, args))} → {result.returncode} {english}\n{shown}")
    assert not wrong, "\n".join(wrong)


def test_english_on_request():
    result = _run("render", env={"MINUTES_GEN_LANG": "en"})
    assert result.returncode == 2 and "Usage:" in result.stderr and "Missing argument" in result.stderr


def _catalogue():
    from babel.messages.pofile import read_po

    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def test_catalogue_covers_every_text_of_the_installed_click(tmp_path):
    """A new Click that adds a text fails here, not in front of a user."""
    from babel.messages.extract import extract_from_dir

    import click

    known = {message.id if isinstance(message.id, str) else message.id[0] for message in _catalogue() if message.id}
    extracted = {message[2] if isinstance(message[2], str) else message[2][0]
                 for message in extract_from_dir(os.path.dirname(click.__file__),
                                                 keywords={"_": None, "ngettext": (1, 2)})}
    assert extracted - known == set()
    untranslated = [m.id for m in _catalogue() if m.id and not (m.string if isinstance(m.string, str) else m.string[0])]
    assert untranslated == []


def test_compiled_catalogue_matches_its_source():
    """The shipped click.mo says what click.po says (run scripts/compile_catalogues.py after editing)."""
    compiled = gettext.GNUTranslations(CATALOGUE.with_suffix(".mo").open("rb"))
    for message in _catalogue():
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id
        else:
            assert compiled.ngettext(message.id[0], message.id[1], 2) == message.string[0], message.id


def test_system_errors_are_explained_in_vietnamese(tmp_path):
    readonly = tmp_path / "chi-doc"
    readonly.mkdir()
    readonly.chmod(0o555)
    if os.access(readonly, os.W_OK):  # root ignores permissions: use a read-only file system instead
        target = Path("/proc/minutes-gen-thu/bb.docx")
    else:
        target = readonly / "bb.docx"
    result = _run("render", "minutes", SEED, "-o", target, cwd=tmp_path)
    assert result.returncode == 2
    assert "Không ghi được" in result.stderr and "Dữ liệu đầu vào có lỗi" not in result.stderr
    _assert_vietnamese(result)


def test_only_commands_that_write_say_nothing_was_written(tmp_path):
    reading = _run("validate", tmp_path / "khong-co.yaml")
    assert reading.returncode == 2 and "Không có tệp nào được ghi" not in reading.stderr
    writing = _run("render", "minutes", tmp_path / "khong-co.yaml", cwd=tmp_path)
    assert writing.returncode == 2 and "Không có tệp nào được ghi" in writing.stderr


def test_help_shows_defaults_and_required_in_vietnamese():
    assert "[mặc định: minutes,notice]" in " ".join(_run("batch", "--help").stdout.split())
    assert "bắt buộc" in _run("apology", "--help").stdout
