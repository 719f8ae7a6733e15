"""Tests run against a real PostgreSQL: the embedded pgserver, one per test session under a temp
KINERJA_HOME, with a fresh database per test that needs a clean warehouse."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import psycopg
import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
# Split plain CSVs above 4 KB into parallel COPY streams (production: 4 MiB), so the suite's own
# files take both load paths: the small ones one stream, the bigger ones several.
os.environ.setdefault("KINERJA_COPY_SPLIT_BYTES", "4096")
os.environ.setdefault("KINERJA_COPY_STREAMS", "2")

# the hand-written example files of the source contracts (docs/sources.md), one month of a small city
EXAMPLES = Path(__file__).resolve().parent / "fixtures" / "examples"

_counter = itertools.count()


@pytest.fixture(scope="session")
def kinerja_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("kinerja_home")
    os.environ["KINERJA_HOME"] = str(home)
    os.environ["KINERJA_HASH_KEY"] = "test-only-key"
    os.environ.pop("KINERJA_DATABASE_URL", None)
    return home


@pytest.fixture(scope="session")
def server(kinerja_home):
    from kinerja import warehouse

    warehouse.start()
    yield warehouse.admin_url()
    warehouse.stop()


@pytest.fixture
def fresh_db(server, monkeypatch) -> str:
    """A new empty database on the session server; every component follows KINERJA_DATABASE_URL."""
    name = f"t{os.getpid()}_{next(_counter)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = server.replace("/postgres?", f"/{name}?")
    monkeypatch.setenv("KINERJA_DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def examples() -> Path:
    assert EXAMPLES.exists(), f"example fixtures not found at {EXAMPLES}"
    return EXAMPLES


@pytest.fixture(scope="session")
def tiny_month(tmp_path_factory) -> Path:
    from kinerja.synth.generator import generate

    out = tmp_path_factory.mktemp("landing_tiny")
    generate(scale="tiny", month="2026-03", out=out, seed=7)
    return out


def query(url: str, sql: str, params=None) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def raw_state(url: str) -> dict:
    """Everything a load decides (ledger, quarantine, known keys, every raw row with its record
    number), without the batch ids, which differ between runs."""
    from ingestion.sources import SOURCES

    out = {
        "ledger": sorted(
            query(
                url,
                "select source, path, sha256, status, rows_read, rows_loaded, rows_quarantined, "
                "coalesce(reason, '') from ingest.ledger",
            )
        ),
        "quarantine": sorted(
            query(
                url,
                "select q.source, l.path, q.line, q.rule, q.message, q.record "
                "from ingest.quarantine q join ingest.ledger l using (batch_id)",
            )
        ),
        "nip_dikenal": sorted(query(url, "select nip from ingest.nip_dikenal")),
    }
    for source in SOURCES.values():
        cols = ", ".join(f'r."{c}"' for c in source.raw_columns)
        out[source.name] = sorted(
            query(
                url,
                f"select l.path, r._line, {cols} from raw.{source.name} r "
                f"join ingest.ledger l on l.batch_id = r._batch_id",
            ),
            key=str,
        )
    return out


def stream_tables(url: str, source: str = "[a-z_]+") -> dict:
    """Tables of parallel COPY streams: attached to a batch, or left over by a load that died."""
    rows = query(
        url,
        """select c.relispartition, count(*) from pg_class c
                          where c.relnamespace = 'raw'::regnamespace and c.relkind = 'r'
                            and c.relname ~ ('^' || %s || '_b[0-9]+_s[0-9]+$') group by 1""",
        (source,),
    )
    found = dict(rows)
    return {"attached": found.get(True, 0), "orphan": found.get(False, 0)}
