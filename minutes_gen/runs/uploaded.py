"""Runs on what a page received, for the local web page and the office server alike:
inspection data as text (pasted or uploaded), and an uploaded dossier register run through the
apology job in a private temporary folder, its results packed as one .zip."""

import contextlib
import os
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from minutes_gen.errors import InputError
from minutes_gen.runs.apology import ApologyResult, LetterRules, run_apology
from minutes_gen.runs.settings import RunSettings

REGISTER_NAME = "so-theo-doi"  # the upload's file name in the manifest
REGISTER_SHOWN = "sổ theo dõi tải lên"  # ... and in messages (never a server path)


def inspection_from_text(text: str, source: str):
    """The data parsed, built and checked exactly as ``minutes-gen validate`` does
    (``LoadedInspection``); ``InputError`` lists every problem, named after ``source``."""
    from minutes_gen.model.loading import inspection_from
    from minutes_gen.sources.yaml_source import parse_yaml

    return inspection_from(parse_yaml(text, source))


@contextlib.contextmanager
def private_file(content: bytes | Path, name: str, shown: str):
    """``content`` (bytes, or a file to copy) as the file ``name`` in a private temporary folder
    (the engine reads templates and registers, LibreOffice converts documents, from files),
    removed at the end of the block. The problems raised in the block call it ``shown``: no
    message shows a path of the server."""
    with tempfile.TemporaryDirectory(prefix="minutes-gen-run-") as folder:
        path = Path(folder) / name
        path.write_bytes(content if isinstance(content, bytes) else Path(content).read_bytes())
        try:
            yield path
        except InputError as error:
            raise _without_paths(error, folder, path, shown) from None


def _without_paths(error: InputError, folder: str, path: Path, shown: str) -> InputError:
    """``error`` with the temporary ``path`` said as ``shown`` and the files beside it by their names."""
    def clean(text: str | None) -> str | None:
        return text and text.replace(str(path), shown).replace(folder + os.sep, "").replace(folder, shown)

    problems = [replace(each, file=clean(each.file), message=clean(each.message)) for each in error.problems]
    return type(error)(problems, error.headline, error.footer)


def apology_archive(register: Path | bytes, kind: str, agency, rules: LetterRules, target,
                    settings: RunSettings = RunSettings(combined=True)) -> tuple[ApologyResult, str]:
    """Run the apology job on an uploaded register (a kept file, or its bytes; ``kind`` xlsx or
    csv) with invalid rows reported, not fatal; write the letters, the print file and the
    manifest as a .zip to ``target`` (a path or a binary file). Returns the run's result and the
    folder prefix the letters were made under (the files their numbers name)."""
    from minutes_gen.model.dossier import RegisterReading

    with private_file(register, f"{REGISTER_NAME}.{kind}", REGISTER_SHOWN) as source:
        out = source.parent / "phieu"
        result = run_apology(source, agency, out, settings, rules=rules, reading=RegisterReading(skip_invalid=True))
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(out.iterdir()):
                archive.write(path, path.name)
        return result, f"{out}/"
