"""What every command prints through: the consoles and the results table of a load."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingestion.ledger import FileResult

console = Console()
err = Console(stderr=True)


def checks_cell(checks: dict | None) -> str:
    """The validation outcome of one batch in a table cell."""
    if not checks:
        return ""
    return "ok" if checks["success"] else f"{len(checks['failed'])} failed"


def print_results(results: list[FileResult]) -> None:
    """One row per file read; files already in the ledger are counted, not listed (a landing
    folder that keeps years of files would print thousands of lines)."""
    skipped = sum(r.status == "SKIPPED" for r in results)
    results = [r for r in results if r.status != "SKIPPED"]
    table = Table("source", "file", "status", "read", "loaded", "quarantined", "checks", "reason")
    for r in results:
        table.add_row(
            r.source,
            Path(r.path).name,
            r.status,
            f"{r.rows_read:,}",
            f"{r.rows_loaded:,}",
            f"{r.rows_quarantined:,}",
            checks_cell(r.checks),
            r.reason or "",
        )
    if results:
        console.print(table)
    if skipped:
        console.print(f"{skipped:,} file(s) already in the ledger, skipped")
