"""The load ledger (one row per file content, keyed by SHA-256) and the quarantine table.
Both live in schema `ingest`; raw rows live in schema `raw`, one text table per source."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import psycopg
from psycopg import sql

from .sources import SOURCES

_DDL_LOCK = 7_140_001  # advisory lock id: parallel DAG tasks may create the schema at once

LEDGER_DDL = """
create schema if not exists raw;
create schema if not exists ingest;
create table if not exists ingest.ledger (
    batch_id          bigserial primary key,
    source            text not null,
    path              text not null,
    sha256            text not null unique,
    status            text not null check (status in ('LOADED', 'REJECTED', 'BLOCKED')),
    rows_read         integer not null default 0,
    rows_loaded       integer not null default 0,
    rows_quarantined  integer not null default 0,
    reason            text,
    extra_columns     text[],
    encoding          text,
    delimiter         text,
    loaded_at         timestamptz not null default now(),
    checks            jsonb,
    constraint rows_add_up check (rows_read = rows_loaded + rows_quarantined)
);
create table if not exists ingest.quarantine (
    quarantine_id  bigserial primary key,
    batch_id       bigint not null references ingest.ledger on delete cascade,
    source         text not null,
    line           integer,
    record         text not null,
    rule           text not null,
    message        text not null,
    created_at     timestamptz not null default now()
);
create index if not exists quarantine_source on ingest.quarantine (source, batch_id);
"""


@dataclass
class FileResult:
    source: str
    path: str
    sha256: str
    status: str  # LOADED / REJECTED / BLOCKED, or SKIPPED (content already in the ledger)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reason: str | None = None
    batch_id: int | None = None
    checks: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def ensure_schema(conn: psycopg.Connection) -> None:
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
        conn.execute(LEDGER_DDL)
        for source in SOURCES.values():
            cols = [sql.SQL("{} text").format(sql.Identifier(c)) for c in source.raw_columns]
            conn.execute(sql.SQL(
                "create table if not exists raw.{} (_batch_id bigint not null, _line integer not null, {})"
            ).format(sql.Identifier(source.name), sql.SQL(", ").join(cols)))
            conn.execute(sql.SQL("create index if not exists {} on raw.{} (_batch_id)").format(
                sql.Identifier(f"{source.name}_batch"), sql.Identifier(source.name)))


def known(conn: psycopg.Connection, sha: str) -> bool:
    return conn.execute("select 1 from ingest.ledger where sha256 = %s", (sha,)).fetchone() is not None


def entries(conn: psycopg.Connection, source: str | None = None) -> list[dict]:
    """The ledger as the `kinerja status --json` contract: one object per file."""
    rows = conn.execute(
        """select source, path, sha256, status, rows_read, rows_loaded, rows_quarantined, reason,
                  batch_id, loaded_at, checks
             from ingest.ledger where %(s)s::text is null or source = %(s)s::text
            order by batch_id""", {"s": source}).fetchall()
    keys = ["source", "path", "sha256", "status", "rows_read", "rows_loaded", "rows_quarantined",
            "reason", "batch_id", "loaded_at", "checks"]
    out = []
    for r in rows:
        d = dict(zip(keys, r))
        d["loaded_at"] = d["loaded_at"].isoformat()
        out.append(d)
    return out


def record_checks(conn: psycopg.Connection, batch_id: int, checks: dict) -> None:
    conn.execute("update ingest.ledger set checks = %s where batch_id = %s",
                 (json.dumps(checks), batch_id))
