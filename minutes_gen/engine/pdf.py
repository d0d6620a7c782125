"""PDF through LibreOffice: many files per process, one profile per process, checked results.

Starting LibreOffice costs seconds, so each process converts a whole group of files
(``soffice --convert-to pdf f1 f2 …``). Parallel processes each get their own profile folder:
two instances sharing one silently lose files. Every PDF is written into a private folder
first, checked to exist and not be empty, then moved beside its .docx (so no half PDF ever
appears). A process that hangs is killed after a timeout, and what it did not convert is
tried once more; what still fails is reported per document.
"""

import io
import os
import shutil
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from minutes_gen.engine.output import write_atomic
from minutes_gen.errors import InputError, Problem

INSTALL_HINT = "sudo apt-get install -y libreoffice-writer-nogui fonts-liberation2"
SECONDS_PER_FILE, SECONDS_BASE = 5, 60
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


def _run_group(soffice: str, files: list[Path], outdir: Path) -> None:
    """Convert ``files`` into ``outdir`` in one LibreOffice process with a profile of its own."""
    with tempfile.TemporaryDirectory(prefix="minutes-gen-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            process.wait(timeout=SECONDS_BASE + SECONDS_PER_FILE * len(files))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # LibreOffice starts helpers: kill them all
            process.wait()


def _converted(files: list[Path], outdir: Path) -> list[Path]:
    return [f for f in files if (outdir / f"{f.stem}.pdf").is_file() and (outdir / f"{f.stem}.pdf").stat().st_size > 0]


def convert_to_pdf(files: list[Path], jobs: int = 1, force: bool = False) -> dict[Path, str]:
    """Write ``X.pdf`` beside every ``X.docx``; return the error of each file that failed ({} when all did)."""
    soffice = require_soffice()
    files = [Path(f) for f in files]
    errors: dict[Path, str] = {}
    for folder in sorted({f.parent for f in files}):
        group = [f for f in files if f.parent == folder]
        errors.update(_convert_folder(soffice, group, folder, max(jobs, 1), force))
    return errors


def _convert_folder(soffice: str, files: list[Path], folder: Path, jobs: int, force: bool) -> dict[Path, str]:
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=folder) as staging:
        outdir = Path(staging)
        pending = files
        for _attempt in range(2):  # a second try for what a killed or failed process left
            groups = [pending[i::jobs] for i in range(min(jobs, len(pending)))]
            with ThreadPoolExecutor(len(groups) or 1) as pool:
                list(pool.map(lambda group: _run_group(soffice, group, outdir), groups))
            done = set(_converted(pending, outdir))
            pending = [f for f in pending if f not in done]
            if not pending:
                break
        errors = {f: "LibreOffice không chuyển được tệp này sang PDF" for f in pending}
        for source in files:
            if source in errors:
                continue
            target = source.with_suffix(".pdf")
            if target.exists() and not force:
                errors[source] = f"{target.name} đã tồn tại; dùng --force để ghi đè"
                continue
            os.replace(outdir / f"{source.stem}.pdf", target)
    return errors


def pdf_outputs(files: list[Path], jobs: int, force: bool,
                print_file: Path | None = None) -> tuple[dict[Path, str], Path | None]:
    """Convert the written ``files`` of a batch; merge their PDFs, in order, into ``print_file``
    when one is asked for. Returns what the manifest's PDF column says for each file (name or
    error), and the print file if it was written."""
    errors = convert_to_pdf(files, jobs, force) if files else {}
    cells = {f: f"lỗi: {errors[f]}" if f in errors else f.with_suffix(".pdf").name for f in files}
    pdfs = [f.with_suffix(".pdf") for f in files if f not in errors]
    if print_file is None or not pdfs:
        return cells, None
    merge_pdfs(pdfs, print_file, force=force)
    return cells, print_file


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
