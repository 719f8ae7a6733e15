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


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A real local stack (`kinerja stack up`) under its own KINERJA_HOME: the embedded warehouse
    and Airflow's four processes, supervised; stopped at the end of the module."""
    import subprocess
    import sys

    kinerja = str(Path(sys.executable).parent / "kinerja")
    home = tmp_path_factory.mktemp("stack_home")
    env = {**os.environ, "KINERJA_HOME": str(home), "KINERJA_AIRFLOW_PORT": str(_free_port())}
    env["KINERJA_HASH_KEY"] = "test-only-key"
    env.pop("KINERJA_DATABASE_URL", None)
    up = subprocess.run([kinerja, "stack", "up"], env=env, capture_output=True, text=True, timeout=600)
    assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
    url = subprocess.run([kinerja, "db", "url"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    try:
        yield {
            "env": env,
            "home": home,
            "url": url,
            "api": f"http://localhost:{env['KINERJA_AIRFLOW_PORT']}",
            "password": (home / "secrets" / "airflow_admin_password").read_text().strip(),
            "kinerja": kinerja,
        }
    finally:
        subprocess.run([kinerja, "stack", "down"], env=env, capture_output=True, timeout=300)
