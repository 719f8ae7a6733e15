"""`kinerja stack up|down|status`: the production-shaped stack as local processes."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.table import Table

from kinerja.stack import processes

from .output import console

app = typer.Typer(help="The local stack: warehouse + Airflow (api-server, scheduler, dag-processor, triggerer).")


def _print(stack: processes.Stack) -> None:
    table = Table("process", "state", title="kinerja stack")
    for name, state in stack.processes.items():
        table.add_row(name, state)
    console.print(table)
    print(f"Airflow UI: {stack.url}  login: {stack.user} / {stack.password}")
    print(f"logs:       {processes.stack_dir() / 'logs'}")


@app.command()
def up(
    landing: Path | None = typer.Option(None, help="landing folder the nightly DAGs read (default $KINERJA_LANDING)"),
) -> None:
    """Start the stack (or what of it is not running) and wait until Airflow is healthy."""
    with console.status("starting the stack…"):
        stack = processes.up(landing.resolve() if landing else None)
    _print(stack)


@app.command()
def down() -> None:
    """Stop every process of the stack, the embedded warehouse included."""
    with console.status("stopping the stack…"):
        stopped = processes.down()
    console.print("stack stopped" if stopped else "the stack was not running")


@app.command("exec", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def exec_(ctx: typer.Context) -> None:
    """Run a command (e.g. `airflow scheduler`) in the stack's environment: how compose starts
    every Airflow process, so both share kinerja/core/env.py."""
    if not ctx.args:
        raise typer.BadParameter("name the command to run, e.g. `kinerja stack exec -- airflow scheduler`")
    environ = processes.environment(Path(os.environ["KINERJA_LANDING"]) if "KINERJA_LANDING" in os.environ else None)
    os.execvpe(ctx.args[0], ctx.args, environ)


@app.command()
def restart(name: str = typer.Argument("all", help="warehouse, airflow-scheduler, airflow-api-server, …")) -> None:
    """Restart one process of the stack (or all), e.g. after changing a setting."""
    console.print(processes.control("restart", name) or "restarted")


@app.command()
def status() -> None:
    """Each process and its state."""
    stack = processes.status()
    if stack is None:
        console.print("the stack is not running (`kinerja stack up`)")
        raise typer.Exit(1)
    _print(stack)
