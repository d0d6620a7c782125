"""Limits on rendering a template that came from outside (``--template``): time per document,
memory of the process that renders, and the size of what ``*`` and ``**`` may build.

A template is a small program: ``{% for i in range(100000) %}{% for j in range(100000) %}``
never ends, ``'A' * 10**10`` asks for 10 GB. Custom templates are therefore rendered in
worker processes only, each document under a timer and each worker under an address-space
limit (``minutes_gen.sources.limits``: render_seconds, render_memory_mb; Linux and macOS, Windows:
time only); the parent also gives up on a worker that stops answering. Built-in templates are
not limited: they are this project's own code.
"""

import contextlib
import math
import signal

from minutes_gen.sources.limits import limits
from minutes_gen.vn.numbers import grouped

MAX_BUILT_ITEMS = 1_000_000   # characters or items that ``*`` may build
MAX_POWER = 10 ** 12          # the largest result of ``**``
GRACE_SECONDS = 30            # how long the parent waits past the worker's own timer
LIMIT_HEADLINE = "Mẫu văn bản vượt giới hạn"


class RenderLimit(Exception):
    """A custom template went past a limit; the message is Vietnamese."""


def apply_memory_limit() -> None:
    """In a worker that renders custom templates: cap its address space (where the OS allows)."""
    try:
        import resource
    except ImportError:  # Windows
        return
    wanted = limits().render_memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


@contextlib.contextmanager
def time_limit():
    """Raise ``RenderLimit`` in the block when it runs longer than ``render_seconds`` (main
    thread of a POSIX process; elsewhere the parent's own timeout is the limit)."""
    seconds = limits().render_seconds
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(*_):
        raise RenderLimit(f"mẫu chạy quá {seconds:g} giây cho một văn bản (vòng lặp quá lớn?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def checked_binop(operator: str, left, right):
    """``left * right`` or ``left ** right`` in a template, refused when the result would be huge."""
    if operator == "*":
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and len(sequence) * times > MAX_BUILT_ITEMS:
                raise RenderLimit(f"mẫu tạo chuỗi hoặc danh sách quá dài (trên {grouped(MAX_BUILT_ITEMS)} phần tử)")
        return left * right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        if abs(left) > 1 and right > 0 and right * math.log10(abs(left)) > math.log10(MAX_POWER):
            raise RenderLimit(f"mẫu tính lũy thừa quá lớn (trên {grouped(MAX_POWER)})")
    return left ** right
