"""`kinerja`: the command line of the warehouse (docs/commands.md). This module only assembles
the command groups; each lives in its own module."""

from __future__ import annotations

import sys

import typer

from kinerja.core.errors import KinerjaError

from . import access, bench, bi, build, db, explain, ingest, publish, report, run, stack, synth
from .output import err

app = typer.Typer(help="Kinerja: ASN performance warehouse.", no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(db.app, name="db")
app.command()(synth.generate)
app.command()(ingest.ingest)
app.command()(build.transform)
app.command()(build.docs)
app.command()(ingest.status)
app.add_typer(ingest.quarantine_app, name="quarantine")
app.command()(publish.publish)
app.command()(explain.explain)
app.command()(report.report)
app.add_typer(access.app, name="access")
app.command()(run.run)
app.add_typer(stack.app, name="stack")
app.command()(bench.bench)
app.add_typer(bi.app, name="bi")


def main() -> None:
    try:
        app()
    except KinerjaError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)
