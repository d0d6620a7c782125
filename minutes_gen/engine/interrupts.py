"""Ctrl-C at any moment: worker processes never see it, short steps are never cut in half.

A terminal sends Ctrl-C (SIGINT) to every process of the foreground group, workers included.
Workers are started with SIGINT blocked (the mask is inherited through fork and exec) and
ignore it once running, so only the main process decides how a run stops and no worker
prints a traceback. Steps that must finish whole (recording a document, writing the
manifest) hold Ctrl-C until they are done.
"""

import contextlib
import signal
import threading

_BLOCKABLE = hasattr(signal, "pthread_sigmask")


@contextlib.contextmanager
def sigint_blocked():
    """Block SIGINT in this thread while child processes are started (they inherit the mask)."""
    if not _BLOCKABLE:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_sigint_in_worker() -> None:
    """In a worker: ignore SIGINT for good, then unblock it (a pending Ctrl-C is dropped)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _BLOCKABLE:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def sigint_deferred():
    """Run the block whole: a Ctrl-C during it is raised as ``KeyboardInterrupt`` at its end."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda *_: received.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


@contextlib.contextmanager
def sigint_ignored():
    """Ignore Ctrl-C during the block (used while a stopped run writes what it did)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
