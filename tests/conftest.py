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

# shared/ sits beside the repository (the project root's ../shared), locally and in CI
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"

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
    from ingestion import warehouse

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
    assert EXAMPLES.exists(), f"shared/examples not found at {EXAMPLES}"
    return EXAMPLES


@pytest.fixture(scope="session")
def tiny_month(tmp_path_factory) -> Path:
    from ingestion.generator import generate

    out = tmp_path_factory.mktemp("landing_tiny")
    generate(scale="tiny", month="2026-03", out=out, seed=7)
    return out


def query(url: str, sql: str, params=None) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()
