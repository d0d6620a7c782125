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
import hashlib
import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from minutes_gen.engine.interrupts import ignore_sigint_in_worker, sigint_blocked, sigint_deferred, sigint_ignored
from minutes_gen.engine.limits import GRACE_SECONDS, LIMIT_HEADLINE, apply_memory_limit, time_limit
from minutes_gen.engine.output import Staging, flush_to_disk, remove_stale_temp, write_staged
from minutes_gen.errors import InputError, Problem, explain_os_error
from minutes_gen.limits import LIMITS_ENV, limits

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


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


def _render(task: Task) -> bytes:
    """The document's bytes; a custom template's document under the time limit."""
    from minutes_gen.engine.render import render_docx  # workers only: the main process stays small

    if not task.bounded:
        return render_docx(task.template, task.context)
    with time_limit():
        return render_docx(task.template, task.context)


def _render_bytes(task: Task) -> bytes | InputError:
    """The rendered bytes of ``task`` (not written), or its template's error."""
    try:
        return _render(task)
    except InputError as error:
        return error


def _run_task(task: Task, force: bool, staging: str = "") -> Outcome:
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


def _run_chunk(tasks: list[Task], force: bool, staging: str = "") -> list[Outcome]:
    return [_run_task(task, force, staging) for task in tasks]


def _start_worker(bounded: bool = False, limits_text: str | None = None) -> None:
    """Set up a worker: the limits in force are those of the process that started the pool (a
    worker forks from a server started earlier, whose environment may be older)."""
    ignore_sigint_in_worker()  # the main process decides when to stop (see engine.interrupts)
    if limits_text is None:
        os.environ.pop(LIMITS_ENV, None)
    else:
        os.environ[LIMITS_ENV] = limits_text
    if bounded:
        apply_memory_limit()
    import minutes_gen.engine.render  # noqa: F401  (loaded while the main process prepares records)


def _ready() -> None:
    """A no-op task that makes the pool start its processes now."""


class WorkerPool:
    """Worker processes, started early so that they boot while the main process reads and
    prepares the records; ``None`` pool (everything in this process) for ``jobs`` 1, except
    for custom templates (``bounded``), which always render in a worker under limits."""

    def __init__(self, jobs: int, bounded: bool = False):
        self.jobs, self.bounded = max(jobs, 1 if bounded else 0), bounded
        self.pool = _new_pool(self.jobs, bounded) if jobs > 1 or bounded else None

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


# Below this many documents one process is faster than starting workers (measured on a 2-core
# machine, benchmarks/bench_batch.py: 300 letters 0.63 s alone vs 0.71 s with two workers; 600
# letters 1.14 s vs 1.09 s).
WORKERS_FROM = 500


def pool_for(records: int, jobs: int, bounded: bool = False) -> WorkerPool:
    """Workers for a batch of about ``records`` documents, only where they pay: none below
    ``WORKERS_FROM`` documents or when the machine is already busy (load average at or above
    its cores), at most one per chunk (a custom template always renders in a worker)."""
    if records < WORKERS_FROM or _machine_busy():
        jobs = 1
    return WorkerPool(min(jobs, -(-records // CHUNK_SIZE)), bounded)


def prestart_workers(jobs: int) -> None:
    """Start the worker server now (Linux, several jobs, machine not busy), so that it imports
    the rendering stack on another core while this process loads its own modules and reads the
    inputs; the pool then forks from it without waiting. A run that turns out too small for
    workers has only spent that import on the other core."""
    if jobs > 1 and sys.platform.startswith("linux") and not _machine_busy():
        from multiprocessing import forkserver

        _worker_context()  # the preload list
        with _children_blind_to_sigint():  # the server (importing for a while) and every worker it forks
            forkserver.ensure_running()


@contextlib.contextmanager
def _children_blind_to_sigint():
    """Start processes inside this block: they inherit a mask with SIGINT blocked. The resource
    tracker is started first, outside the block: CPython unblocks SIGINT in the thread that starts
    it, which would let the worker server started after it receive Ctrl-C (a traceback on screen)."""
    if sys.platform != "win32":
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    with sigint_blocked():
        yield


def _machine_busy() -> bool:
    try:
        return os.getloadavg()[0] >= default_jobs()
    except (AttributeError, OSError):  # Windows has no load average
        return False


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


def _worker_context():
    """Workers never fork the main process (which may hold a large register: their memory would
    depend on the batch). On Linux they fork from a small server that imported the rendering
    stack once (``forkserver``), so a worker costs a fork, not a fresh interpreter and its
    imports; elsewhere (Windows, macOS) they start fresh (``spawn``)."""
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["minutes_gen.engine.render"])
        return context
    return multiprocessing.get_context("spawn")


def _new_pool(workers: int, bounded: bool = False) -> ProcessPoolExecutor:
    """A pool whose ``workers`` processes are started now, with Ctrl-C blocked in them."""
    pool = ProcessPoolExecutor(workers, mp_context=_worker_context(), initializer=_start_worker,
                               initargs=(bounded, os.environ.get(LIMITS_ENV)))
    try:
        with _children_blind_to_sigint():
            for _ in range(workers):  # each submit to a busy pool starts one more process
                pool.submit(_ready)
    except KeyboardInterrupt:  # Ctrl-C while they start: let them finish starting and leave quietly
        with sigint_ignored():
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    return pool


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
            self.pending[self.pool.submit(_run_chunk, chunk, self.force or tries > 0,
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
            results = [_render_bytes(task) for task in checks]
        else:
            futures = [self.pool.submit(_render_bytes, task) for task in checks]
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
                    outcomes = self._emit(_run_chunk(chunk, self.force, self.staging))
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
        self.pool = self.owner.pool = _new_pool(self.workers, self.owner.bounded)
        for chunk, _ in crashed:  # workers killed mid-write leave hidden temporary files
            for task in chunk:
                remove_stale_temp(task.target)
        for chunk, tries in crashed:
            if tries:
                yield from self._emit(_isolate(chunk))
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



def _isolate(chunk: list[Task]) -> list[Outcome]:
    """Run each record of a chunk in a process of its own."""
    outcomes = []
    for task in chunk:
        with _new_pool(1) as single:
            try:
                with sigint_blocked():
                    future = single.submit(_run_task, task, True)  # not staged: the staging folder may hold its remains
                outcomes.append(future.result())
            except BrokenProcessPool:
                outcomes.append(Outcome(task.index, error="tiến trình tạo văn bản bị dừng đột ngột ở bản ghi này"))
    return outcomes


def render_isolated(template: str, context: dict) -> bytes:
    """Render a custom template's one document in a worker process under the limits; raise
    ``InputError`` naming the template when it fails or goes past a limit."""
    task = Task(0, template, context, "", bounded=True)
    with WorkerPool(1, bounded=True) as workers:
        runner = _Runner(iter(()), workers, False)
        result = runner._answer(workers.pool.submit(_render_bytes, task), template)
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
