"""Render many documents to files over worker processes, streaming records in chunks.

Each worker compiles a template once and writes its documents itself (atomically), sending
back only a digest or an error; records are submitted a few chunks ahead of the workers, so
memory stays flat whatever the batch size. An error in one record is reported for that record
and the others are still written; a worker that dies takes no other record with it (its chunk
is retried one record at a time). Ctrl-C stops submitting, lets running chunks finish (no half
file), and says which records were not written.
"""

import hashlib
import multiprocessing
import os
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator

from minutes_gen.engine.output import write_atomic
from minutes_gen.engine.render import render_docx
from minutes_gen.errors import InputError

CHUNK_SIZE = 32


@dataclass(frozen=True)
class Task:
    """One document to write: its template, context and target path."""

    index: int
    template: str
    context: dict
    target: str


@dataclass(frozen=True)
class Outcome:
    """What became of a task: the SHA-256 of the file written, or the reason it was not."""

    index: int
    sha256: str = ""
    error: str = ""


class Interrupted(Exception):
    """Ctrl-C during a batch; ``done`` holds the outcomes that were completed."""

    def __init__(self, done: list[Outcome]):
        super().__init__("đã dừng theo yêu cầu")
        self.done = done


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def _run_task(task: Task, force: bool) -> Outcome:
    try:
        data = render_docx(task.template, task.context)
        write_atomic(task.target, data, force=force)
    except InputError as error:
        return Outcome(task.index, error="; ".join(problem.message for problem in error.problems))
    except OSError as error:
        return Outcome(task.index, error=f"không ghi được tệp ({error.strerror or error})")
    except Exception as error:  # one broken record must not stop the others
        return Outcome(task.index, error=f"lỗi khi tạo văn bản ({type(error).__name__}: {error})")
    return Outcome(task.index, sha256=hashlib.sha256(data).hexdigest())


def _run_chunk(tasks: list[Task], force: bool) -> list[Outcome]:
    return [_run_task(task, force) for task in tasks]


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides when to stop


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(tasks)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_tasks(tasks: Iterable[Task], jobs: int, force: bool = False) -> Iterator[Outcome]:
    """Yield an outcome for every task, in the order they complete."""
    if jobs <= 1:
        done: list[Outcome] = []
        try:
            for task in tasks:
                done.append(_run_task(task, force))
                yield done[-1]
        except KeyboardInterrupt:
            raise Interrupted(done) from None
        return
    yield from _run_pool(_chunks(tasks, CHUNK_SIZE), jobs, force)


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    # Workers start fresh ("spawn") rather than as forks of a main process that may hold a
    # large register: their memory then does not depend on the batch.
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_interrupts)


def _run_pool(chunks: Iterator[list[Task]], jobs: int, force: bool) -> Iterator[Outcome]:
    done: list[Outcome] = []
    pool = _new_pool(jobs)
    pending: dict = {}  # future -> (chunk, tries)

    def submit(chunk: list[Task], tries: int = 0) -> None:
        # A retried chunk may find files this batch wrote before the crash: they may be replaced.
        pending[pool.submit(_run_chunk, chunk, force or tries > 0)] = (chunk, tries)

    try:
        for chunk in islice(chunks, jobs * 2):
            submit(chunk)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            crashed = []
            for future in finished:
                chunk, tries = pending.pop(future)
                if isinstance(future.exception(), BrokenProcessPool):
                    crashed.append((chunk, tries))
                    continue
                done.extend(future.result())
                yield from future.result()
            if crashed:  # a dead worker breaks the whole pool: start a new one
                crashed += [pending.pop(f) for f in list(pending) if not f.done() or f.exception()]
                for future in list(pending):  # these finished before the pool broke
                    pending.pop(future)
                    done.extend(future.result())
                    yield from future.result()
                pool.shutdown(cancel_futures=True)
                pool = _new_pool(jobs)
                for chunk, tries in crashed:
                    if tries:
                        outcomes = _isolate(chunk)
                        done.extend(outcomes)
                        yield from outcomes
                    else:
                        submit(chunk, 1)
            for chunk in islice(chunks, max(jobs * 2 - len(pending), 0)):
                submit(chunk)
    except KeyboardInterrupt:
        for future in pending:
            future.cancel()
        for future in pending:
            if not future.cancelled() and future.exception() is None:
                done.extend(future.result())
        raise Interrupted(done) from None
    finally:
        pool.shutdown(cancel_futures=True)


def _isolate(chunk: list[Task]) -> list[Outcome]:
    """Run a chunk that killed its worker twice one record per process, to find the culprit."""
    outcomes = []
    for task in chunk:
        with _new_pool(1) as single:
            try:
                outcomes.append(single.submit(_run_task, task, True).result())
            except BrokenProcessPool:
                outcomes.append(Outcome(task.index, error="tiến trình tạo văn bản bị dừng đột ngột ở bản ghi này"))
    return outcomes


def write_documents(tasks: Iterable[Task], total: int, jobs: int, force: bool, on_outcome,
                    on_progress=lambda done: None) -> bool:
    """Run the ``total`` tasks, calling ``on_outcome`` once per finished task; False when interrupted.

    No more workers are started than there are chunks: a small batch runs in this process,
    where starting workers would cost more than it saves.
    """
    finished = 0
    jobs = min(jobs, -(-total // CHUNK_SIZE))
    try:
        for outcome in run_tasks(tasks, jobs, force):
            on_outcome(outcome)
            finished += 1
            on_progress(finished)
    except Interrupted as stop:
        for outcome in stop.done:
            on_outcome(outcome)
        return False
    return True
