"""The quarantine: listing, and retrying rows that failed only because reference data (roster,
units) had not arrived yet. Retried rows are re-validated with the full suite in a scratch table;
those that pass move back into their batch in one transaction, with the ledger counts."""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from kinerja.core.errors import KinerjaError

from . import ledger
from .ledger import FileResult
from .sources import SOURCES
from .validation import Validator

RETRYABLE = ("unknown_employee", "unknown_unit")


def rows(conn: psycopg.Connection, source: str | None = None, limit: int = 200) -> list[dict]:
    keys = ["source", "path", "line", "rule", "message", "record"]
    found = conn.execute(
        """select q.source, l.path, q.line, q.rule, q.message, q.record
             from ingest.quarantine q join ingest.ledger l using (batch_id)
            where %(s)s::text is null or q.source = %(s)s::text
            order by q.source, l.batch_id, q.line limit %(n)s""",
        {"s": source, "n": limit},
    ).fetchall()
    return [dict(zip(keys, r, strict=False)) for r in found]


def summary(conn: psycopg.Connection) -> list[tuple[str, str, int]]:
    return conn.execute("select source, rule, count(*) from ingest.quarantine group by 1, 2 order by 1, 2").fetchall()


@dataclass(frozen=True)
class RetryResult:
    loaded: int  # rows that now pass every row rule, moved back into their batch
    still_quarantined: int


def retry(conn: psycopg.Connection, validator: Validator) -> RetryResult:
    """Re-check retryable quarantined rows of LOADED batches against the current reference data."""
    batches = conn.execute(
        """select distinct q.batch_id, q.source from ingest.quarantine q join ingest.ledger l using (batch_id)
            where l.status = 'LOADED' and q.rule = any(%s) order by 1""",
        (list(RETRYABLE),),
    ).fetchall()
    moved = kept = 0
    for batch_id, source in batches:
        scratch = sql.SQL("ingest.{}").format(sql.Identifier(f"retry_{batch_id}"))
        part = ledger.partition(source, batch_id)
        cols = sql.SQL(", ").join(sql.Identifier(c) for c in ("_batch_id", "_line", *SOURCES[source].raw_columns))
        with conn.transaction():
            conn.execute(sql.SQL("drop table if exists {}").format(scratch))
            conn.execute(sql.SQL("create table {} (like {})").format(scratch, part))
            conn.execute(
                sql.SQL(
                    """insert into {} ({cols}) select {cols} from ingest.quarantine q,
                       jsonb_populate_record(null::{}, q.record::jsonb
                                             || jsonb_build_object('_batch_id', q.batch_id, '_line', q.line))
                    where q.batch_id = %s and q.rule = any(%s)"""
                ).format(scratch, part, cols=cols),
                (batch_id, list(RETRYABLE)),
            )
        try:
            count = conn.execute(sql.SQL("select count(*) from {}").format(scratch)).fetchone()[0]
            res = FileResult(source, "", "", "PENDING", rows_read=count, batch_id=batch_id)
            verdict = validator(conn, [res], relations={batch_id: scratch}, batch_rules=False)[batch_id]
            failing = sorted(verdict.row_failures)
            with conn.transaction():
                conn.execute(
                    sql.SQL("insert into {} ({cols}) select {cols} from {} where _line <> all(%s)").format(
                        part, scratch, cols=cols
                    ),
                    (failing,),
                )
                passed = conn.execute(
                    sql.SQL(
                        """delete from ingest.quarantine where batch_id = %s and rule = any(%s)
                         and line in (select _line from {} where _line <> all(%s))"""
                    ).format(scratch),
                    (batch_id, list(RETRYABLE), failing),
                ).rowcount
                for line, (rule, message) in verdict.row_failures.items():
                    conn.execute(
                        "update ingest.quarantine set rule = %s, message = %s where batch_id = %s and line = %s",
                        (rule, message, batch_id, line),
                    )
                conn.execute(
                    """update ingest.ledger
                          set rows_loaded = rows_loaded + %s, rows_quarantined = rows_quarantined - %s,
                              reason = concat_ws('; ', reason, %s::text) where batch_id = %s""",
                    (passed, passed, f"{passed} quarantined rows loaded by retry", batch_id),
                )
                if source in ("pegawai", "unit_kerja") and passed:
                    key, table = ("nip", "nip_dikenal") if source == "pegawai" else ("unit_kode", "unit_dikenal")
                    conn.execute(
                        sql.SQL(
                            "insert into ingest.{} ({k}, batch_id) select distinct btrim({k}), %s from {} "
                            "where {k} is not null on conflict do nothing"
                        ).format(sql.Identifier(table), scratch, k=sql.Identifier(key)),
                        (batch_id,),
                    )
            moved += passed
            kept += len(failing)
        finally:
            conn.execute(sql.SQL("drop table if exists {}").format(scratch))
    return RetryResult(loaded=moved, still_quarantined=kept)


def blocked(conn: psycopg.Connection, sources: list[str] | None = None) -> list[dict]:
    found = conn.execute(
        "select batch_id, source, path, reason from ingest.ledger where status = 'BLOCKED' "
        "and (%(s)s::text[] is null or source = any(%(s)s::text[])) order by batch_id",
        {"s": sources},
    ).fetchall()
    return [dict(zip(["batch_id", "source", "path", "reason"], r, strict=False)) for r in found]


def release(conn: psycopg.Connection, batch_id: int, note: str) -> None:
    """An engineer inspected a BLOCKED batch and lets it through."""
    with conn.transaction():
        done = conn.execute(
            "update ingest.ledger set status = 'LOADED', reason = concat_ws('; ', reason, %s::text) "
            "where batch_id = %s and status = 'BLOCKED' returning source",
            (f"released: {note}", batch_id),
        ).fetchone()
        if not done:
            raise KinerjaError(f"batch {batch_id} is not BLOCKED; `kinerja status` lists the batches")
