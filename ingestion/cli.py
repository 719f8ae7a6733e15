"""`kinerja`: the command line of the warehouse (see shared/spec/interface.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from . import warehouse
from .errors import KinerjaError

app = typer.Typer(help="Kinerja: ASN performance warehouse.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
db_app = typer.Typer(help="The embedded PostgreSQL warehouse.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console()
err = Console(stderr=True)


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(1)


@db_app.command("start")
def db_start() -> None:
    """Start the embedded server (no-op when running or when KINERJA_DATABASE_URL is set)."""
    print(f"warehouse ready: {warehouse.start()}")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded server."""
    console.print("stopped" if warehouse.stop() else "not running")


@db_app.command("status")
def db_status() -> None:
    """Whether the warehouse is up, and where."""
    info = warehouse.status()
    console.print_json(json.dumps(info))
    if not info["running"]:
        raise typer.Exit(1)


@db_app.command("url")
def db_url() -> None:
    """Print the DSN in use (psql, dbt, BI tools)."""
    print(warehouse.url())


@app.command()
def generate(
    month: str = typer.Option(..., help="YYYY-MM"),
    out: Path = typer.Option(..., help="landing folder to write"),
    scale: str = typer.Option("tiny", help="tiny | city"),
    seed: int = typer.Option(42, help="same seed, same files"),
    defects: bool = typer.Option(True, help="inject the defects real exports have (listed in _manifest.json)"),
) -> None:
    """Write realistic synthetic source files for one month."""
    from .generator import generate as run

    manifest = run(scale=scale, month=month, out=out, seed=seed, defects=defects)
    table = Table("source", "files", "rows", title=f"generated {scale} {month} in {out}")
    for source, info in manifest["sources"].items():
        table.add_row(source, str(info["files"]), f"{info['rows']:,}")
    console.print(table)
    if defects:
        console.print(f"injected {len(manifest['defects'])} defective rows and {len(manifest['rejected_files'])} "
                      f"unreadable files (see {out / '_manifest.json'})", highlight=False)


def _print_results(results: list) -> None:
    table = Table("source", "file", "status", "read", "loaded", "quarantined", "checks", "reason")
    for r in results:
        checks = "" if not r.checks else ("ok" if r.checks["success"] else f"{len(r.checks['failed'])} failed")
        table.add_row(r.source, Path(r.path).name, r.status, f"{r.rows_read:,}", f"{r.rows_loaded:,}",
                      f"{r.rows_quarantined:,}", checks, r.reason or "")
    console.print(table)


@app.command()
def ingest(
    landing: Path = typer.Option(..., exists=True, file_okay=False, help="landing folder"),
    source: Optional[str] = typer.Option(None, help="only this source"),
) -> None:
    """Load new files: landing -> raw, validation, quarantine, ledger."""
    from .loader import ingest as run

    with console.status("loading…"):
        results = run(landing, source=source)
    _print_results(results)
    if not results:
        console.print(f"no data files under {landing}")


@app.command()
def transform(
    select: Optional[str] = typer.Option(None, help="dbt node selection"),
    full_refresh: bool = typer.Option(False, "--full-refresh"),
    month: Optional[str] = typer.Option(None, help="YYYY-MM: build attendance through its last day"),
    parse: bool = typer.Option(False, "--parse", help="only write the dbt manifest (for the Airflow DAG)"),
) -> None:
    """`dbt build` of the warehouse."""
    from .transform import build, parse as parse_only

    if parse:
        parse_only()
        return

    result = build(select=select, full_refresh=full_refresh, month=month)
    for line in result["failures"]:
        err.print(f"[red]failed:[/] {line}", highlight=False)
    console.print(f"dbt build: {result['passed']} passed, {result['failed']} failed, {result['skipped']} skipped")
    if result["failed"]:
        raise typer.Exit(1)


@app.command()
def docs() -> None:
    """dbt docs of the warehouse (models, columns, lineage, exposures) as one HTML file."""
    from .transform import docs as generate_docs

    console.print(f"dbt docs: {generate_docs()}")


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="one JSON object per file")) -> None:
    """The load ledger."""
    from . import ledger

    with warehouse.connect() as conn:
        ledger.ensure_schema(conn)
        rows = ledger.entries(conn)
    if as_json:
        keys = ["source", "path", "sha256", "status", "rows_read", "rows_loaded", "rows_quarantined", "reason"]
        print(json.dumps([{k: r[k] for k in keys} | {"checks": r["checks"]} for r in rows], indent=2))
        return
    table = Table("source", "file", "status", "read", "loaded", "quarantined", "checks", "loaded at")
    from expectations.gates import data_docs_dir

    for r in rows:
        checks = "" if not r["checks"] else ("ok" if r["checks"]["success"] else f"{len(r['checks']['failed'])} failed")
        table.add_row(r["source"], Path(r["path"]).name, r["status"], f"{r['rows_read']:,}",
                      f"{r['rows_loaded']:,}", f"{r['rows_quarantined']:,}", checks, r["loaded_at"][:19])
    console.print(table)
    index = data_docs_dir() / "index.html"
    print(f"Data Docs (Great Expectations results per file): {index if index.exists() else 'none yet'}")


quarantine_app = typer.Typer(help="Quarantined rows and blocked batches.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.command("list")
def quarantine_list(source: Optional[str] = typer.Option(None), limit: int = typer.Option(50),
                    as_json: bool = typer.Option(False, "--json")) -> None:
    """What is quarantined, by which rule, and why."""
    from . import ledger, quarantine

    with warehouse.connect() as conn:
        ledger.ensure_schema(conn)
        found = quarantine.rows(conn, source, limit)
        totals = quarantine.summary(conn)
    if as_json:
        print(json.dumps(found, indent=2))
        return
    table = Table("source", "rule", "rows", title="quarantine")
    for s, rule, n in totals:
        table.add_row(s, rule, f"{n:,}")
    console.print(table)
    detail = Table("source", "file", "line", "rule", "message")
    for r in found:
        detail.add_row(r["source"], Path(r["path"]).name, str(r["line"]), r["rule"], r["message"])
    console.print(detail)


@quarantine_app.command("retry")
def quarantine_retry() -> None:
    """Re-check rows quarantined as unknown employee/unit against the current roster and units."""
    from . import ledger, quarantine

    with warehouse.connect(autocommit=True) as conn:
        ledger.ensure_schema(conn)
        result = quarantine.retry(conn)
    console.print(f"loaded {result['loaded']:,} rows; {result['still_quarantined']:,} still fail a rule")


@quarantine_app.command("release")
def quarantine_release(batch_id: int, note: str = typer.Option(..., help="why the batch may go through")) -> None:
    """Let a BLOCKED batch through after inspecting it."""
    from . import quarantine

    with warehouse.connect(autocommit=True) as conn:
        quarantine.release(conn, batch_id, note)
    console.print(f"batch {batch_id} released")


@app.command()
def run(
    landing: Path = typer.Option(..., exists=True, file_okay=False, help="landing folder"),
    month: Optional[str] = typer.Option(None, help="YYYY-MM (default: the generated month, else last month)"),
    out: Optional[Path] = typer.Option(None, help="where the summary is written (default $KINERJA_HOME/out)"),
) -> None:
    """The whole chain through the Airflow DAGs (`airflow dags test`)."""
    from .orchestrate import run_chain

    summary = run_chain(landing.resolve(), month=month, out=out, console=console)
    if not summary["ok"]:
        raise typer.Exit(1)


@app.command()
def bench(scale: str = typer.Option("city", help="tiny | city"),
          repeat: int = typer.Option(9, help="interleaved repetitions; medians are reported (and best-of for P1)")) -> None:
    """Speed ratios of quality.md (P1-P3), measured in one run; JSON under $KINERJA_HOME/bench."""
    from .bench import run as run_bench

    with console.status(f"benchmarking a {scale} month of kehadiran…"):
        report = run_bench(scale, repeat)
    table = Table("id", "what", "figure", "bar", title=f"kinerja bench --scale {scale} ({report['rows']:,} taps)")
    table.add_row("P1", f"ingest rows/s ÷ bare COPY rows/s ({report['copy_streams']} COPY streams)",
                  f"{report['P1']:.2f}", ">= 0.8")
    table.add_row("", "  the same, fastest repetition of each", f"{report['P1_best']:.2f}", "")
    table.add_row("", "  the same, one COPY stream", f"{report['P1_one_stream']:.2f}", "")
    table.add_row("P2", "GX validation time ÷ bare COPY time", f"{report['P2']:.2f}", "<= 2")
    table.add_row("P3", "to_sql time ÷ ingest time", f"{report['P3']:.1f}", ">= 10")
    console.print(table)
    rates = ", ".join(f"{k} {v:,} rows/s" for k, v in report["rows_per_second"].items())
    print(f"{rates}\nwritten: {report['json']}")


def main() -> None:
    try:
        app()
    except KinerjaError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)
