"""The ``minutes-gen`` group and how a run ends: every ending is one Vietnamese message.

Click's standalone mode would print ``Aborted!`` on Ctrl-C and a Python traceback on an
unexpected error; here the group runs Click in non-standalone mode and ends each case itself:
bad input or a file that cannot be written (exit 2), Ctrl-C (exit 130), a closed pipe, and
an unexpected error (exit 1, one line; ``MINUTES_GEN_DEBUG=1`` shows the traceback).
"""

import errno
import os
import sys

import click

from minutes_gen import EXIT_INTERRUPTED, INTERRUPTED, __version__
from minutes_gen.errors import NOTHING_WRITTEN, InputError, explain_os_error

DEBUG_ENV = "MINUTES_GEN_DEBUG"


class WritingCommand(click.Command):
    """A command that writes files: an input error it raises before writing says nothing was written."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as error:
            error.footer = error.footer or NOTHING_WRITTEN
            raise


class MinutesGenGroup(click.Group):
    """The top-level group; ``main`` ends every run with a Vietnamese message."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except (click.Abort, KeyboardInterrupt):
            _say(INTERRUPTED)
            sys.exit(EXIT_INTERRUPTED)
        except OSError as error:
            sys.exit(_os_error_exit(error))
        except Exception as error:  # noqa: BLE001  (the last line of defence: never a traceback)
            if os.environ.get(DEBUG_ENV):
                raise
            _say(f"Lỗi ngoài dự kiến của chương trình ({type(error).__name__}). Hãy báo cho người quản trị, "
                 f"kèm lệnh đã chạy; chạy lại với {DEBUG_ENV}=1 để xem chi tiết kỹ thuật.")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _say(text: str) -> None:
    try:
        click.echo(text, err=True)
    except OSError:
        pass


def _os_error_exit(error: OSError) -> int:
    if error.errno == errno.EPIPE:  # the reader of our output went away (| head): not an error
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (no flush error at exit)
        except OSError:
            pass
        return 1
    where = f" ({error.filename})" if getattr(error, "filename", None) else ""
    _say(f"Lỗi: {explain_os_error(error)}{where}")
    return 2


@click.group(cls=MinutesGenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="minutes-gen", help="In số phiên bản.")
def cli():
    """minutes-gen: biên bản kiểm tra, thông báo kết luận và phiếu xin lỗi theo Nghị định 30/2020/NĐ-CP."""
