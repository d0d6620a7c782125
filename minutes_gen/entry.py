"""The ``minutes-gen`` command. Ctrl-C is answered in Vietnamese from the first moment (even
while the program is still loading) to the last (while it closes its worker processes)."""

import signal
import sys

from minutes_gen import EXIT_INTERRUPTED, INTERRUPTED


def main() -> None:
    """Run the command line; see ``minutes_gen.cli.app`` for how each run ends."""
    try:
        from minutes_gen.cli.app import cli
    except KeyboardInterrupt:
        sys.stderr.write(INTERRUPTED + "\n")
        sys.exit(EXIT_INTERRUPTED)
    try:
        cli(prog_name="minutes-gen")
    finally:  # leaving: a late Ctrl-C must not interrupt the clean-up and print a traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
