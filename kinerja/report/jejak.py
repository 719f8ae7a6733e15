"""`kinerja explain`: why an employee's predikat is what it is, from the published number down to
the landing line. The predikat, its `alasan` and the monthly figures come from the publication
(the named revision, else the latest; the marts when the month is not published); the days and
taps come from `marts.jejak_kehadiran`, the warehouse's lineage view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import psycopg
from psycopg.rows import dict_row

from kinerja import warehouse
from kinerja.core.errors import KinerjaError
from kinerja.publish.publikasi import periode_of

DISIPLIN = (
    "hari_kerja",
    "hari_hadir",
    "hari_tk",
    "hari_cuti",
    "hari_dinas_luar",
    "hari_izin",
    "jumlah_tl1",
    "jumlah_tl2",
    "jumlah_tl3",
    "jumlah_tl4",
    "jumlah_psw1",
    "jumlah_psw2",
    "jumlah_psw3",
    "jumlah_psw4",
    "menit_terlambat",
    "menit_pulang_cepat",
    "hari_tk_kumulatif_tahun",
    "tingkat_hukuman_disiplin",
    "jenis_hukuman_disiplin",
    "potongan_tpp_persen",
)


@dataclass
class Hari:
    tanggal: dt.date
    status: str
    rincian: dict  # minutes, categories, schedule, policy version, leave
    tap: list[dict] = field(default_factory=list)  # waktu (local), mesin_id, metode, berkas, sha256, baris


@dataclass
class Penjelasan:
    nip: str
    periode: dt.date
    publikasi: dict | None  # publikasi_id, revisi, diterbitkan_pada; None: not published
    pegawai: dict  # the row of kinerja_pegawai_bulanan
    disiplin: dict | None
    hari: list[Hari]
    berbeda_dari_gudang: bool  # the revision's figures differ from today's marts (late data since)


def explain(nip: str, month: str, revisi: int | None = None) -> Penjelasan:
    periode = periode_of(month)
    with warehouse.connect() as conn:
        conn.row_factory = dict_row
        publikasi = _publikasi(conn, nip, periode, revisi)
        now = conn.execute(
            "select * from marts.fct_disiplin_bulanan where nip = %s and periode = %s", (nip, periode)
        ).fetchone()
        if publikasi:
            pegawai = conn.execute(
                "select * from laporan.kinerja_pegawai_bulanan where publikasi_id = %s and nip = %s",
                (publikasi["publikasi_id"], nip),
            ).fetchone()
            disiplin = conn.execute(
                "select * from laporan.disiplin_bulanan where publikasi_id = %s and nip = %s",
                (publikasi["publikasi_id"], nip),
            ).fetchone()
        else:
            pegawai = conn.execute(
                "select * from marts.fct_kinerja_pegawai_bulanan where nip = %s and periode = %s", (nip, periode)
            ).fetchone()
            disiplin = now
        if pegawai is None:
            raise KinerjaError(f"no scored row for NIP {nip} in {month}: check the NIP and the month")
        berbeda = bool(publikasi and disiplin and now and any(disiplin[k] != now[k] for k in DISIPLIN))
        return Penjelasan(nip, periode, publikasi, pegawai, disiplin, _days(conn, nip, periode), berbeda)


def _publikasi(conn: psycopg.Connection, nip: str, periode: dt.date, revisi: int | None) -> dict | None:
    if conn.execute("select to_regclass('laporan.kinerja_pegawai_bulanan')").fetchone()["to_regclass"] is None:
        if revisi:
            raise KinerjaError("nothing is published yet: run `kinerja publish` first")
        return None
    found = conn.execute(
        """select p.publikasi_id, p.revisi, p.diterbitkan_pada, p.checksum
             from laporan.publikasi p
             join laporan.kinerja_pegawai_bulanan k using (publikasi_id)
            where k.nip = %s and p.periode = %s and (%s::int is null or p.revisi = %s)
            order by p.revisi desc limit 1""",
        (nip, periode, revisi, revisi),
    ).fetchone()
    if revisi and not found:
        raise KinerjaError(f"no revision {revisi} of {periode:%Y-%m} holds NIP {nip}: see `kinerja report`")
    return found


def _days(conn: psycopg.Connection, nip: str, periode: dt.date) -> list[Hari]:
    rows = conn.execute(
        """select tanggal, status_kehadiran, jenis_cuti, nomor_cuti, menit_terlambat, menit_pulang_cepat,
                  kategori_tl, kategori_psw, jadwal_masuk, jadwal_pulang, toleransi_menit, versi_kebijakan,
                  (waktu_tap at time zone zona_iana) as waktu_tap, zona_iana, mesin_id, metode, berkas,
                  berkas_sha256, berkas_baris
             from marts.jejak_kehadiran
            where nip = %s and tanggal >= %s and tanggal < %s + interval '1 month'
            order by tanggal, waktu_tap""",
        (nip, periode, periode),
    ).fetchall()
    days: dict[dt.date, Hari] = {}
    for r in rows:
        day = days.get(r["tanggal"])
        if day is None:
            rincian = {
                k: r[k]
                for k in (
                    "jenis_cuti",
                    "nomor_cuti",
                    "menit_terlambat",
                    "menit_pulang_cepat",
                    "kategori_tl",
                    "kategori_psw",
                    "jadwal_masuk",
                    "jadwal_pulang",
                    "toleransi_menit",
                    "zona_iana",
                    "versi_kebijakan",
                )
            }
            day = days[r["tanggal"]] = Hari(r["tanggal"], r["status_kehadiran"], rincian)
        if r["waktu_tap"] is not None:
            day.tap.append(
                {
                    "waktu": r["waktu_tap"],
                    "mesin_id": r["mesin_id"],
                    "metode": r["metode"],
                    "berkas": r["berkas"],
                    "sha256": r["berkas_sha256"],
                    "baris": r["berkas_baris"],
                }
            )
    return list(days.values())
