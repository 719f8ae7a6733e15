"""What a report holds, read once from a publication: the frozen tables of one revision, its
revision history and change lists, and the mutu bands. Both the XLSX and the PDF render this;
nothing in a report is read from the marts, so a revision's report is the same whenever it is
rendered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import psycopg
from psycopg.rows import dict_row

from kinerja import warehouse
from kinerja.core.errors import KinerjaError
from kinerja.publish.publikasi import periode_of

WIB = ZoneInfo("Asia/Jakarta")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
PREDIKAT = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang")


@dataclass
class Isi:
    publikasi: dict
    instansi_nama: str
    pegawai: list[dict]
    disiplin: list[dict]
    layanan: list[dict]
    ikm: list[dict]
    unit: list[dict]
    unit_kerja: dict[str, dict]  # unit_kode -> names as published
    kelengkapan: list[dict]
    riwayat: list[dict]  # every revision of the month up to this one
    perubahan: list[dict]  # change lists of those revisions, newest first, predikat first
    mutu: list[dict]  # IKM bands (kebijakan.ikm_mutu_pelayanan)

    @property
    def judul(self) -> str:
        p = self.publikasi
        return f"Publikasi {p['publikasi_id']} · revisi {p['revisi']}"

    @property
    def bulan(self) -> str:
        d = self.publikasi["periode"]
        return f"{BULAN[d.month - 1]} {d.year}"

    @property
    def diterbitkan(self) -> str:
        return f"{self.publikasi['diterbitkan_pada'].astimezone(WIB):%d-%m-%Y %H:%M} WIB"

    def nama_unit(self, kode: str) -> str:
        return (self.unit_kerja.get(kode) or {}).get("nama_unit") or kode


def cari(conn: psycopg.Connection, month: str, instansi: str | None, revisi: int | None) -> list[dict]:
    """The publications a report covers: one per instansi (the named revision, else the latest)."""
    periode = periode_of(month)
    if conn.execute("select to_regclass('laporan.publikasi') is null as kosong").fetchone()["kosong"]:
        raise KinerjaError("nothing is published yet: run `kinerja publish --month …` first")
    found = conn.execute(
        """select distinct on (instansi_kode) * from laporan.publikasi
            where periode = %s and (%s::text is null or instansi_kode = %s) and (%s::int is null or revisi = %s)
            order by instansi_kode, revisi desc""",
        (periode, instansi, instansi, revisi, revisi),
    ).fetchall()
    if not found:
        what = f"revision {revisi} of " if revisi else ""
        raise KinerjaError(
            f"no publication for {what}{month}{' instansi ' + instansi if instansi else ''}: "
            "run `kinerja publish` first (`kinerja run` does it for the month)"
        )
    return found


def _plain(row: dict) -> dict:
    """Decimals as floats (a report computes with them), everything else as read."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()}


def muat(conn: psycopg.Connection, publikasi: dict) -> Isi:
    pid = publikasi["publikasi_id"]

    def rows(table: str, order: str) -> list[dict]:
        return [
            _plain(r)
            for r in conn.execute(f"select * from laporan.{table} where publikasi_id = %s order by {order}", (pid,))
        ]

    unit_kerja = {r["unit_kode"]: r for r in rows("unit_kerja", "unit_kode")}
    riwayat = conn.execute(
        """select publikasi_id, revisi, diterbitkan_pada, jumlah_baris, checksum, alasan_revisi
             from laporan.publikasi where instansi_kode = %s and periode = %s and revisi <= %s order by revisi""",
        (publikasi["instansi_kode"], publikasi["periode"], publikasi["revisi"]),
    ).fetchall()
    perubahan = conn.execute(
        """select revisi, revisi_sebelumnya, tabel, kunci, perubahan, kolom, nilai_lama, nilai_baru
             from laporan.publikasi_perubahan
            where instansi_kode = %s and periode = %s and revisi <= %s order by revisi desc, urutan""",
        (publikasi["instansi_kode"], publikasi["periode"], publikasi["revisi"]),
    ).fetchall()
    mutu = (
        conn.execute("select * from kebijakan.ikm_mutu_pelayanan order by nilai_bawah desc").fetchall()
        if conn.execute("select to_regclass('kebijakan.ikm_mutu_pelayanan') is not null as ada").fetchone()["ada"]
        else []
    )
    nama = next((u["instansi_nama"] for u in unit_kerja.values() if u.get("instansi_nama")), None)
    return Isi(
        publikasi=publikasi,
        instansi_nama=nama or publikasi["instansi_kode"],
        pegawai=rows("kinerja_pegawai_bulanan", "unit_kode, nama, nip"),
        disiplin=rows("disiplin_bulanan", "unit_kode, nip"),
        layanan=rows("layanan_bulanan", "unit_kode, nip"),
        ikm=rows("ikm_unit", "unit_kode"),
        unit=rows("kinerja_unit_bulanan", "unit_kode"),
        unit_kerja=unit_kerja,
        kelengkapan=rows("kelengkapan_data", "sumber"),
        riwayat=riwayat,
        perubahan=perubahan,
        mutu=[_plain(m) for m in mutu],
    )


def baca(month: str, instansi: str | None = None, revisi: int | None = None) -> list[Isi]:
    with warehouse.connect() as conn:
        conn.row_factory = dict_row
        return [muat(conn, p) for p in cari(conn, month, instansi, revisi)]


def ringkasan(isi: Isi) -> list[tuple[str, object]]:
    """The summary's figures, in reading order: the XLSX's first sheet and the PDF's first page."""
    p = isi.publikasi
    hitung = {k: sum(1 for r in isi.pegawai if r["predikat_kinerja"] == k) for k in PREDIKAT}
    hari_kerja = sum(r["hari_kerja"] or 0 for r in isi.disiplin)
    hadir = sum(r["hari_hadir"] or 0 for r in isi.disiplin)
    selesai = sum(r["tiket_selesai"] or 0 for r in isi.layanan)
    tepat = sum(r["tiket_tepat_waktu"] or 0 for r in isi.layanan)
    indikasi = sum(1 for r in isi.disiplin if r["tingkat_hukuman_disiplin"])
    return [
        ("Instansi", f"{isi.instansi_nama} ({p['instansi_kode']})"),
        ("Periode", isi.bulan),
        ("Publikasi", p["publikasi_id"]),
        ("Revisi", p["revisi"]),
        ("Diterbitkan", isi.diterbitkan),
        ("Checksum", p["checksum"]),
        ("Versi kebijakan", p.get("versi_kebijakan") or ""),
        ("Pegawai dinilai", len(isi.pegawai)),
        *[(f"Predikat {k}", v) for k, v in hitung.items()],
        ("Tanpa predikat (data belum lengkap)", sum(1 for r in isi.pegawai if not r["predikat_kinerja"])),
        ("Kehadiran (% hari kerja)", round(100 * hadir / hari_kerja, 2) if hari_kerja else None),
        ("Indikasi hukuman disiplin untuk diperiksa (pegawai)", indikasi),
        ("Tiket layanan selesai", selesai),
        ("Tiket selesai tepat waktu (%)", round(100 * tepat / selesai, 2) if selesai else None),
        ("Unit layanan dengan IKM", sum(1 for r in isi.ikm if r["ikm"] is not None)),
        ("Alasan revisi", p.get("alasan_revisi") or "-"),
    ]


def lokal(value):
    """A timestamp as Jakarta wall time without zone (Excel has no time zones); others unchanged."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(WIB).replace(tzinfo=None)
    return value
