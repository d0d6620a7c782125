"""Objects that misbehave inside a worker process (importable there, for the parallel tests)."""

import os


class KillsTheProcess:
    """Rendering it ends the process at once, as a crash in a C library would."""

    def __str__(self):
        os._exit(3)


class Raises:
    """Rendering it raises an unexpected Python error."""

    def __str__(self):
        raise RuntimeError("hỏng")
