"""Writing files atomically: a file is either complete or absent, never half written."""

import contextlib
import ctypes
import errno
import functools
import os
import shutil
import stat
import tempfile
from glob import escape as glob_escape
from pathlib import Path

from minutes_gen.errors import InputError, OutputError, Problem, explain_os_error, writing_failed


def _taken(path: Path) -> str | None:
    """Why ``path`` is not free to write: an existing file, or a link (even one that leads nowhere)."""
    try:
        found = os.lstat(path)  # one call per file: a batch asks this for every target
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return "tệp đã tồn tại"  # cannot be looked at: treat as taken, never overwrite blindly
    if stat.S_ISLNK(found.st_mode):
        return "là một liên kết (symlink) tới chỗ khác; chương trình không ghi qua liên kết"
    return "tệp đã tồn tại"


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


def publish_file(source: Path, target: Path, mode: int | None = None) -> None:
    """Move a complete file made elsewhere (a converted PDF) to ``target``, with the umask's
    permissions, or ``mode`` (0600 for a file only its owner may read)."""
    if hasattr(os, "chmod"):
        os.chmod(source, file_mode() if mode is None else mode)
    os.replace(source, target)


def _publish(temp: Path, path: Path, force: bool, size: int | None = None) -> None:
    """Put the complete ``temp`` at ``path`` (a link there is replaced by the file, never
    followed), then check the file is really there before anyone says it was written."""
    size = os.stat(temp).st_size if size is None else size
    if force:
        os.replace(temp, path)
    else:
        try:
            _move_without_replacing(temp, path)  # no overwrite, even in a race
        except FileExistsError:
            refuse_existing(path, force=False)
            raise InputError([Problem(str(path), "tệp vừa xuất hiện trong lúc ghi; dùng --force để ghi đè")],
                             headline="Không ghi đè tệp có sẵn") from None
    written = os.lstat(path)
    if not stat.S_ISREG(written.st_mode) or written.st_size != size:
        raise OutputError([Problem(str(path), "không thấy tệp vừa ghi ở đường dẫn này")])


_RENAME_NOREPLACE, _AT_FDCWD = 1, -100


@functools.cache
def _renameat2():
    """Linux's ``renameat2`` (glibc 2.28+), or None where there is none."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


def _move_without_replacing(source, target) -> None:
    """Rename ``source`` to ``target`` unless ``target`` exists (FileExistsError): one
    ``renameat2(RENAME_NOREPLACE)`` on Linux; elsewhere, or on a file system without it, a hard
    link then removing ``source``; without hard links either, a check then a rename."""
    rename = _renameat2()
    if rename is not None:
        if rename(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(target))
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # file systems without hard links
        if _taken(Path(target)):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(source, target)
        return
    os.unlink(source)


class Staging:
    """A batch's hidden folder beside its outputs: each document is created there under its own
    name, then renamed into place (one create and one rename per file, instead of a temporary
    name made up, linked and removed). The folder is removed when the batch ends; a document
    whose target is elsewhere is written with ``write_atomic``."""

    def __init__(self, folder: Path):
        try:
            self.path = tempfile.mkdtemp(prefix=".minutes-gen-", dir=folder)
        except OSError as exc:
            raise writing_failed(Path(folder), exc) from None

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0) \
    | getattr(os, "O_CLOEXEC", 0)


def write_staged(staging: str, target: str, data: bytes, force: bool) -> None:
    """Write ``data`` to ``target`` through the ``staging`` folder (``Staging.path``) when it is
    beside ``target``; else through a temporary file (``write_atomic``). Not synced: the batch
    syncs once at its end."""
    if not staging or os.path.dirname(target) != os.path.dirname(staging):
        write_atomic(Path(target), data, force=force, durable=False)
        return
    temp = os.path.join(staging, os.path.basename(target))
    try:
        handle = os.open(temp, _NEW_FILE, 0o666)  # the umask applies, as for open()
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
        _publish(temp, target, force, size=len(data))
    except BaseException as exc:  # a file refused or failed, or Ctrl-C: nothing left behind
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise writing_failed(Path(target), exc) from None
        raise
