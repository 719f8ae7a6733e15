"""`kinerja db …`: the embedded PostgreSQL warehouse."""

from __future__ import annotations

import json
import shlex

import typer

from kinerja import warehouse
from kinerja.build.dbt import dbt_env
from kinerja.stack import processes

from .output import console

app = typer.Typer(help="The embedded PostgreSQL warehouse.", no_args_is_help=True)


@app.command("start")
def start() -> None:
    """Start the embedded server (no-op when running or when KINERJA_DATABASE_URL is set)."""
    if processes.supervises("warehouse"):  # the stack's supervisord owns it: start it there
        processes.control("start", "warehouse")
    print(f"warehouse ready: {warehouse.start()}")


@app.command("stop")
def stop() -> None:
    """Stop the embedded server (under `kinerja stack`: stopped there, and not restarted until
    `kinerja db start` or `kinerja stack up`)."""
    if processes.supervises("warehouse"):
        processes.control("stop", "warehouse")
        console.print("stopped (supervised by the stack: `kinerja db start` or `kinerja stack up` starts it)")
        return
    console.print("stopped" if warehouse.stop() else "not running")


@app.command("status")
def status() -> None:
    """Whether the warehouse is up, and where."""
    info = warehouse.status()
    console.print_json(json.dumps(info))
    if not info["running"]:
        raise typer.Exit(1)


@app.command("url")
def url() -> None:
    """Print the DSN in use (psql, dbt, BI tools)."""
    print(warehouse.url())


@app.command("env")
def env() -> None:
    """Print the dbt profile's variables as shell exports: `eval "$(kinerja db env)"` before running
    dbt or sqlfluff by hand."""
    for key, value in dbt_env().items():
        print(f"export {key}={shlex.quote(value)}")
