"""A night's loading step: landing -> raw with the Great Expectations gate, then the night's
verdict. The ingest DAGs, `kinerja ingest`, `kinerja quarantine retry` and the tests call these;
`ingestion` and `expectations` do not know each other, and this is where they meet."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from expectations import gates
from ingestion import ledger, loader, quarantine
from ingestion.ledger import FileResult
from kinerja import warehouse
from kinerja.core.errors import KinerjaError

from . import senyap


class BatchBlocked(KinerjaError):
    """A batch rule failed: the file's rows are withheld from the marts until an engineer acts."""


def ingest(
    landing: Path,
    source: str | None = None,
    sources: Iterable[str] | None = None,
    progress: Callable[[FileResult], None] | None = None,
    rehash: bool = False,
) -> list[FileResult]:
    """Load the new files of a landing folder, validate each batch, and refresh the Data Docs index."""
    results = loader.ingest(
        landing, source=source, sources=sources, validator=gates.validate_batches, progress=progress, rehash=rehash
    )
    if any(r.status != "SKIPPED" for r in results):
        with warehouse.connect(autocommit=True, role="loader") as conn:
            gates.write_index(conn)
    return results


def report_lines(results: list[FileResult]) -> list[str]:
    """One line per file for a task log: status, rows, the reason, the Data Docs page."""
    skipped = [r for r in results if r.status == "SKIPPED"]
    results = [r for r in results if r.status != "SKIPPED"]
    lines = [f"{len(skipped)} berkas sudah dimuat sebelumnya (already in the ledger, skipped)"] if skipped else []
    if not results:
        return [*lines, "tidak ada berkas baru (no new files)"]
    for r in results:
        line = (
            f"{r.status:<8} {r.source}/{Path(r.path).name}: {r.rows_read:,} read, {r.rows_loaded:,} loaded, "
            f"{r.rows_quarantined:,} quarantined"
        )
        if r.reason:
            line += f" | {r.reason}"
        page = (r.checks or {}).get("data_docs")
        if page:
            line += f" | Data Docs: {page}"
        lines.append(line)
    return lines


@dataclass
class Verdict:
    """The night's outcome for some sources: rejected files (warnings: the rest went on), new
    silence and quarantine-share warnings, and batches blocked (a failure: an engineer must act)."""

    rejected: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def night_verdict(sources: list[str], results: list[dict]) -> Verdict:
    """Judge a night's load of these sources (`results`: the load's FileResult dicts)."""
    verdict = Verdict(rejected=[f"{Path(r['path']).name}: {r['reason']}" for r in results if r["status"] == "REJECTED"])
    with warehouse.connect(autocommit=True, role="loader") as conn:
        new = senyap.check(conn, sources, [r["batch_id"] for r in results if r.get("batch_id")])
        verdict.warnings = [p.pesan for p in new]
        verdict.blocked = _blocked(conn, sources)
    return verdict


def _blocked(conn, sources: list[str]) -> list[str]:
    """One line per BLOCKED batch of these sources: batch, file, the failed batch rule."""
    return [f"batch {b['batch_id']} {Path(b['path']).name}: {b['reason']}" for b in quarantine.blocked(conn, sources)]


def retry_quarantine() -> quarantine.RetryResult:
    """Rows quarantined as unknown employee/unit, re-checked against the roster and units loaded since."""
    with warehouse.connect(autocommit=True, role="loader") as conn:
        ledger.ensure_schema(conn)
        return quarantine.retry(conn, gates.validate_batches)


def raise_if_blocked(sources: Iterable[str]) -> None:
    """Fail while any batch of these sources is BLOCKED: a batch rule failed and an engineer must
    look (`kinerja quarantine release`, or correct the file)."""
    with warehouse.connect(autocommit=True, role="loader") as conn:
        found = _blocked(conn, list(sources))
    if found:
        raise BatchBlocked(f"{len(found)} batch(es) blocked from the marts: {'; '.join(found)}")
