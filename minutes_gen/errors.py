"""Problems found in the user's input, reported all at once in Vietnamese.

One error type (``InputError``) carries every problem with its file, line and field, shows
itself without a traceback and exits with code 2, the way Click's own exceptions do.
"""

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


class InputError(click.ClickException):
    """The input cannot be used; every problem found is listed."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: list[Problem], headline: str = "Dữ liệu đầu vào có lỗi"):
        self.problems = list(problems)
        self.headline = headline
        super().__init__(self.format_message())

    def format_message(self) -> str:
        lines = [f"{self.headline} ({len(self.problems)} lỗi):"]
        lines += [f"  - {problem}" for problem in self.problems]
        lines.append("Không có tệp nào được ghi.")
        return "\n".join(lines)

    def show(self, file=None) -> None:
        click.echo("Lỗi: " + self.format_message(), file=file or sys.stderr)


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
