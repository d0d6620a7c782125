"""PDF through LibreOffice: many files per process, one profile per process, checked results.

Starting LibreOffice costs seconds, so each process converts a whole group of files
(``soffice --convert-to pdf f1 f2 …``). Parallel processes each get their own profile folder:
two instances sharing one silently lose files. Every PDF is written into a private folder
first, checked to exist and not be empty, then moved beside its .docx (so no half PDF ever
appears). A process that hangs is killed after a timeout, and what it did not convert is
tried once more; what still fails is reported per document.
"""

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from minutes_gen.engine.interrupts import sigint_deferred
from minutes_gen.engine.output import publish_file, write_atomic
from minutes_gen.errors import InputError, Problem

INSTALL_HINT = "sudo apt-get install -y libreoffice-writer-nogui fonts-liberation2"
SECONDS_PER_FILE, SECONDS_BASE = 5, 60
# LibreOffice started afresh every so many files: one process given tens of thousands of files on
# its command line converted a few hundred and lost the rest (bench_memory.py, 50,000 letters)
FILES_PER_PROCESS = 200
_CANDIDATES = ("soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice",
               "/Applications/LibreOffice.app/Contents/MacOS/soffice",
               r"C:\Program Files\LibreOffice\program\soffice.exe")


def find_soffice() -> str | None:
    """Return LibreOffice's ``soffice`` command, or None when it is not installed."""
    for candidate in _CANDIDATES:
        found = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
        if found:
            return found
    return None


def require_soffice() -> str:
    """Return ``soffice`` or raise ``InputError`` saying how to install it (before any work)."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError([Problem("--pdf", f"cần LibreOffice để tạo PDF nhưng máy chưa cài; cài bằng: {INSTALL_HINT}")],
                         headline="Không tạo được PDF")
    return soffice


POLL_SECONDS = 0.2
STATUS_STOPPED = "chưa tạo (đã dừng)"


def _start_group(soffice: str, files: list[Path], outdir: Path, profile: str) -> subprocess.Popen:
    """Start one LibreOffice process converting ``files`` into ``outdir`` with its own profile."""
    command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
    # A session of its own: Ctrl-C in the terminal reaches only minutes-gen, which stops these.
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # LibreOffice starts helpers: kill them all
        except (OSError, AttributeError):  # gone already, or Windows
            process.kill()
    process.wait()


def _run_groups(soffice: str, groups: list[list[Path]], outdir: Path, progress) -> None:
    """Convert every group in a lane of its own (one profile), in parallel; a lane runs one
    LibreOffice process per ``FILES_PER_PROCESS`` files of its group, one after another; a process
    that outlives its time is killed. ``progress(converted)`` is called as PDFs appear. Ctrl-C
    (or any error) kills every process before it is raised."""
    with contextlib.ExitStack() as stack:
        lanes = [(stack.enter_context(tempfile.TemporaryDirectory(prefix="minutes-gen-lo-")),
                  [group[i:i + FILES_PER_PROCESS] for i in range(0, len(group), FILES_PER_PROCESS)])
                 for group in groups]
        running: dict[int, tuple[subprocess.Popen, float]] = {}
        files = [f for group in groups for f in group]
        try:
            while True:
                for lane, (profile, chunks) in enumerate(lanes):
                    process, deadline = running.get(lane, (None, 0.0))
                    if process is not None and process.poll() is None:
                        if time.monotonic() > deadline:
                            _kill(process)
                        continue
                    running.pop(lane, None)
                    if chunks:
                        chunk = chunks.pop(0)
                        running[lane] = (_start_group(soffice, chunk, outdir, profile),
                                         time.monotonic() + SECONDS_BASE + SECONDS_PER_FILE * len(chunk))
                if not running:
                    break
                time.sleep(POLL_SECONDS)
                progress(len(_converted(files, outdir)))
        finally:
            for process, _ in running.values():
                _kill(process)


def _converted(files: list[Path], outdir: Path) -> list[Path]:
    return [f for f in files if (outdir / f"{f.stem}.pdf").is_file() and (outdir / f"{f.stem}.pdf").stat().st_size > 0]


class PdfStopped(KeyboardInterrupt):
    """Ctrl-C during conversion: ``converted`` lists the .docx whose PDF is complete beside it."""

    def __init__(self, converted: list[Path]):
        super().__init__()
        self.converted = converted


def convert_to_pdf(files: list[Path], jobs: int = 1, force: bool = False,
                   progress=lambda done, total, stage: None) -> dict[Path, str]:
    """Write ``X.pdf`` beside every ``X.docx``; return the error of each file that failed ({} when all did).

    ``progress(done, total, "pdf")`` follows the conversion. On Ctrl-C the LibreOffice
    processes are stopped and ``PdfStopped`` is raised: the PDFs it lists are complete beside
    their .docx, and no other PDF is left anywhere."""
    soffice = require_soffice()
    files = [Path(f) for f in files]
    errors: dict[Path, str] = {}
    converted: list[Path] = []
    try:
        for folder in sorted({f.parent for f in files}):
            group = [f for f in files if f.parent == folder]
            done_before = len(converted) + len(errors)
            folder_errors = _convert_folder(soffice, group, folder, max(jobs, 1), force,
                                            lambda done: progress(done_before + done, len(files), "pdf"))
            errors.update(folder_errors)
            converted += [f for f in group if f not in folder_errors]
            progress(len(converted) + len(errors), len(files), "pdf")
    except PdfStopped as stop:
        raise PdfStopped(converted + stop.converted) from None
    except KeyboardInterrupt:
        raise PdfStopped(converted) from None
    return errors


def _convert_folder(soffice: str, files: list[Path], folder: Path, jobs: int, force: bool,
                    progress) -> dict[Path, str]:
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=folder) as staging:
        outdir = Path(staging)
        pending = files
        for _attempt in range(2):  # a second try for what a killed or failed process left
            before = len(files) - len(pending)
            groups = [pending[i::jobs] for i in range(min(jobs, len(pending)))]
            _run_groups(soffice, groups, outdir, lambda done: progress(before + done))
            done = set(_converted(pending, outdir))
            pending = [f for f in pending if f not in done]
            if not pending:
                break
        errors = {f: "LibreOffice không chuyển được tệp này sang PDF" for f in pending}
        try:
            with sigint_deferred():  # every PDF converted is moved beside its .docx, or none
                _publish_pdfs(files, outdir, force, errors)
        except KeyboardInterrupt:
            raise PdfStopped([f for f in files if f not in errors]) from None
    return errors


def _publish_pdfs(files: list[Path], outdir: Path, force: bool, errors: dict[Path, str]) -> None:
    for source in files:
        if source in errors:
            continue
        target = source.with_suffix(".pdf")
        if target.exists() and not force:
            errors[source] = f"{target.name} đã tồn tại; dùng --force để ghi đè"
            continue
        publish_file(outdir / f"{source.stem}.pdf", target)


@dataclass
class PdfOutputs:
    """What converting a batch gave: the manifest's PDF cell of each file, the print file, and
    whether the conversion ran to its end (False after Ctrl-C)."""

    cells: dict
    print_file: Path | None = None
    completed: bool = True


def pdf_outputs(files: list[Path], jobs: int, force: bool, print_file: Path | None = None,
                progress=lambda done, total, stage: None, stopped: bool = False) -> PdfOutputs:
    """Convert the written ``files`` of a batch; merge their PDFs, in order, into ``print_file``
    when one is asked for. Ctrl-C ends it early with ``completed`` False; every PDF then on disk
    is complete and named in its cell. A run already ``stopped`` makes no PDF and says so."""
    if stopped:
        return PdfOutputs({f: STATUS_STOPPED for f in files}, completed=False)
    try:
        errors = convert_to_pdf(files, jobs, force, progress) if files else {}
    except PdfStopped as stop:
        done = set(stop.converted)
        return PdfOutputs({f: f.with_suffix(".pdf").name if f in done else STATUS_STOPPED for f in files},
                          completed=False)
    cells = {f: f"lỗi: {errors[f]}" if f in errors else f.with_suffix(".pdf").name for f in files}
    pdfs = [f.with_suffix(".pdf") for f in files if f not in errors]
    if print_file is None or not pdfs:
        return PdfOutputs(cells)
    merge_pdfs(pdfs, print_file, force=force)
    return PdfOutputs(cells, print_file)


def pdf_targets(files: list[Path]) -> list[Path]:
    """The PDFs that converting ``files`` will write (to refuse existing ones up front)."""
    return [Path(f).with_suffix(".pdf") for f in files]


def merge_pdfs(parts: list[Path], target: Path, force: bool = False) -> None:
    """Write one PDF holding ``parts`` in order (the print file of a batch)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomic(target, buffer.getvalue(), force=force)
