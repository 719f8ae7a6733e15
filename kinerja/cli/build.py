"""`kinerja transform` and `kinerja docs`: dbt builds of the warehouse and their documentation."""

from __future__ import annotations

import typer

from kinerja.build import dbt

from .output import console, err


def transform(
    select: str | None = typer.Option(None, help="dbt node selection"),
    full_refresh: bool = typer.Option(False, "--full-refresh"),
    month: str | None = typer.Option(None, help="YYYY-MM: build attendance through its last day"),
    parse: bool = typer.Option(False, "--parse", help="only parse the project and write the dbt manifest"),
) -> None:
    """`dbt build` of the warehouse."""
    if parse:
        dbt.parse()
        return
    result = dbt.build(select=select, full_refresh=full_refresh, month=month)
    for line in result.failures:
        err.print(f"[red]failed:[/] {line}", highlight=False)
    console.print(f"dbt build: {result.passed} passed, {result.failed} failed, {result.skipped} skipped")
    if result.failed:
        raise typer.Exit(1)


def docs() -> None:
    """dbt docs of the warehouse (models, columns, lineage, exposures) as one HTML file."""
    console.print(f"dbt docs: {dbt.docs()}")
