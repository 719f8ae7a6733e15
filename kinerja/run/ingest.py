"""A night's loading step: landing -> raw with the Great Expectations gate. The ingest DAGs,
`kinerja ingest`, `kinerja quarantine retry` and the tests call these; `ingestion` and
`expectations` do not know each other, and this is where they meet."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from expectations import gates
from ingestion import ledger, loader, quarantine
from ingestion.ledger import FileResult
from kinerja import warehouse
from kinerja.core.errors import KinerjaError


def ingest(
    landing: Path,
    source: str | None = None,
    sources: Iterable[str] | None = None,
    progress: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Load the new files of a landing folder, validate each batch, and refresh the Data Docs index."""
    results = loader.ingest(
        landing, source=source, sources=sources, validator=gates.validate_batches, progress=progress
    )
    if results:
        with warehouse.connect(autocommit=True) as conn:
            gates.write_index(conn)
    return results


def retry_quarantine() -> quarantine.RetryResult:
    """Rows quarantined as unknown employee/unit, re-checked against the roster and units loaded since."""
    with warehouse.connect(autocommit=True) as conn:
        ledger.ensure_schema(conn)
        return quarantine.retry(conn, gates.validate_batches)


def raise_if_blocked(sources: Iterable[str]) -> None:
    """Fail (for the DAG) while any batch of these sources is BLOCKED: a batch rule failed and an
    engineer must look (`kinerja quarantine release`, or correct the file)."""
    with warehouse.connect(autocommit=True) as conn:
        found = quarantine.blocked(conn, list(sources))
    if found:
        lines = "; ".join(f"batch {b['batch_id']} {Path(b['path']).name}: {b['reason']}" for b in found)
        raise KinerjaError(f"{len(found)} batch(es) blocked from the marts: {lines}")
