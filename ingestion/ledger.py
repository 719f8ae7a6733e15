"""The load ledger (one row per file content, keyed by SHA-256), the quarantine, and the raw
tables: one per source, LIST-partitioned by batch, so a batch is created, validated and (after a
crash) discarded as a unit, and validation reads only its own partition."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import psycopg
from psycopg import sql

from kinerja.warehouse import FUNCTIONS_SQL

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
    status            text not null,
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
-- PENDING: rows are in raw but not validated yet; staging never reads them, a rerun redoes them.
alter table ingest.ledger drop constraint if exists ledger_status_check;
alter table ingest.ledger add constraint ledger_status_check
    check (status in ('PENDING', 'LOADED', 'REJECTED', 'BLOCKED'));
alter table ingest.ledger add column if not exists load_path text;
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
-- Reference keys seen in any LOADED roster or unit snapshot: what "unknown employee/unit" checks against.
create table if not exists ingest.nip_dikenal (nip text primary key, batch_id bigint not null);
create table if not exists ingest.unit_dikenal (unit_kode text primary key, batch_id bigint not null);
-- What each landing path looked like when it was last read (size, modification time, content hash):
-- a file seen again unchanged is not read again, so a landing folder of years costs nothing at night.
create table if not exists ingest.berkas_dilihat (
    path      text primary key,
    size      bigint not null,
    mtime_ns  bigint not null,
    sha256    text not null,
    dilihat_pada timestamptz not null default now()
);
-- The nightly check's warnings (kinerja/run/senyap.py); BI reads them through marts.fct_peringatan_data.
create table if not exists ingest.peringatan (
    peringatan_id  bigserial primary key,
    jenis          text not null,   -- SUMBER_SENYAP / UNIT_SENYAP / MESIN_SENYAP / KARANTINA_TINGGI
    source         text not null,
    kunci          text not null,   -- the silent unit or device, or the file
    tanggal        date,            -- the working day with no data (null for KARANTINA_TINGGI)
    pesan          text not null,
    dibuat_pada    timestamptz not null default now(),
    unique nulls not distinct (jenis, source, kunci, tanggal)
);
"""

FINAL = ("LOADED", "REJECTED", "BLOCKED")


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


def partition(source: str, batch_id: int) -> sql.Composed:
    return sql.SQL("raw.{}").format(sql.Identifier(f"{source}_b{batch_id}"))


def ensure_schema(conn: psycopg.Connection) -> None:
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
        conn.execute(LEDGER_DDL)
        conn.execute(FUNCTIONS_SQL.read_text())
        for source in SOURCES.values():
            _ensure_raw_table(conn, source.name, source.raw_columns)


def _ensure_raw_table(conn: psycopg.Connection, name: str, columns: tuple[str, ...]) -> None:
    kind = conn.execute(
        "select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = 'raw' and c.relname = %s",
        (name,),
    ).fetchone()
    if kind and kind[0] == "p":
        existing = {
            r[0]
            for r in conn.execute(
                "select column_name from information_schema.columns where table_schema = 'raw' and table_name = %s",
                (name,),
            )
        }
        for c in columns:  # a contract column added later
            if c not in existing:
                conn.execute(
                    sql.SQL("alter table raw.{} add column {} text").format(sql.Identifier(name), sql.Identifier(c))
                )
        return
    legacy = None
    if kind:  # a plain table from before partitioning: keep its rows, one partition per batch
        legacy = f"{name}_unpartitioned"
        conn.execute(sql.SQL("alter table raw.{} rename to {}").format(sql.Identifier(name), sql.Identifier(legacy)))
    cols = [sql.SQL("{} text").format(sql.Identifier(c)) for c in columns]
    conn.execute(
        sql.SQL(
            "create table raw.{} (_batch_id bigint not null, _line integer not null, {}) partition by list (_batch_id)"
        ).format(sql.Identifier(name), sql.SQL(", ").join(cols))
    )
    if legacy:
        for (batch_id,) in conn.execute(
            sql.SQL("select distinct _batch_id from raw.{}").format(sql.Identifier(legacy))
        ).fetchall():
            create_partition(conn, name, batch_id)
        collist = sql.SQL(", ").join(sql.Identifier(c) for c in ("_batch_id", "_line", *columns))
        conn.execute(
            sql.SQL("insert into raw.{} ({}) select {} from raw.{}").format(
                sql.Identifier(name), collist, collist, sql.Identifier(legacy)
            )
        )
        # cascade: only dbt's staging views depend on it, and the next build recreates them
        conn.execute(sql.SQL("drop table raw.{} cascade").format(sql.Identifier(legacy)))


def create_partition(conn: psycopg.Connection, source: str, batch_id: int) -> None:
    conn.execute(
        sql.SQL("create table {} partition of raw.{} for values in ({})").format(
            partition(source, batch_id), sql.Identifier(source), sql.Literal(batch_id)
        )
    )


def discard(conn: psycopg.Connection, batch_id: int, source: str) -> None:
    """Remove a batch that never finished (a killed load): its partition and ledger row."""
    with conn.transaction():
        conn.execute(sql.SQL("drop table if exists {}").format(partition(source, batch_id)))
        conn.execute("delete from ingest.ledger where batch_id = %s", (batch_id,))


def lookup(conn: psycopg.Connection, sha: str) -> tuple[int, str, str] | None:
    return conn.execute("select batch_id, status, source from ingest.ledger where sha256 = %s", (sha,)).fetchone()


def unchanged_files(conn: psycopg.Connection) -> dict[str, tuple[int, int, str]]:
    """path -> (size, mtime_ns, sha256) of every file read before whose content has a final ledger
    row (loaded, rejected or blocked; a PENDING load is redone, so it does not count)."""
    rows = conn.execute(
        """select b.path, b.size, b.mtime_ns, b.sha256 from ingest.berkas_dilihat b
             join ingest.ledger l on l.sha256 = b.sha256 where l.status in ('LOADED', 'REJECTED', 'BLOCKED')"""
    ).fetchall()
    return {path: (size, mtime, sha) for path, size, mtime, sha in rows}


def remember_files(conn: psycopg.Connection, seen: list[tuple[str, int, int, str]]) -> None:
    """Record (path, size, mtime_ns, sha256) of files just read, for `unchanged_files`."""
    if not seen:
        return
    with conn.cursor() as cur:
        cur.executemany(
            """insert into ingest.berkas_dilihat (path, size, mtime_ns, sha256) values (%s, %s, %s, %s)
               on conflict (path) do update set size = excluded.size, mtime_ns = excluded.mtime_ns,
                 sha256 = excluded.sha256, dilihat_pada = now()""",
            seen,
        )


def history_rows(conn: psycopg.Connection, source: str, before_batch: int) -> list[int]:
    """rows_read of earlier LOADED batches of the same stream: the source's files in the same
    landing sub-folder (a device, a helpdesk export), for the volume check."""
    return [
        r[0]
        for r in conn.execute(
            """select h.rows_read from ingest.ledger h, ingest.ledger b
            where b.batch_id = %s and h.source = %s and h.status = 'LOADED' and h.batch_id < b.batch_id
              and regexp_replace(h.path, '/[^/]*$', '') = regexp_replace(b.path, '/[^/]*$', '')
            order by h.batch_id desc limit 30""",
            (before_batch, source),
        )
    ]


def entries(conn: psycopg.Connection, source: str | None = None) -> list[dict]:
    """The ledger as the `kinerja status --json` contract: one object per file."""
    rows = conn.execute(
        """select source, path, sha256, status, rows_read, rows_loaded, rows_quarantined, reason,
                  batch_id, loaded_at, checks
             from ingest.ledger where %(s)s::text is null or source = %(s)s::text
            order by batch_id""",
        {"s": source},
    ).fetchall()
    keys = [
        "source",
        "path",
        "sha256",
        "status",
        "rows_read",
        "rows_loaded",
        "rows_quarantined",
        "reason",
        "batch_id",
        "loaded_at",
        "checks",
    ]
    out = []
    for r in rows:
        d = dict(zip(keys, r, strict=False))
        d["loaded_at"] = d["loaded_at"].isoformat()
        out.append(d)
    return out


def analyze_new_partitions(conn: psycopg.Connection) -> None:
    """Statistics for raw partitions loaded since the last analyze, so dbt's plans see their real
    size (autovacuum may not have passed yet). Older partitions are left alone: the cost stays that
    of the new batches, however long the history."""
    rows = conn.execute(
        """select format('%I.%I', schemaname, relname) from pg_stat_user_tables
            where schemaname = 'raw' and last_analyze is null and last_autoanalyze is null"""
    ).fetchall()
    for (name,) in rows:
        conn.execute(sql.SQL("analyze {}").format(sql.SQL(name)))
