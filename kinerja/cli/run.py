"""`kinerja run`: the whole chain through the real Airflow scheduler."""

from __future__ import annotations

from pathlib import Path

import typer

from kinerja.run.chain import run_chain

from .output import console


def run(
    landing: Path = typer.Option(..., exists=True, file_okay=False, help="landing folder"),
    month: str | None = typer.Option(None, help="YYYY-MM (default: the generated month, else last month)"),
    out: Path | None = typer.Option(None, help="where the summary is written (default $KINERJA_HOME/out)"),
) -> None:
    """The whole chain through the real Airflow scheduler (starts `kinerja stack` when not up)."""
    summary = run_chain(landing.resolve(), month=month, out=out, console=console)
    if not summary.ok:
        raise typer.Exit(1)
