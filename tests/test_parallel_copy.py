"""A big plain CSV loads as parallel COPY streams, one connection each (loader._copy_streams). The
batch must hold exactly what one stream would load, with the same record numbers; a stream that
fails must leave nothing behind; a load that dies must leave nothing the next load cannot clear."""

from __future__ import annotations

import shutil

import psycopg
import pytest

from ingestion import loader
from kinerja.run.ingest import ingest

from conftest import query, raw_state, stream_tables


def _split(monkeypatch, streams: int) -> None:
    monkeypatch.setenv("KINERJA_COPY_STREAMS", str(streams))
    monkeypatch.setenv("KINERJA_COPY_SPLIT_BYTES", "1")


def _other_db(fresh_db: str, server: str, name: str) -> str:
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}"')
        conn.execute(f'create database "{name}"')
    return server.replace("/postgres?", f"/{name}?")


def test_split_load_equals_one_stream(fresh_db, server, tiny_month, monkeypatch):
    _split(monkeypatch, 3)
    ingest(tiny_month)
    split = raw_state(fresh_db)
    streams = stream_tables(fresh_db)
    assert streams["orphan"] == 0
    # every kehadiran device file has no quote character, so each is split (three streams, or
    # fewer when a file has fewer lines than that)
    assert streams["attached"] >= 2 * len(list((tiny_month / "kehadiran").glob("*.csv")))

    single = _other_db(fresh_db, server, fresh_db.rsplit("/", 1)[1].split("?")[0] + "_single")
    monkeypatch.setenv("KINERJA_DATABASE_URL", single)
    monkeypatch.setenv("KINERJA_COPY_STREAMS", "1")
    ingest(tiny_month)
    assert stream_tables(single) == {"attached": 0, "orphan": 0}
    assert raw_state(single) == split


def test_split_file_with_a_broken_record_falls_back_whole(fresh_db, tmp_path, tiny_month, monkeypatch):
    """A record COPY cannot parse, in the last stream: every stream rolls back, and the Python
    reader loads the file instead, quarantining that record at its own line."""
    _split(monkeypatch, 3)
    landing = tmp_path / "landing"
    for source in ("unit_kerja", "pegawai"):
        shutil.copytree(tiny_month / source, landing / source)
    device = sorted((tiny_month / "kehadiran").glob("*.csv"))[0]
    lines = device.read_bytes().splitlines(keepends=True)
    broken = len(lines) + 1  # record number of the appended line (the header is 1)
    (landing / "kehadiran").mkdir()
    (landing / "kehadiran" / device.name).write_bytes(
        b"".join(lines) + b"199001012015011001;01/03/2026 07:00;A;B;C;D;E;F;G\r\n"
    )

    (result,) = [r for r in ingest(landing) if r.source == "kehadiran"]
    assert result.status == "LOADED" and result.rows_read == len(lines)  # header excluded, broken line included
    assert stream_tables(fresh_db, "kehadiran") == {"attached": 0, "orphan": 0}
    assert query(fresh_db, "select line, rule from ingest.quarantine where rule = 'malformed_record'") == [
        (broken, "malformed_record")
    ]
    assert query(fresh_db, "select min(_line), max(_line) from raw.kehadiran")[0][0] == 2


def test_orphan_stream_tables_dropped_once_their_load_is_gone(fresh_db):
    ingest_schema = loader.ledger.ensure_schema
    with psycopg.connect(fresh_db, autocommit=True) as owner, psycopg.connect(fresh_db, autocommit=True) as other:
        ingest_schema(owner)
        owner.execute("create table raw.kehadiran_b999_s1 (_batch_id bigint not null, _line integer not null)")
        # the load of batch 999 is still alive (it holds the lock): its stream table must stay
        owner.execute("select pg_advisory_lock(%s, %s)", (loader._STREAM_LOCK, 999))
        loader.drop_orphan_streams(other)
        assert stream_tables(fresh_db)["orphan"] == 1
        owner.execute("select pg_advisory_unlock(%s, %s)", (loader._STREAM_LOCK, 999))
        loader.drop_orphan_streams(other)
        assert stream_tables(fresh_db)["orphan"] == 0


@pytest.mark.parametrize(
    "data, splits",
    [
        (b"h\n" + b"a;1\n" * 8, 2),  # plain: split into the number of streams asked for
        (b'h\n"a\nb";1\n' * 4, 0),  # a quote anywhere: a field may hold a line end, never split
        (b"h\r\n" + b"a;1\r\n" * 8, 2),  # CRLF: split after the LF
        (b"h" * 40 + b"\n" + b"a;1\n" * 3, 2),  # a long header: the first stream holds only the header
    ],
)
def test_scan_splits_only_at_line_ends(tmp_path, monkeypatch, data, splits):
    _split(monkeypatch, 3)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    digest, found = loader._scan(path, loader.SOURCES["kehadiran"])
    assert len(found) == splits
    for offset, line in found:
        assert data[offset - 1 : offset] == b"\n"
        assert line == data[:offset].count(b"\n") + 1
