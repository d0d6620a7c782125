"""Render many documents to files over worker processes, streaming records in chunks.

Each worker compiles a template once and writes its documents itself (atomically), sending
back only a digest or an error; records are submitted a few chunks ahead of the workers, so
memory stays flat whatever the batch size, and the main process (which holds the register)
never loads the rendering libraries. Before anything is written, the first record of each
template is rendered as a check: a broken template stops the batch with nothing written. An
error in one record is reported for that record and the others are still written; a worker
that dies takes no other record with it (its chunk is retried, then run one record per
process). Ctrl-C stops submitting, lets running chunks finish (no half file), and reports
what was written.
"""

import contextlib
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from minutes_gen.engine.interrupts import sigint_blocked, sigint_deferred, sigint_ignored
from minutes_gen.engine.limits import GRACE_SECONDS, LIMIT_HEADLINE
from minutes_gen.engine.output import Staging, flush_to_disk, remove_stale_temp
from minutes_gen.engine.tasks import CHUNK_SIZE, Outcome, Task, render_bytes, run_chunk
from minutes_gen.engine.workers import WorkerPool, isolate, new_pool
from minutes_gen.errors import InputError, Problem
from minutes_gen.sources.limits import limits


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    iterator = iter(tasks)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_tasks(tasks: Iterable[Task], workers: WorkerPool, force: bool = False,
              checks: list[Task] = ()) -> Iterator[Outcome]:
    """Yield an outcome for every task, in the order they complete, after the ``checks``
    (``write_documents`` adds the handling of Ctrl-C)."""
    runner = _Runner(_chunks(tasks, CHUNK_SIZE), workers, force)
    runner.check(checks)
    yield from runner.run()


class _Runner:
    """This process and a pool of workers sharing a stream of chunks."""

    def __init__(self, chunks: Iterator[list[Task]], workers: WorkerPool, force: bool, staging: str = ""):
        self.chunks, self.force, self.owner, self.staging = chunks, force, workers, staging
        self.workers = workers.jobs if workers.pool is not None else 0
        self.pool = workers.pool
        self.pending: dict = {}  # future -> (chunk, tries)
        self.batch: list[Outcome] = []  # the outcomes being handed to the caller, one at a time
        self.handed = 0  # how many of ``batch`` the caller has recorded (``handed_over``)

    def _submit(self, chunk: list[Task], tries: int = 0) -> None:
        # A retried chunk may find files this batch wrote before the crash: they may be replaced.
        with sigint_blocked():  # should the pool start a process, it must not see Ctrl-C
            self.pending[self.pool.submit(run_chunk, chunk, self.force or tries > 0,
                                              self.staging)] = (chunk, tries)

    def _emit(self, outcomes: list[Outcome]) -> list[Outcome]:
        """Outcomes about to be handed out; only these are remembered (not every outcome of the
        batch: 50,000 of them would stay in memory for nothing)."""
        self.batch, self.handed = outcomes, 0
        return outcomes

    def _take(self, future) -> list[Outcome]:
        """A finished chunk's outcomes, moved from ``pending`` to the batch handed out in one
        step that Ctrl-C cannot split (none lost, none reported twice)."""
        with sigint_deferred():
            del self.pending[future]
            return self._emit(future.result())

    def handed_over(self) -> None:
        """The caller has recorded the outcome it was just given."""
        self.handed += 1

    def check(self, checks: list[Task]) -> None:
        """Render each check task (not written); raise the first template error found."""
        if self.pool is None:
            results = [render_bytes(task) for task in checks]
        else:
            futures = [self.pool.submit(render_bytes, task) for task in checks]
            results = [self._answer(future, task.template) for future, task in zip(futures, checks)]
        for result in results:
            if isinstance(result, InputError):
                raise result

    def _answer(self, future, template: str):
        """A check's result; a worker that dies, or outlives every limit, is a template error."""
        try:
            return future.result(timeout=self._patience(1))
        except BrokenProcessPool:
            message = "tiến trình tạo văn bản bị dừng đột ngột khi thử mẫu (mẫu dùng quá nhiều bộ nhớ?)"
        except FutureTimeout:
            self._kill_workers()
            message = f"mẫu chạy quá {limits().render_seconds} giây cho một văn bản (vòng lặp quá lớn?)"
        raise InputError([Problem(template, message)], headline=LIMIT_HEADLINE)

    def _patience(self, documents: int) -> float | None:
        """How long to wait for ``documents`` documents of a custom template (None: for ever)."""
        return documents * limits().render_seconds + GRACE_SECONDS if self.owner.bounded else None

    def _kill_workers(self) -> None:
        """Stop workers that no longer answer (the pool then reports its chunks as crashed)."""
        for process in list(getattr(self.pool, "_processes", {}).values()):  # the executor's own processes
            process.kill()

    def run(self) -> Iterator[Outcome]:
        if self.pool is None:
            for chunk in self.chunks:
                with sigint_deferred():  # a file written is always a file reported
                    outcomes = self._emit(run_chunk(chunk, self.force, self.staging))
                yield from outcomes
            return
        while True:
            for chunk in islice(self.chunks, max(2 * self.workers - len(self.pending), 0)):
                self._submit(chunk)
            if not self.pending:
                return
            yield from self._collect(block=True)

    def _collect(self, block: bool) -> Iterator[Outcome]:
        if block:
            finished, _ = wait(self.pending, timeout=self._patience(CHUNK_SIZE), return_when=FIRST_COMPLETED)
            if not finished:  # a custom template hangs a worker in code the timer cannot stop
                self._kill_workers()
                wait(self.pending, return_when=FIRST_COMPLETED)
        crashed = []
        for future in [f for f in self.pending if f.done()]:
            if isinstance(future.exception(), BrokenProcessPool):
                crashed.append(self.pending.pop(future))
            else:
                yield from self._take(future)
        if crashed:
            yield from self._recover(crashed)

    def _recover(self, crashed: list) -> Iterator[Outcome]:
        """A dead worker breaks the whole pool: start a new one, retry its chunks once, and run
        a chunk that fails twice one record per process to find the record that kills it."""
        for future in list(self.pending):
            if future.done() and future.exception() is None:
                yield from self._take(future)
            else:
                crashed.append(self.pending.pop(future))
        self.pool.shutdown(cancel_futures=True)
        self.pool = self.owner.pool = new_pool(self.workers, self.owner.bounded)
        for chunk, _ in crashed:  # workers killed mid-write leave hidden temporary files
            for task in chunk:
                remove_stale_temp(task.target)
        for chunk, tries in crashed:
            if tries:
                yield from self._emit(isolate(chunk))
            else:
                self._submit(chunk, 1)

    def stop(self) -> list[Outcome]:
        """Ctrl-C: cancel what has not started, wait for running chunks; return every outcome not
        yet recorded by the caller (the rest of the batch being handed out, and those chunks)."""
        rest = self.batch[self.handed:]
        for future in self.pending:
            future.cancel()
        for future in self.pending:
            if not future.cancelled() and future.exception() is None:
                rest.extend(future.result())
        self.pending.clear()
        self.batch, self.handed = [], 0
        return rest


def render_isolated(template: str, context: dict) -> bytes:
    """Render a custom template's one document in a worker process under the limits; raise
    ``InputError`` naming the template when it fails or goes past a limit."""
    task = Task(0, template, context, "", bounded=True)
    with WorkerPool(1, bounded=True) as workers:
        runner = _Runner(iter(()), workers, False)
        result = runner._answer(workers.pool.submit(render_bytes, task), template)
    if isinstance(result, InputError):
        raise result
    return result


def write_documents(tasks: Iterable[Task], workers: WorkerPool, force: bool, on_outcome,
                    on_progress=lambda done, total, stage: None, checks: list[Task] = (), total: int = 0,
                    folder: Path | None = None) -> bool:
    """Check, then run the tasks, calling ``on_outcome`` once per finished task (whole: a
    Ctrl-C waits for it) and ``on_progress(done, total, "docx")`` after it. Documents meant for
    ``folder`` are made in a staging folder there (``engine.output.Staging``).

    Returns False when Ctrl-C stopped the run: the running chunks were finished and every
    file written was passed to ``on_outcome``. Raises the template error of a failed check.
    """
    with Staging(folder) if folder is not None else contextlib.nullcontext() as staging:
        return _write_documents(_Runner(_chunks(tasks, CHUNK_SIZE), workers, force, staging.path if staging else ""),
                                on_outcome, on_progress, checks, total)


def _write_documents(runner: "_Runner", on_outcome, on_progress, checks: list[Task], total: int) -> bool:
    recorded = 0

    def record(outcome: Outcome) -> None:
        nonlocal recorded
        with sigint_deferred():
            on_outcome(outcome)
            runner.handed_over()
            recorded += 1

    try:
        runner.check(checks)
        for outcome in runner.run():
            record(outcome)
            on_progress(recorded, total, "docx")
    except KeyboardInterrupt:
        with sigint_ignored():  # a second Ctrl-C must not lose what the first one keeps
            for outcome in runner.stop():
                record(outcome)
            flush_to_disk()
        return False
    flush_to_disk()
    return True
