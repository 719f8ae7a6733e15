"""Incremental attendance models (issue 4 §9): a late device file rebuilds only the dates it
touches, a reference change rebuilds everything, and either way the marts equal a full refresh."""

from __future__ import annotations

import shutil

from kinerja.build.dbt import MARTS, build
from kinerja.run.ingest import ingest
from kinerja.synth.generator import generate

from conftest import query

MONTH = "2026-03"
ATTENDANCE = [
    "intermediate.int_kehadiran_tap",
    "intermediate.int_hari_harapan",
    "intermediate.int_kehadiran_harian",
    "marts.fct_kehadiran_harian",
]


def checksums(url: str) -> dict:
    tables = ATTENDANCE + [f"marts.{t}" for t in MARTS]
    return {
        t: query(url, f"select count(*), md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from {t} x")[0]
        for t in tables
    }


def built(month: str = MONTH, full_refresh: bool = False) -> None:
    result = build(month=month, full_refresh=full_refresh)
    assert result.failed == 0, result.failures


def test_late_file_rebuilds_its_dates_only_and_equals_full_refresh(fresh_db, tmp_path):
    landing, late = tmp_path / "landing", tmp_path / "late"
    generate("tiny", MONTH, landing, seed=3, defects=False)
    late.mkdir()
    shutil.move(landing / "kehadiran" / "2026-03-17.csv", late / "2026-03-17.csv")
    ingest(landing)
    built()
    assert (
        query(fresh_db, "select sejak::text from ingest.bangun_ulang")[0][0] == "-infinity"
    )  # first build: everything
    early = dict(
        query(
            fresh_db,
            """select nip || tanggal, xmin::text from marts.fct_kehadiran_harian
                                     where tanggal < '2026-03-16'""",
        )
    )
    assert (
        query(
            fresh_db,
            """select count(*) from marts.fct_kehadiran_harian
                               where tanggal = '2026-03-17' and status_kehadiran = 'HADIR'""",
        )[0][0]
        == 0
    )

    # the device file of the 17th arrives late: only the 16th (a day of time-zone slack) on are rebuilt
    shutil.move(late / "2026-03-17.csv", landing / "kehadiran" / "2026-03-17.csv")
    ingest(landing)
    built()
    sejak = query(fresh_db, "select sejak from ingest.bangun_ulang")[0][0]
    assert sejak.isoformat() == "2026-03-16"
    assert (
        dict(
            query(
                fresh_db,
                """select nip || tanggal, xmin::text from marts.fct_kehadiran_harian
                                    where tanggal < '2026-03-16'""",
            )
        )
        == early
    )  # rows untouched
    assert (
        query(
            fresh_db,
            """select count(*) from marts.fct_kehadiran_harian
                               where tanggal = '2026-03-17' and status_kehadiran = 'HADIR'""",
        )[0][0]
        > 0
    )
    incremental = checksums(fresh_db)

    # nothing new: only days after the month's end would be built (there are none), nothing changes
    built()
    assert query(fresh_db, "select sejak::text from ingest.bangun_ulang")[0][0] == "2026-04-01"
    assert checksums(fresh_db) == incremental

    built(full_refresh=True)
    assert checksums(fresh_db) == incremental


def test_reference_change_rebuilds_everything(fresh_db, tmp_path):
    landing = tmp_path / "landing"
    generate("tiny", MONTH, landing, seed=4, defects=False)
    ingest(landing)
    built()
    assert query(fresh_db, "select count(*) from marts.fct_kehadiran_harian where tanggal = '2026-03-10'")[0][0] == 30

    # a regional holiday declared afterwards, early in the month
    (landing / "hari_libur" / "tambahan.csv").write_text(
        "tanggal,jenis,instansi_kode,keterangan\n2026-03-10,LIBUR_DAERAH,6501,Libur tambahan\n"
    )
    ingest(landing)
    built()
    assert query(fresh_db, "select sejak::text from ingest.bangun_ulang")[0][0] == "-infinity"
    assert query(fresh_db, "select count(*) from marts.fct_kehadiran_harian where tanggal = '2026-03-10'")[0][0] == 0
    incremental = checksums(fresh_db)
    built(full_refresh=True)
    assert checksums(fresh_db) == incremental
