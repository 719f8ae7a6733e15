"""Load landing files into `raw` with COPY, one transaction per file: the ledger row, the raw
rows and the quarantined rows commit together or not at all, so a killed load leaves nothing."""

from __future__ import annotations

import csv
import hashlib
import hmac
from pathlib import Path
from typing import Callable, Iterable

import psycopg
from psycopg import sql

from . import config, ledger
from .errors import FileRejected
from .landing import LandingFile, Reader, discover, sha256
from .ledger import FileResult
from .sources import SOURCES, SKM_PII_COLUMNS


def _hasher(positions: list[int]) -> Callable[[list], list]:
    if not positions:
        return lambda values: values
    key = config.hash_key()

    def apply(values: list) -> list:
        for p in positions:
            if values[p] is not None:
                values[p] = hmac.new(key, values[p].encode(), hashlib.sha256).hexdigest()
        return values

    return apply


def load_file(conn: psycopg.Connection, lf: LandingFile) -> FileResult:
    """Load one file. Never raises for bad content: a bad file comes back REJECTED with a reason."""
    source = SOURCES[lf.source]
    digest = sha256(lf.path)
    result = FileResult(lf.source, str(lf.path), digest, "SKIPPED")
    if ledger.known(conn, digest):
        return result

    reader = Reader(source, lf.path)
    hash_row = _hasher([source.columns.index(c) for c in source.hashed])
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in ("_batch_id", "_line", *source.raw_columns))
    quarantined: list[tuple[int | None, str, str, str]] = []
    try:
        with conn.transaction():
            batch_id = conn.execute(
                "insert into ingest.ledger (source, path, sha256, status) values (%s, %s, %s, 'LOADED') "
                "returning batch_id", (lf.source, str(lf.path), digest)).fetchone()[0]
            result.batch_id, result.status = batch_id, "LOADED"
            try:
                with conn.transaction():  # savepoint: a file rejected mid-way keeps no rows
                    with conn.cursor().copy(sql.SQL("copy raw.{} ({}) from stdin").format(
                            sql.Identifier(source.name), columns)) as copy:
                        for row in reader.rows():
                            result.rows_read += 1
                            if row.values is None:
                                quarantined.append((row.line, row.record, "malformed_record", row.problem or ""))
                                continue
                            copy.write_row([batch_id, row.line, *hash_row(row.values)])
                            result.rows_loaded += 1
            except (FileRejected, UnicodeDecodeError, csv.Error) as exc:
                reason = str(exc) if isinstance(exc, FileRejected) else (
                    f"{lf.path.name}: cannot be read as text ({exc.__class__.__name__}: {exc}); "
                    "export it again as CSV UTF-8")
                result.status, result.reason = "REJECTED", reason
                result.rows_read = result.rows_loaded = 0
                quarantined.clear()
            result.rows_quarantined = len(quarantined)
            if quarantined:
                with conn.cursor().copy(
                        "copy ingest.quarantine (batch_id, source, line, record, rule, message) from stdin") as copy:
                    for line, record, rule, message in quarantined:
                        copy.write_row([batch_id, lf.source, line, record, rule, message])
            extra = [c for c in reader.extra_columns]
            notes = []
            if lf.source == "survei_skm" and SKM_PII_COLUMNS.intersection(extra):
                notes.append("personal columns dropped: " + ", ".join(sorted(SKM_PII_COLUMNS.intersection(extra))))
            if result.status == "LOADED" and (extra or notes):
                result.reason = "; ".join(notes + ([f"extra columns ignored: {', '.join(extra)}"] if extra else []))
            conn.execute(
                """update ingest.ledger set status = %s, rows_read = %s, rows_loaded = %s,
                          rows_quarantined = %s, reason = %s, extra_columns = %s, encoding = %s,
                          delimiter = %s where batch_id = %s""",
                (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined,
                 result.reason, extra or None, reader.encoding, reader.delimiter, batch_id))
    except psycopg.errors.UniqueViolation:
        # Another task loaded the same content between our check and our insert.
        return FileResult(lf.source, str(lf.path), digest, "SKIPPED")
    return result


def ingest(landing: Path, source: str | None = None, sources: Iterable[str] | None = None,
           validate: bool = True, progress: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Load every new file of the landing folder (optionally only some sources), then validate
    each loaded batch with its Great Expectations suite."""
    from . import warehouse

    landing = landing.resolve()
    files = [f for f in discover(landing, source) if sources is None or f.source in set(sources)]
    results: list[FileResult] = []
    # autocommit: each file is its own explicit transaction (see load_file)
    with warehouse.connect(autocommit=True) as conn:
        ledger.ensure_schema(conn)
        for lf in files:
            res = load_file(conn, lf)
            results.append(res)
            if progress:
                progress(res)
    if validate:
        loaded = [r for r in results if r.status == "LOADED"]
        if loaded:
            from expectations.gates import validate_batches

            validate_batches(loaded)
    return results
