"""Ingestion into the embedded PostgreSQL: COPY, ledger, idempotency, rejections, privacy."""

from __future__ import annotations

import os
import shutil

import pytest

from kinerja.run.ingest import ingest

from conftest import query


def test_examples_load_once(fresh_db, examples):
    first = ingest(examples)
    assert {r.source for r in first} == {
        "unit_kerja",
        "pegawai",
        "jadwal_kerja",
        "hari_libur",
        "layanan",
        "kehadiran",
        "cuti",
        "tiket_layanan",
        "survei_skm",
        "survei_perilaku",
        "skp",
    }
    assert all(r.status == "LOADED" for r in first)
    assert all(r.rows_read == r.rows_loaded + r.rows_quarantined for r in first)
    assert all(r.checks["success"] for r in first), [r.checks for r in first if not r.checks["success"]]
    assert query(fresh_db, "select count(*) from raw.kehadiran")[0][0] == 6

    second = ingest(examples)
    assert [r.status for r in second] == ["SKIPPED"] * len(first)
    assert query(fresh_db, "select count(*) from raw.kehadiran")[0][0] == 6
    assert query(fresh_db, "select count(*) from ingest.ledger")[0][0] == len(first)


def test_unchanged_files_are_not_read_again_unless_rehashed(fresh_db, tmp_path, examples):
    """A file with the path, size and modification time of its last reading is skipped unread: here
    its bytes are changed behind an unchanged size and time, which only `rehash` notices."""
    landing = tmp_path / "landing"
    for source in ("unit_kerja", "pegawai", "kehadiran"):
        shutil.copytree(examples / source, landing / source)
    first = ingest(landing)
    assert {r.status for r in first} == {"LOADED"}
    tap = next((landing / "kehadiran").rglob("2026-03-02.csv"))
    before = tap.stat()
    data = tap.read_bytes()
    changed = data.replace(b"07:", b"08:", 1)
    assert changed != data and len(changed) == len(data)
    tap.write_bytes(changed)
    os.utime(tap, ns=(before.st_atime_ns, before.st_mtime_ns))

    second = ingest(landing)
    assert {r.status for r in second} == {"SKIPPED"}
    assert {r.sha256 for r in second} == {r.sha256 for r in first}  # from the record, not from the bytes
    assert query(fresh_db, "select count(*) from ingest.ledger")[0][0] == len(first)

    third = {r.path.rsplit("/", 1)[1]: r for r in ingest(landing, rehash=True)}
    assert third["2026-03-02.csv"].status == "LOADED"  # new content is a new file
    assert {r.status for name, r in third.items() if name != "2026-03-02.csv"} == {"SKIPPED"}
    assert query(fresh_db, "select count(*) from ingest.ledger")[0][0] == len(first) + 1
    assert {r.status for r in ingest(landing)} == {"SKIPPED"}  # remembered with its new hash


def test_a_copy_of_a_file_in_the_same_night_is_skipped(fresh_db, tmp_path, examples):
    """A night's files of a source are validated together; a second file with the content of one
    staged moments before (the same export saved twice, or an unchanged monthly export in each
    month's folder) is a copy, not a killed load to throw away: the first loads, the copy is skipped."""
    landing = tmp_path / "landing"
    for source in ("unit_kerja", "pegawai"):
        shutil.copytree(examples / source, landing / source)
    original = next((landing / "unit_kerja").iterdir())
    shutil.copy(original, landing / "unit_kerja" / f"salinan{original.suffix}")
    results = ingest(landing, sources=["unit_kerja"])
    assert sorted(r.status for r in results) == ["LOADED", "SKIPPED"]
    assert query(fresh_db, "select count(*) from ingest.ledger where status = 'LOADED'")[0][0] == 1


def test_bad_file_is_rejected_and_the_rest_goes_on(fresh_db, tmp_path, examples):
    landing = tmp_path / "landing"
    for source in ("unit_kerja", "pegawai", "kehadiran"):
        shutil.copytree(examples / source, landing / source)
    (landing / "kehadiran" / "rusak.csv").write_text("nip;mesin_id\n199002112015032001;X\n")
    (landing / "kehadiran" / "baris_pendek.csv").write_text(
        "nip,waktu,mesin_id\n199002112015032001,2026-03-03 07:31:00,A\n199002112015032001\n"
    )
    results = {r.path.rsplit("/", 1)[1]: r for r in ingest(landing)}
    assert results["rusak.csv"].status == "REJECTED"
    assert "required column 'waktu' is missing" in results["rusak.csv"].reason
    assert results["2026-03-02.csv"].status == "LOADED"
    short = results["baris_pendek.csv"]
    assert (short.status, short.rows_read, short.rows_loaded, short.rows_quarantined) == ("LOADED", 2, 1, 1)
    assert query(fresh_db, "select rule, line from ingest.quarantine") == [("malformed_record", 3)]
    # the rejected file's content is remembered: a rerun does not reject it again
    assert {r.status for r in ingest(landing)} == {"SKIPPED"}


def test_raters_hashed_and_skm_personal_columns_never_stored(fresh_db, tmp_path, examples):
    landing = tmp_path / "landing"
    for source in ("unit_kerja", "pegawai", "survei_perilaku"):
        shutil.copytree(examples / source, landing / source)
    (landing / "survei_skm").mkdir()
    (landing / "survei_skm" / "skm.csv").write_text(
        "respons_id,unit_kode,tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9,nama,telepon\n"
        "S1,1275-DKP,2026-03-02,4,4,4,4,4,4,4,4,4,Budi,08123456789\n"
    )
    results = {r.source: r for r in ingest(landing)}
    assert "personal columns dropped: nama, telepon" in results["survei_skm"].reason
    columns = {
        c
        for (c,) in query(
            fresh_db,
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'survei_skm'",
        )
    }
    assert not columns & {"nama", "telepon"}
    hashes = [h for (h,) in query(fresh_db, "select penilai_nip_hash from raw.survei_perilaku order by _line")]
    assert len(hashes) == 3 and all(len(h) == 64 for h in hashes)
    assert "198109232006042003" not in str(query(fresh_db, "select * from raw.survei_perilaku"))


def test_tiny_month_ledger_accounts_for_every_row(fresh_db, tiny_month):
    results = ingest(tiny_month)
    assert sorted({r.status for r in results}) == ["LOADED", "REJECTED"]
    assert sum(r.status == "REJECTED" for r in results) == 3  # the generator's unreadable files
    ledger = query(
        fresh_db,
        "select source, sum(rows_read), sum(rows_loaded), sum(rows_quarantined) from ingest.ledger group by source",
    )
    for source, read, loaded, quarantined in ledger:
        raw = query(fresh_db, f"select count(*) from raw.{source}")[0][0]
        assert read == loaded + quarantined and raw == loaded, source


def test_retry_loads_rows_once_the_roster_arrives(fresh_db, tmp_path, examples):
    from ingestion.quarantine import RetryResult
    from kinerja.run.ingest import retry_quarantine

    landing = tmp_path / "landing"
    shutil.copytree(examples / "kehadiran", landing / "kehadiran")
    (taps,) = ingest(landing)
    assert (taps.rows_loaded, taps.rows_quarantined) == (0, 6)
    assert {r for (r,) in query(fresh_db, "select distinct rule from ingest.quarantine")} == {"unknown_employee"}

    for source in ("unit_kerja", "pegawai"):
        shutil.copytree(examples / source, landing / source)
    ingest(landing)
    assert retry_quarantine() == RetryResult(loaded=6, still_quarantined=0)
    assert query(fresh_db, "select count(*) from ingest.quarantine")[0][0] == 0
    assert query(
        fresh_db,
        "select rows_read, rows_loaded, rows_quarantined from ingest.ledger where batch_id = %s",
        (taps.batch_id,),
    ) == [(6, 6, 0)]
    assert query(fresh_db, "select count(*) from raw.kehadiran")[0][0] == 6


def test_batch_rules_block_and_fail_visibly(fresh_db, tmp_path, examples):
    from kinerja.core.errors import KinerjaError
    from kinerja.run.ingest import raise_if_blocked

    landing = tmp_path / "landing"
    for source in ("unit_kerja", "pegawai"):
        shutil.copytree(examples / source, landing / source)
    nip = "199002112015032001"
    folder = landing / "kehadiran"
    folder.mkdir()
    for day in range(2, 6):  # history: four ordinary days of 40 taps
        (folder / f"2026-03-0{day}.csv").write_text(
            "nip,waktu\n" + "".join(f"{nip},2026-03-0{day} 07:{m:02d}:00\n" for m in range(40))
        )
    (folder / "2026-03-06.csv").write_text("nip,waktu\n" + "".join(f"{nip},\n" for _ in range(40)))
    results = {r.path.rsplit("/", 1)[1]: r for r in ingest(landing)}
    blocked = results["2026-03-06.csv"]
    assert blocked.status == "BLOCKED" and "column 'waktu' is empty in every row" in blocked.reason
    # the night's five files were validated in one run, and the batch rule judged each file alone
    days = [r for name, r in results.items() if name.startswith("2026-03-0")]
    assert [r.checks["validated_with"] for r in days] == [5] * 5
    assert sorted(r.status for r in days) == ["BLOCKED"] + ["LOADED"] * 4
    # a day far below the history is blocked too
    (folder / "2026-03-09.csv").write_text(f"nip,waktu\n{nip},2026-03-09 07:00:00\n")
    (small,) = [r for r in ingest(landing) if r.status != "SKIPPED"]
    assert small.status == "BLOCKED" and "row count 1 is far from this source's history" in small.reason
    with pytest.raises(KinerjaError, match="2 batch\\(es\\) blocked"):
        raise_if_blocked(["kehadiran"])
