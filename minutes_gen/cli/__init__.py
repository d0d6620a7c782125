"""Command line: parse options, call the pipeline, print results. Nothing else lives here.

Heavy libraries are imported inside the commands that need them, so ``--help`` stays fast.
"""

import click

from minutes_gen import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="minutes-gen", help="In số phiên bản.")
def cli():
    """minutes-gen: biên bản kiểm tra, thông báo kết luận và phiếu xin lỗi theo Nghị định 30/2020/NĐ-CP."""


def main():
    """Entry point of the ``minutes-gen`` command."""
    cli(prog_name="minutes-gen")


from minutes_gen.cli import (  # noqa: E402,F401  (the commands register themselves)
    doctor,
    documents,
    dossiers,
    register_commands,
    serve,
    templates_commands,
)
