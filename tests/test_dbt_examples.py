"""dbt build on the hand-written examples in tests/fixtures/examples: the statuses and minutes that
scoring.md prescribes (Ramadan schedule, duplicate taps, leave, holidays), IKM and SLA."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kinerja.build.dbt import build
from kinerja.run.ingest import ingest

from conftest import query

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(scope="module")
def built(server, examples, tmp_path_factory):
    import os

    import psycopg

    name = "examples_dbt"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name}")
        conn.execute(f"create database {name}")
    url = server.replace("/postgres?", f"/{name}?")
    old = os.environ.get("KINERJA_DATABASE_URL")
    os.environ["KINERJA_DATABASE_URL"] = url
    try:
        ingest(examples)
        result = build(month="2026-03")
        yield url, result
    finally:
        if old is None:
            os.environ.pop("KINERJA_DATABASE_URL", None)
        else:
            os.environ["KINERJA_DATABASE_URL"] = old


def test_build_passes_with_all_tests(built):
    _, result = built
    assert result.failed == 0, result.failures
    assert result.passed > 60


def test_first_monday_of_ramadan(built):
    url, _ = built
    rows = {
        r[0]: r[1:]
        for r in query(
            url,
            """
        select nip, status_kehadiran, jam_masuk, jam_pulang, menit_terlambat, menit_pulang_cepat, kategori_tl, kategori_psw
          from marts.fct_kehadiran_harian where tanggal = '2026-03-02'""",
        )
    }
    # Ramadan schedule 08:00-15:00 (jadwal_kerja rows from 2026-02-18), midpoint 11:30
    assert rows["199002112015032001"] == (
        "HADIR",
        dt.datetime(2026, 3, 2, 7, 58, 41, tzinfo=WIB),
        dt.datetime(2026, 3, 2, 15, 2, 10, tzinfo=WIB),
        0,
        0,
        None,
        None,
    )
    # duplicate 08:17:05 taps count once: 17 min 5 s late -> 18; left 14:31:55 -> 28 min 5 s early -> 29
    assert rows["199407302019031005"] == (
        "HADIR",
        dt.datetime(2026, 3, 2, 8, 17, 5, tzinfo=WIB),
        dt.datetime(2026, 3, 2, 14, 31, 55, tzinfo=WIB),
        18,
        29,
        "TL1",
        "PSW1",
    )
    # only a morning tap: check-out missing -> PSW4 with null minutes
    assert rows["199211052024212012"] == (
        "HADIR",
        dt.datetime(2026, 3, 2, 7, 49, 12, tzinfo=WIB),
        None,
        0,
        None,
        None,
        "PSW4",
    )
    for nip in ("197704152003121002", "198109232006042003", "197912012005011004"):
        assert rows[nip] == ("TK", None, None, None, None, None, None)


def test_leave_duty_and_holidays(built):
    url, _ = built
    status = {
        (n, d.isoformat()): (s, j)
        for n, d, s, j in query(
            url, "select nip, tanggal, status_kehadiran, jenis_cuti from marts.fct_kehadiran_harian"
        )
    }
    for day in ("2026-03-03", "2026-03-04", "2026-03-05"):
        assert status[("199211052024212012", day)] == ("CUTI", "CUTI_TAHUNAN")
    assert status[("199002112015032001", "2026-03-04")] == ("DINAS_LUAR", None)
    # Nyepi (19th) with cuti bersama (18th), Idul Fitri cuti bersama (20th, 23rd, 24th), weekends: no rows
    days = sorted({d for _, d in status})
    for holiday in ("2026-03-18", "2026-03-19", "2026-03-20", "2026-03-23", "2026-03-24", "2026-03-07"):
        assert holiday not in days
    assert len(days) == 17 and len(status) == 6 * 17
    assert query(url, "select count(*) from intermediate.int_kehadiran_tap where nip = '199407302019031005'")[0][0] == 2


def test_ikm_and_sla(built):
    url, _ = built
    ikm = {
        r[0]: r[1:]
        for r in query(
            url,
            """
        select jenis_periode, jumlah_responden, ikm, mutu_pelayanan, kinerja_unit, sampel_minimum, sampel_memadai, nrr_u8
          from marts.fct_ikm_unit where unit_kode = '1275-DKP-PD'""",
        )
    }
    # NRR sum 29.5 -> 29.5 * 25 / 9 = 81.944 -> 81.94 (B, Baik); u8 has one empty answer -> NRR 3 from one answer
    assert ikm["BULAN"][:5] == (2, Decimal("81.94"), "B", "Baik", 333)
    assert ikm["BULAN"][5] is False and float(ikm["BULAN"][6]) == 3.0
    assert ikm["TRIWULAN"][4] == 365 and ikm["TAHUN"][4] == 379
    tickets = {
        r[0]: r[1:]
        for r in query(url, "select tiket_id, status, durasi_sla_satuan, tepat_waktu from marts.fct_tiket_layanan")
    }
    assert tickets["LOKET-000431"] == ("SELESAI", 1, True)
    assert tickets["LAPOR-7712301"] == ("DIPROSES", None, None)


def test_perilaku_and_disiplin(built):
    url, _ = built
    # ATASAN (5,5,4,5,5,4,5) and REKAN (4,5,4,4,5,4,4): weights 0.5/0.3 -> 0.625/0.375;
    # values 4.625, 5, 4, 4.625, 5, 4, 4.625 -> mean 31.875 / 7 = 4.5536 -> 4.55, Di Atas; DIRI apart
    assert query(
        url,
        "select skor_perilaku, jumlah_penilai, data_cukup, rating_perilaku_360, skor_diri, berorientasi_pelayanan "
        "from marts.fct_perilaku_bulanan",
    ) == [(Decimal("4.55"), 2, True, "Di Atas Ekspektasi", Decimal("5.00"), Decimal("4.63"))]
    # Putri: 1 day present with a missing check-out (PSW4 1.5), 3 days CUTI, 13 TK (3.0 each) = 40.50
    row = query(
        url,
        """select hari_kerja, hari_hadir, hari_tk, hari_cuti, jumlah_psw4, potongan_tpp_persen,
                               tingkat_hukuman_disiplin from marts.fct_disiplin_bulanan where nip = '199211052024212012'""",
    )
    assert row == [(17, 1, 13, 3, 1, Decimal("40.50"), "BERAT")]


def test_layanan_bulanan(built):
    url, _ = built
    rows = {
        r[0]: r[1:]
        for r in query(
            url,
            """select nip, tiket_selesai, tiket_tepat_waktu, persen_tepat_waktu,
                                                      tiket_terbuka_lewat_sla, median_jam_penyelesaian
                                                 from marts.fct_layanan_bulanan where periode = '2026-03-01'""",
        )
    }
    # resolved 03-03 11:20 after 03-02 08:40: 1 hari kerja (SLA 1) on time; 26 h 40 min wall clock
    assert rows["199407302019031005"] == (1, 1, Decimal("100.00"), 0, Decimal("26.67"))
    # still DIPROSES at the month's end: 16 hari kerja after 03-02 > SLA 5, an officer row without resolutions
    assert rows["199002112015032001"] == (0, 0, None, 1, None)


def test_predikat_and_alasan(built):
    url, _ = built
    rows = {
        r[0]: r[1:]
        for r in query(
            url,
            """select nip, rating_hasil_kerja, rating_perilaku_kerja, predikat_kinerja,
                                                      nilai_predikat_persen, data_lengkap, alasan
                                                 from marts.fct_kinerja_pegawai_bulanan""",
        )
    }
    # Dewi: SKP 113, 111.11, 100 -> Di Atas, mean 108,04%; 360 Di Atas (4,55) but 15 TK days in the
    # month (only 2 March taps exist in the examples) -> perilaku Di Bawah -> kuadran Kurang/Misconduct, 50%
    assert rows["199002112015032001"] == (
        "Di Atas Ekspektasi",
        "Di Bawah Ekspektasi",
        "Kurang/Misconduct",
        50,
        True,
        "Hasil kerja Di Atas Ekspektasi: 3 indikator, capaian rata-rata 108,04%; perilaku Di Bawah Ekspektasi "
        "karena TK bulan ini 5 hari atau lebih; 15 hari TK.",
    )
    # no SKP rows: no rating is invented
    fajar = rows["199407302019031005"]
    assert fajar[0] is None and fajar[2] is None and fajar[3] is None and fajar[4] is False
    assert fajar[5].startswith("Hasil kerja belum dapat dinilai: tidak ada indikator SKP bulan ini")


def test_kinerja_unit_bulanan(built):
    url, _ = built
    units = {
        r[0]: r[1:]
        for r in query(
            url,
            """select unit_kode, jumlah_pegawai, jumlah_baik, jumlah_kurang,
                                                       jumlah_tanpa_predikat, persen_kehadiran, persen_tepat_waktu,
                                                       ikm, mutu_pelayanan, peringatan_distribusi
                                                  from marts.fct_kinerja_unit_bulanan where periode = '2026-03-01'""",
        )
    }
    # the same month from the employee tables: employees per unit, (hadir + dinas luar) / hari kerja
    expected = {
        r[0]: r[1:]
        for r in query(
            url,
            """
        select unit_kode, count(*), round(100.0 * sum(hari_hadir + hari_dinas_luar) / sum(hari_kerja), 2)
          from marts.fct_disiplin_bulanan where periode = '2026-03-01' group by 1""",
        )
    }
    assert {u: (v[0], v[4]) for u, v in units.items()} == expected
    # Dewi is Kurang/Misconduct, the three others of the unit have no predikat; the one resolved
    # ticket was on time; IKM 81,94 (B); no organisation predikat is known, so no warning
    assert units["1275-DKP-PD"] == (
        4,
        0,
        1,
        3,
        expected["1275-DKP-PD"][1],
        Decimal("100.00"),
        Decimal("81.94"),
        "B",
        None,
    )


def test_dbt_docs_generate(built):
    """The documentation a reader gets: one HTML file with every published model, its columns'
    descriptions, and the exposures (monthly report, BI dashboards)."""
    import json

    from kinerja.build.dbt import docs
    from kinerja.core import config

    page = docs()
    assert page.exists() and page.stat().st_size > 100_000
    manifest = json.loads((config.dbt_target_dir() / "manifest.json").read_text())
    catalog = json.loads((config.dbt_target_dir() / "catalog.json").read_text())
    assert {"exposure.kinerja.laporan_kinerja_bulanan", "exposure.kinerja.dasbor_kinerja_bi"} <= set(
        manifest["exposures"]
    )
    unit = manifest["nodes"]["model.kinerja.fct_kinerja_unit_bulanan"]
    assert unit["description"].startswith("One row per unit and month")
    assert "model.kinerja.fct_kinerja_unit_bulanan" in catalog["nodes"]
    # every published model is documented with its grain and has its columns typed in the catalog
    # (ten published tables, the lineage view and its inspectorate form in laporan, and the two
    # data-completeness tables the BI dashboard reads)
    marts = [
        n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] in ("marts", "laporan")
    ]
    assert len(marts) == 14 and all(n["description"].startswith("One row per") for n in marts)
    # every column the warehouse builds in marts (the catalog) is described, doc blocks rendered
    undocumented = [
        f"{n['name']}.{c}"
        for n in marts
        for c in catalog["nodes"][n["unique_id"]]["columns"]
        if not (n["columns"].get(c) or {}).get("description", "").strip()
    ]
    assert undocumented == []
    for name in ("dim_pegawai", "fct_kinerja_pegawai_bulanan"):  # a shared term: one doc block, rendered
        assert manifest["nodes"][f"model.kinerja.{name}"]["columns"]["nip"]["description"].startswith("Nomor Induk")
    # lineage reaches the loader's own tables: the ledger and the rebuild window are sources
    sources = {s["name"] for s in manifest["sources"].values() if s["source_name"] == "ingest"}
    assert {"ledger", "bangun_ulang"} <= sources
    fct = manifest["nodes"]["model.kinerja.fct_kehadiran_harian"]
    assert "source.kinerja.ingest.bangun_ulang" in fct["depends_on"]["nodes"]
    # every macro of the project is documented
    macros = [m for m in manifest["macros"].values() if m["package_name"] == "kinerja"]
    assert macros and all(m["description"].strip() for m in macros), [m["name"] for m in macros if not m["description"]]


def test_month_by_hand_every_published_value(built):
    """The examples' March 2026, computed by hand for all six employees, every column of
    marts.fct_kinerja_pegawai_bulanan. 17 hari kerja (Ramadan schedule, Nyepi and Idul Fitri cuti
    bersama off); the only taps are on Monday 2 March, so every other day without leave is TK
    (3.0 % TPP each, policy 2026.1)."""
    url, _ = built
    cols = (
        "instansi_kode, unit_kode, nip, nama, jabatan, periode, rating_hasil_kerja, rating_perilaku_kerja, "
        "predikat_kinerja, nilai_predikat_persen, capaian_hasil_kerja_persen, skor_perilaku, hari_tk, "
        "potongan_tpp_persen, persen_tepat_waktu, ikm_unit, data_lengkap, alasan, versi_kebijakan"
    )
    rows = {r[2]: r for r in query(url, f"select {cols} from marts.fct_kinerja_pegawai_bulanan")}
    march = dt.date(2026, 3, 1)
    no_skp = "Hasil kerja belum dapat dinilai: tidak ada indikator SKP bulan ini; "
    tk5 = "perilaku Di Bawah Ekspektasi karena TK bulan ini 5 hari atau lebih; "
    expected = {
        # SKP 452/400 = 113, 30/27 = 111.11 (TURUN), 1/1 = 100 -> 2 of 3 ATAS, no UTAMA BAWAH -> Di Atas,
        # mean 108.037 -> 108.04; 360 4.55 but 15 TK (2nd HADIR, 4th DINAS_LUAR) -> Di Bawah -> Kurang/Misconduct;
        # TPP 15 x 3 = 45; her only ticket is still open: no persen_tepat_waktu
        "199002112015032001": (
            "1275",
            "1275-DKP-PD",
            "199002112015032001",
            "Dewi Lestari Nasution",
            "Pengadministrasi Kependudukan",
            march,
            "Di Atas Ekspektasi",
            "Di Bawah Ekspektasi",
            "Kurang/Misconduct",
            50,
            Decimal("108.04"),
            Decimal("4.55"),
            15,
            Decimal("45.00"),
            None,
            Decimal("81.94"),
            True,
            "Hasil kerja Di Atas Ekspektasi: 3 indikator, capaian rata-rata 108,04%; " + tk5 + "15 hari TK.",
            "2026.1",
        ),
        # TL1 + PSW1 on the 2nd (0.5 + 0.5) + 16 TK (48) = 49; one ticket resolved on time (100 %)
        "199407302019031005": (
            "1275",
            "1275-DKP-PD",
            "199407302019031005",
            "Fajar Ramadhan",
            "Operator Layanan Operasional",
            march,
            None,
            "Di Bawah Ekspektasi",
            None,
            None,
            None,
            None,
            16,
            Decimal("49.00"),
            Decimal("100.00"),
            Decimal("81.94"),
            False,
            no_skp + tk5 + "16 hari TK.",
            "2026.1",
        ),
        # PSW4 on the 2nd (1.5), CUTI 3rd-5th, 13 TK (39) = 40.5
        "199211052024212012": (
            "1275",
            "1275-DKP-PD",
            "199211052024212012",
            "Putri Ayu Harahap",
            "Pengelola Layanan Operasional",
            march,
            None,
            "Di Bawah Ekspektasi",
            None,
            None,
            None,
            None,
            13,
            Decimal("40.50"),
            None,
            Decimal("81.94"),
            False,
            no_skp + tk5 + "13 hari TK.",
            "2026.1",
        ),
        "198109232006042003": (
            "1275",
            "1275-DKP-PD",
            "198109232006042003",
            "Rina Marlina Siregar S.Sos",
            "Kepala Bidang",
            march,
            None,
            "Di Bawah Ekspektasi",
            None,
            None,
            None,
            None,
            17,
            Decimal("51.00"),
            None,
            Decimal("81.94"),
            False,
            no_skp + tk5 + "17 hari TK.",
            "2026.1",
        ),
        # no SKM response for these units: no IKM
        "197704152003121002": (
            "1275",
            "1275-DKP",
            "197704152003121002",
            "Drs. Ahmad Syahputra",
            "Kepala Dinas",
            march,
            None,
            "Di Bawah Ekspektasi",
            None,
            None,
            None,
            None,
            17,
            Decimal("51.00"),
            None,
            None,
            False,
            no_skp + tk5 + "17 hari TK.",
            "2026.1",
        ),
        "197912012005011004": (
            "1275",
            "1275-BKPSDM",
            "197912012005011004",
            "Ir. Bambang Sitepu",
            "Kepala Badan",
            march,
            None,
            "Di Bawah Ekspektasi",
            None,
            None,
            None,
            None,
            17,
            Decimal("51.00"),
            None,
            None,
            False,
            no_skp + tk5 + "17 hari TK.",
            "2026.1",
        ),
    }
    assert rows == expected
