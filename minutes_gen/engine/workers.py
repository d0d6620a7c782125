"""Worker processes: how many, when they pay, started early from a small server (Linux
``forkserver``) with Ctrl-C blocked in them, and one record per process to find a record that kills its worker."""

import contextlib
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from minutes_gen.engine.interrupts import ignore_sigint_in_worker, sigint_blocked, sigint_ignored
from minutes_gen.engine.limits import apply_memory_limit
from minutes_gen.engine.tasks import CHUNK_SIZE, Outcome, Task, run_task
from minutes_gen.sources.limits import LIMITS_ENV


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1


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
        self.pool = new_pool(self.jobs, bounded) if jobs > 1 or bounded else None

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
    if records < WORKERS_FROM or machine_busy():
        jobs = 1
    return WorkerPool(min(jobs, -(-records // CHUNK_SIZE)), bounded)


def prestart_workers(jobs: int) -> None:
    """Start the worker server now (Linux, several jobs, machine not busy), so that it imports
    the rendering stack on another core while this process loads its own modules and reads the
    inputs; the pool then forks from it without waiting. A run that turns out too small for
    workers has only spent that import on the other core."""
    if jobs > 1 and sys.platform.startswith("linux") and not machine_busy():
        from multiprocessing import forkserver

        _worker_context()  # the preload list
        with children_blind_to_sigint():  # the server (importing for a while) and every worker it forks
            forkserver.ensure_running()


@contextlib.contextmanager
def children_blind_to_sigint():
    """Start processes inside this block: they inherit a mask with SIGINT blocked. The resource
    tracker is started first, outside the block: CPython unblocks SIGINT in the thread that starts
    it, which would let the worker server started after it receive Ctrl-C (a traceback on screen)."""
    if sys.platform != "win32":
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
    with sigint_blocked():
        yield


def machine_busy() -> bool:
    try:
        return os.getloadavg()[0] >= default_jobs()
    except (AttributeError, OSError):  # Windows has no load average
        return False


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


def new_pool(workers: int, bounded: bool = False) -> ProcessPoolExecutor:
    """A pool whose ``workers`` processes are started now, with Ctrl-C blocked in them."""
    pool = ProcessPoolExecutor(workers, mp_context=_worker_context(), initializer=_start_worker,
                               initargs=(bounded, os.environ.get(LIMITS_ENV)))
    try:
        with children_blind_to_sigint():
            for _ in range(workers):  # each submit to a busy pool starts one more process
                pool.submit(_ready)
    except KeyboardInterrupt:  # Ctrl-C while they start: let them finish starting and leave quietly
        with sigint_ignored():
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    return pool


def isolate(chunk: list[Task]) -> list[Outcome]:
    """Run each record of a chunk in a process of its own."""
    outcomes = []
    for task in chunk:
        with new_pool(1) as single:
            try:
                with sigint_blocked():
                    future = single.submit(run_task, task, True)  # not staged: the staging folder may hold its remains
                outcomes.append(future.result())
            except BrokenProcessPool:
                outcomes.append(Outcome(task.index, error="tiến trình tạo văn bản bị dừng đột ngột ở bản ghi này"))
    return outcomes
