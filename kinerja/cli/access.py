"""`kinerja access`: inspectorate logins limited to their instansi by row-level security."""

from __future__ import annotations

import typer
from rich.table import Table

from kinerja.access import inspektorat

from .output import console

app = typer.Typer(help="Inspectorate logins and the instansi each may read in `laporan`.", no_args_is_help=True)


@app.command("grant")
def grant(
    instansi: str = typer.Option(..., help="instansi_kode the login may read"),
    login: str = typer.Option(..., help="PostgreSQL login of the inspectorate (created when new)"),
) -> None:
    """Let a login read one instansi's rows in every `laporan` table."""
    password = inspektorat.grant(instansi, login)
    console.print(f"{login} may read laporan rows of instansi {instansi}")
    if password:
        console.print(f"new login {login}; its password is kept in $KINERJA_HOME/secrets/{login}_password")


@app.command("revoke")
def revoke(
    instansi: str = typer.Option(..., help="instansi_kode to take away"),
    login: str = typer.Option(...),
) -> None:
    """Take an instansi from a login (the login is dropped when it has none left)."""
    if inspektorat.revoke(instansi, login):
        console.print(f"{login} no longer reads instansi {instansi}")
    else:
        console.print(f"{login} had no access to instansi {instansi}: nothing to revoke")


@app.command("list")
def list_() -> None:
    """Every inspectorate login and its instansi."""
    table = Table("login", "instansi", "granted at", "granted by")
    for a in inspektorat.daftar():
        table.add_row(a.login, a.instansi_kode, f"{a.diberikan_pada:%Y-%m-%d %H:%M}", a.diberikan_oleh)
    console.print(table)
