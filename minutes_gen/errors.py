"""Problems found in the user's input, reported all at once in Vietnamese.

One error type (``InputError``) carries every problem with its file, line and field, shows
itself without a traceback and exits with code 2, the way Click's own exceptions do.
"""

import errno
import sys
from dataclasses import dataclass

import click

EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in an input, with where it is."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    row: int | None = None
    column: str | None = None
    unit: str | None = None

    def where(self) -> str:
        """Return ``file, dòng 12, trường meeting.date`` (only the parts that are known)."""
        parts = [f"đơn vị «{self.unit}»"] if self.unit else []
        parts.append(self.file)
        if self.row is not None:
            parts.append(f"hàng {self.row}")
        if self.column:
            parts.append(f"cột «{self.column}»")
        if self.line is not None:
            parts.append(f"dòng {self.line}")
        if self.field:
            parts.append(f"trường {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


NOTHING_WRITTEN = "Không có tệp nào được ghi."


class InputError(click.ClickException):
    """The input cannot be used; every problem found is listed.

    ``footer`` is the closing line; commands that write files set it to ``NOTHING_WRITTEN``
    (see ``cli.WritingCommand``), others leave it empty.
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem], headline: str = "Dữ liệu đầu vào có lỗi", footer: str = ""):
        self.problems = list(problems)
        self.headline = headline
        self.footer = footer
        super().__init__(self.format_message())

    def __reduce__(self):  # crosses process boundaries whole (a worker's error, shown by the parent)
        return (self.__class__, (self.problems, self.headline, self.footer))

    def format_message(self) -> str:
        lines = [f"{self.headline} ({len(self.problems)} lỗi):"]
        lines += [f"  - {problem}" for problem in self.problems]
        if self.footer:
            lines.append(self.footer)
        return "\n".join(lines)

    def show(self, file=None) -> None:
        click.echo("Lỗi: " + self.format_message(), file=file or sys.stderr)


class OutputError(InputError):
    """A file or folder could not be written (disk full, no permission, read-only …)."""

    def __init__(self, problems: list[Problem], headline: str = "Không ghi được kết quả", footer: str = ""):
        super().__init__(problems, headline, footer)


def writing_failed(path, exc: OSError) -> OutputError:
    """The ``OutputError`` for an ``OSError`` raised while writing ``path``."""
    return OutputError([Problem(str(path), f"không ghi được: {explain_os_error(exc)}")])


# errno name -> what it means, in Vietnamese (the English text of the OS is not shown for these)
_OS_ERRORS = {getattr(errno, name): text for name, text in {
    "ENOENT": "không có tệp hay thư mục này",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không được phép thực hiện",
    "EROFS": "ổ đĩa hoặc thư mục chỉ cho đọc, không ghi được",
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "đã hết dung lượng được cấp trên ổ đĩa",
    "EEXIST": "tệp đã tồn tại",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "EMFILE": "mở quá nhiều tệp cùng lúc",
    "EIO": "lỗi đọc/ghi của thiết bị",
    "EBUSY": "tệp hoặc thiết bị đang được dùng",
    "ETXTBSY": "tệp đang được dùng",
    "EXDEV": "không chuyển được tệp sang ổ đĩa khác",
    "EADDRINUSE": "cổng đã có chương trình khác dùng",
    "EADDRNOTAVAIL": "địa chỉ này không thuộc máy này",
    "ELOOP": "đường dẫn có liên kết vòng",
    "EINVAL": "giá trị không hợp lệ với hệ điều hành",
}.items() if hasattr(errno, name)}


def explain_os_error(exc: OSError) -> str:
    """Vietnamese words for an ``OSError``: ``ổ đĩa đã đầy (ENOSPC)``; unknown errors keep the
    system's text in parentheses after a Vietnamese explanation."""
    code = getattr(exc, "errno", None)
    name = errno.errorcode.get(code, "") if code is not None else ""
    if code in _OS_ERRORS:
        return f"{_OS_ERRORS[code]} ({name})"
    detail = exc.strerror or str(exc) or type(exc).__name__
    return f"lỗi của hệ điều hành ({name + ': ' if name else ''}{detail})"


def show_problems(problems: list[Problem], label: str) -> None:
    """Print problems that did not stop the work to stderr, each after ``label``."""
    for problem in problems:
        click.echo(f"{label}: {problem}", err=True)


def show_warnings(warnings: list[Problem]) -> None:
    """Print consistency warnings to stderr (they never stop the work)."""
    show_problems(warnings, "Cảnh báo")


class ConversionFailed(click.ClickException):
    """The .docx was written but LibreOffice could not make its PDF."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo("Lỗi: " + self.format_message(), file=file or sys.stderr)


class Stopped(click.ClickException):
    """The user pressed Ctrl-C during a batch: what was written is complete and listed."""

    exit_code = 130

    def __init__(self, written: int, total: int, manifest):
        super().__init__(f"Đã dừng theo yêu cầu: ghi xong {written}/{total} văn bản, không có tệp ghi dở. "
                         f"Danh sách: {manifest}")

    def show(self, file=None) -> None:
        click.echo(self.format_message(), file=file or sys.stderr)
