"""`kinerja ingest`, `kinerja status` and `kinerja quarantine …`: loading and what it left."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from expectations.gates import data_docs_dir
from ingestion import ledger, quarantine
from kinerja import warehouse
from kinerja.run import ingest as nightly
from kinerja.run import senyap

from .output import checks_cell, console, print_results

quarantine_app = typer.Typer(help="Quarantined rows and blocked batches.", no_args_is_help=True)


def ingest(
    landing: Path = typer.Option(..., exists=True, file_okay=False, help="landing folder"),
    source: str | None = typer.Option(None, help="only this source"),
    rehash: bool = typer.Option(
        False, "--rehash", help="hash every file again instead of trusting an unchanged path, size and time"
    ),
) -> None:
    """Load new files: landing -> raw, validation, quarantine, ledger. A file seen before with the
    same path, size and modification time is skipped without reading it (`--rehash` reads all)."""
    with console.status("loading…"):
        results = nightly.ingest(landing, source=source, rehash=rehash)
    print_results(results)
    if not results:
        console.print(f"no data files under {landing}")


def status(as_json: bool = typer.Option(False, "--json", help="one JSON object per file")) -> None:
    """The load ledger."""
    with warehouse.connect(role="loader") as conn:
        ledger.ensure_schema(conn)
        rows = ledger.entries(conn)
        warnings = senyap.recent(conn, limit=20)
    if as_json:
        keys = ["source", "path", "sha256", "status", "rows_read", "rows_loaded", "rows_quarantined", "reason"]
        print(json.dumps([{k: r[k] for k in keys} | {"checks": r["checks"]} for r in rows], indent=2))
        return
    table = Table("source", "file", "status", "read", "loaded", "quarantined", "checks", "loaded at")
    for r in rows:
        table.add_row(
            r["source"],
            Path(r["path"]).name,
            r["status"],
            f"{r['rows_read']:,}",
            f"{r['rows_loaded']:,}",
            f"{r['rows_quarantined']:,}",
            checks_cell(r["checks"]),
            r["loaded_at"][:19],
        )
    console.print(table)
    if warnings:
        recent = Table("kind", "source", "what", "day", "warning", title="peringatan (latest first)")
        for w in warnings:
            recent.add_row(w["jenis"], w["source"], Path(w["kunci"]).name, str(w["tanggal"] or ""), w["pesan"])
        console.print(recent)
    index = data_docs_dir() / "index.html"
    print(f"Data Docs (Great Expectations results per file): {index if index.exists() else 'none yet'}")


@quarantine_app.command("list")
def quarantine_list(
    source: str | None = typer.Option(None),
    limit: int = typer.Option(50),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """What is quarantined, by which rule, and why."""
    with warehouse.connect(role="loader") as conn:
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
    result = nightly.retry_quarantine()
    console.print(f"loaded {result.loaded:,} rows; {result.still_quarantined:,} still fail a rule")


@quarantine_app.command("release")
def quarantine_release(batch_id: int, note: str = typer.Option(..., help="why the batch may go through")) -> None:
    """Let a BLOCKED batch through after inspecting it."""
    with warehouse.connect(autocommit=True, role="loader") as conn:
        quarantine.release(conn, batch_id, note)
    console.print(f"batch {batch_id} released")
