"""`kinerja bi up|down|status|export`: Superset with the shipped dashboard (`make bi`)."""

from __future__ import annotations

from pathlib import Path

import typer

from kinerja.bi import superset

from .output import console

app = typer.Typer(help="BI: Apache Superset with the Kinerja dashboard, reading the marts as kinerja_bi.")


def _print(dasbor: superset.Dasbor) -> None:
    state = "running" if dasbor.running else "stopped"
    print(f"Superset:  {dasbor.url}/superset/dashboard/kinerja/  ({state})")
    print(f"login:     {dasbor.user} / {dasbor.password}")
    print(f"warehouse: read as kinerja_bi (marts and laporan only); log {dasbor.log}")


@app.command()
def up(
    force_import: bool = typer.Option(False, help="import the dashboard even when its files did not change"),
) -> None:
    """Start Superset (installing its metadata and the dashboard at first start)."""
    with console.status("starting Superset…"):
        dasbor = superset.up(force_import)
    _print(dasbor)


@app.command()
def down() -> None:
    """Stop Superset."""
    print("Superset stopped" if superset.down() else "Superset was not running")


@app.command()
def status() -> None:
    """Where Superset is, whether it runs, and the login."""
    _print(superset.status())


@app.command()
def export(
    out: Path = typer.Option(superset.ROOT / "dashboards" / "kinerja", help="folder to write the bundle into"),
) -> None:
    """Write the dashboard as it is in Superset now back into dashboards/ (Superset's export format)."""
    superset.export(out)
    print(f"exported to {out}: review `git diff dashboards/`, then commit")
