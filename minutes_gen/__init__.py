"""minutes-gen: ND30-conformant Word documents for administrative-reform inspections."""

__version__ = "0.1.0"
# How a run stopped by Ctrl-C ends, known before anything else is imported (``entry``, ``cli.app``).
INTERRUPTED = "Đã dừng theo yêu cầu (Ctrl-C)."
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C
