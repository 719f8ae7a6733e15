"""Incremental models (issue 4 §9, issue 13): a late device file rebuilds only the dates it
touches, a new month only the months it touches (runs of TK days and year-to-date sums carried
from the months before), a reference change rebuilds everything, and either way the marts equal a
full refresh."""

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
    "intermediate.int_tk_beruntun_bulanan",
]
EVENTS = ["kehadiran", "cuti", "tiket_layanan", "survei_skm", "survei_perilaku", "skp"]
MONTHLY = ["intermediate.int_tk_beruntun_bulanan", "marts.fct_disiplin_bulanan", "marts.fct_kinerja_pegawai_bulanan"]


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


def _versions(url: str, table: str, before: str) -> dict:
    return dict(query(url, f"select nip || periode, xmin::text from {table} where periode < '{before}'"))


def test_new_month_rebuilds_the_months_it_touches_and_carries_runs_and_year_sums(fresh_db, tmp_path):
    """January and February built, then March's events arrive: the window starts in March (the
    first tap's date minus a day of time-zone slack is Sunday 1 March), January's and February's
    monthly rows are not rewritten, and an absence of three workdays at the end of February and
    three at the start of March is one run of six: March continues the run February's state left
    open, and its year-to-date TK days continue January's and February's."""
    first, second = tmp_path / "jan_feb", tmp_path / "mar"
    generate("tiny", "2026-02", first, seed=5, defects=False, history=1)
    generate("tiny", "2026-03", second, seed=5, defects=False)
    on_leave = {
        line.split(";")[0].split(",")[0] for d in (first, second) for p in d.rglob("cuti_*.csv") for line in p.open()
    }
    roster = next((first / "pegawai").glob("*.csv")).read_text().splitlines()[1:]
    nip = next(n for n in (line.split(";")[0].split(",")[0] for line in roster) if n not in on_leave)
    february = sorted((first / "kehadiran").glob("2026-02-*.csv"))[-3:]
    march = sorted((second / "kehadiran").glob("2026-03-*.csv"))[:3]
    for path in february + march:
        path.write_text("".join(line for line in path.open() if not line.startswith(nip)))

    ingest(first)
    built("2026-02")
    before = {t: _versions(fresh_db, t, "2026-03-01") for t in MONTHLY}
    assert all(before.values())

    ingest(second, sources=EVENTS)
    built("2026-03")
    assert query(fresh_db, "select bulan_sejak::text from ingest.bangun_ulang")[0][0] == "2026-03-01"
    assert {t: _versions(fresh_db, t, "2026-03-01") for t in MONTHLY} == before  # not rewritten
    feb_open, run, tk_jan_feb, tk_mar, ytd_mar = query(
        fresh_db,
        f"""select (select tk_beruntun_akhir from intermediate.int_tk_beruntun_bulanan
                     where nip = '{nip}' and periode = '2026-02-01'),
                   m.tk_beruntun_maks,
                   (select sum(hari_tk) from marts.fct_disiplin_bulanan where nip = '{nip}' and periode < '2026-03-01'),
                   m.hari_tk, m.hari_tk_kumulatif_tahun
              from marts.fct_disiplin_bulanan m where nip = '{nip}' and m.periode = '2026-03-01'""",
    )[0]
    assert feb_open >= 3 and run >= feb_open + 3  # carried across the window's start
    assert ytd_mar >= tk_jan_feb + tk_mar
    incremental = checksums(fresh_db)

    built("2026-03", full_refresh=True)
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
