"""Command line: parse options, call the pipeline, print results. Nothing else lives here.

Heavy libraries are imported inside the commands that need them, so ``--help`` stays fast.
Every way a run can end is shown in Vietnamese (see ``app.MinutesGenGroup``).
"""

from minutes_gen.cli import language

language.install()  # before any option is declared: Click names its types when they are made

from minutes_gen.cli.app import cli  # noqa: E402

from minutes_gen.cli import (  # noqa: E402,F401  (the commands register themselves)
    case_commands,
    doctor,
    documents,
    dossiers,
    office_commands,
    register_commands,
    serve,
    signing_commands,
    templates_commands,
)

language.localise_metavars(cli)

__all__ = ["cli"]
