"""`kinerja report`: the inspectorate report files of a publication."""

from __future__ import annotations

from pathlib import Path

import typer

from kinerja.core import config
from kinerja.report.berkas import render

from .output import console


def report(
    month: str = typer.Option(..., help="YYYY-MM"),
    instansi: str | None = typer.Option(None, help="one instansi (default: every published one)"),
    revisi: int | None = typer.Option(None, help="a revision (default: the latest)"),
    out: Path | None = typer.Option(None, help="folder for the files (default $KINERJA_HOME/laporan/<month>)"),
) -> None:
    """XLSX and PDF reports rendered from the month's publication, in Bahasa Indonesia."""
    folder = out or config.home() / "laporan" / month
    with console.status("rendering reports…"):
        paths = render(month, folder, instansi, revisi)
    for path in paths:
        console.print(f"written: {path}", highlight=False)
