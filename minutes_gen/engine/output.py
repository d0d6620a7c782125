"""Writing files atomically: a file is either complete or absent, never half written."""

import contextlib
import functools
import os
import tempfile
from glob import escape as glob_escape
from pathlib import Path

from minutes_gen.errors import InputError, OutputError, Problem, explain_os_error, writing_failed


def _taken(path: Path) -> str | None:
    """Why ``path`` is not free to write: an existing file, or a link (even one that leads nowhere)."""
    path = Path(path)
    if path.is_symlink():
        return "là một liên kết (symlink) tới chỗ khác; chương trình không ghi qua liên kết"
    if path.exists():
        return "tệp đã tồn tại"
    return None


def refuse_existing(path: Path, force: bool) -> None:
    """Raise ``InputError`` when ``path`` exists (or is a link) and ``force`` is not given."""
    reason = None if force else _taken(path)
    if reason:
        raise InputError([Problem(str(path), f"{reason}; dùng tùy chọn --force để ghi đè")],
                         headline="Không ghi đè tệp có sẵn")


def refuse_existing_files(paths: list[Path], force: bool) -> None:
    """Raise one ``InputError`` listing every path that exists (or is a link), unless ``force``."""
    taken = [(path, reason) for path in paths if (reason := _taken(path))] if not force else []
    if taken:
        raise InputError([Problem(str(path), reason) for path, reason in taken],
                         headline="Thư mục kết quả đã có tệp; dùng --force để ghi đè")


def check_writable_folder(folder: Path) -> None:
    """Create ``folder`` if needed and prove a file can be written there; else ``InputError``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputError([Problem(str(folder), f"không ghi được vào thư mục kết quả: {explain_os_error(exc)}")]) from None


def unique_names(stems: list[str], suffix: str, reserved: set[str]) -> list[str]:
    """Return ``stem + suffix`` for each stem, adding ``-2``, ``-3`` … where names would repeat."""
    taken, names = set(reserved), []
    for stem in stems:
        name, number = f"{stem}{suffix}", 2
        while name in taken:
            name, number = f"{stem}-{number}{suffix}", number + 1
        taken.add(name)
        names.append(name)
    return names


@functools.cache
def file_mode() -> int:
    """The permissions a new file gets under this process's umask (normally 0644), as
    ``open()`` would give; ``mkstemp`` alone would give 0600, which colleagues cannot open."""
    umask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _atomic(path: Path, force: bool, durable: bool, mode: str, **open_args):
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise writing_failed(path.parent, exc) from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(handle, file_mode())
        with os.fdopen(handle, mode, **open_args) as temp:
            yield temp
            temp.flush()
            if durable:
                os.fsync(temp.fileno())
        _publish(Path(temp_name), path, force)
    except OSError as exc:
        raise writing_failed(path, exc) from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


def remove_stale_temp(path: Path) -> None:
    """Remove the temporary files a killed writer of ``path`` left (never ``path`` itself)."""
    path = Path(path)
    for temp in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        temp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes, force: bool = False, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    Without ``force`` an existing file is kept (checked again at the last moment, so a file
    that appeared meanwhile is not overwritten either). ``durable`` forces the data to disk
    before the file appears; a batch passes False and syncs once at its end instead
    (``flush_to_disk``), before it writes its manifest.
    """
    with _atomic(path, force, durable, "wb") as handle:
        handle.write(data)


def atomic_text_file(path: Path, encoding: str, force: bool = False):
    """A text file to write row by row, published whole (and durable) at the end, or not at all."""
    return _atomic(path, force, True, "w", encoding=encoding, newline="")


def flush_to_disk() -> None:
    """Force every file written so far to disk (once per batch, instead of once per file)."""
    if hasattr(os, "sync"):
        os.sync()


def publish_file(source: Path, target: Path) -> None:
    """Move a complete file made elsewhere (a converted PDF) to ``target``, with the umask's permissions."""
    if hasattr(os, "chmod"):
        os.chmod(source, file_mode())
    os.replace(source, target)


def _publish(temp: Path, path: Path, force: bool) -> None:
    """Put the complete ``temp`` at ``path`` (a link there is replaced by the file, never
    followed), then check the file is really there before anyone says it was written."""
    size = temp.stat().st_size
    if force:
        os.replace(temp, path)
    else:
        try:
            os.link(temp, path)  # fails if path exists (or is a link): no overwrite, even in a race
        except FileExistsError:
            refuse_existing(path, force=False)
            raise InputError([Problem(str(path), "tệp vừa xuất hiện trong lúc ghi; dùng --force để ghi đè")],
                             headline="Không ghi đè tệp có sẵn") from None
        except OSError:  # file systems without hard links
            refuse_existing(path, force=False)
            os.replace(temp, path)
    if path.is_symlink() or not path.is_file() or path.stat().st_size != size:
        raise OutputError([Problem(str(path), "không thấy tệp vừa ghi ở đường dẫn này")])
