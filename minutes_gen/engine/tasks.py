"""What a worker does with one document: render it (a custom template's under the time limit)
and write it, answering with its digest or the reason it was not written."""

import hashlib
from dataclasses import dataclass

from minutes_gen.engine.limits import time_limit
from minutes_gen.engine.output import write_staged
from minutes_gen.errors import InputError, explain_os_error


CHUNK_SIZE = 32


@dataclass(frozen=True)
class Task:
    """One document to write: its template, context and target path."""

    index: int
    template: str
    context: dict
    target: str
    bounded: bool = False  # a custom template: rendered under limits (engine.limits)


@dataclass(frozen=True)
class Outcome:
    """What became of a task: the SHA-256 of the file written, or the reason it was not."""

    index: int
    sha256: str = ""
    error: str = ""


def _render(task: Task) -> bytes:
    """The document's bytes; a custom template's document under the time limit."""
    from minutes_gen.engine.render import render_docx  # workers only: the main process stays small

    if not task.bounded:
        return render_docx(task.template, task.context)
    with time_limit():
        return render_docx(task.template, task.context)


def render_bytes(task: Task) -> bytes | InputError:
    """The rendered bytes of ``task`` (not written), or its template's error."""
    try:
        return _render(task)
    except InputError as error:
        return error


def run_task(task: Task, force: bool, staging: str = "") -> Outcome:
    try:
        data = _render(task)
        write_staged(staging, task.target, data, force)  # the batch syncs once at its end
    except InputError as error:
        return Outcome(task.index, error="; ".join(problem.message for problem in error.problems))
    except OSError as error:
        return Outcome(task.index, error=f"không ghi được tệp: {explain_os_error(error)}")
    except Exception as error:  # one broken record must not stop the others
        return Outcome(task.index, error=f"lỗi khi tạo văn bản ({type(error).__name__}: {error})")
    return Outcome(task.index, sha256=hashlib.sha256(data).hexdigest())


def run_chunk(tasks: list[Task], force: bool, staging: str = "") -> list[Outcome]:
    return [run_task(task, force, staging) for task in tasks]
