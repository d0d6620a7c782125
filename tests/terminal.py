"""Running minutes-gen in a pseudo-terminal, as a person types it, and pressing Ctrl-C."""

import os
import pty
import select
import signal
import sys
import time
from dataclasses import dataclass

from conftest import ROOT

CTRL_C = b"\x03"


@dataclass
class TerminalRun:
    exit_code: int
    screen: str  # everything the terminal showed (stdout and stderr together)
    interrupted: bool


def run_in_terminal(args, cwd, *, press_ctrl_c_when=None, timeout: float = 300, env: dict | None = None,
                    answers: dict | None = None) -> TerminalRun:
    """Run ``minutes-gen ARGS`` with a pseudo-terminal as its controlling terminal; when
    ``press_ctrl_c_when(screen so far)`` becomes true, type Ctrl-C (the terminal then sends SIGINT to the
    whole foreground process group, worker processes included). ``answers``: when the screen shows
    a prompt (key), type its answer (value, then Enter) — each prompt answered once."""
    pending = dict(answers or {})
    command = [sys.executable, "-m", "minutes_gen", *map(str, args)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", **(env or {})}
    environment.pop("MINUTES_GEN_DEBUG", None)
    pid, master = pty.fork()
    if pid == 0:  # the child: becomes minutes-gen, in the pty's session
        try:
            os.chdir(cwd)
            os.execve(sys.executable, command, environment)
        finally:
            os._exit(127)
    screen, interrupted = bytearray(), False
    deadline = time.monotonic() + timeout
    try:
        while True:
            if time.monotonic() > deadline:
                os.killpg(pid, signal.SIGKILL)
                raise TimeoutError(f"minutes-gen {' '.join(map(str, args))} chạy quá {timeout} s:\n{screen.decode()}")
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every process holding the terminal has closed it
                    chunk = b""
                if not chunk:
                    break
                screen += chunk
            for prompt in [p for p in pending if p in screen.decode("utf-8", "replace")]:
                os.write(master, pending.pop(prompt).encode() + b"\r")
            if press_ctrl_c_when is not None and not interrupted and press_ctrl_c_when(screen.decode('utf-8', 'replace')):
                os.write(master, CTRL_C)
                interrupted = True
    finally:
        os.close(master)
    _, status = os.waitpid(pid, 0)
    return TerminalRun(os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace"), interrupted)
