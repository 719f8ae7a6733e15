"""The eleven source contracts of docs/sources.md: columns, which are required, and the
source family (one Airflow DAG each). Raw tables hold these columns as text, in this order."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    name: str
    family: str
    columns: tuple[str, ...]
    required: frozenset[str]
    # Columns never stored in clear (replaced by a keyed hash column `<name>_hash`).
    hashed: tuple[str, ...] = field(default=())

    @property
    def raw_columns(self) -> tuple[str, ...]:
        return tuple(f"{c}_hash" if c in self.hashed else c for c in self.columns)


def _src(name: str, family: str, spec: str, hashed: tuple[str, ...] = ()) -> Source:
    """`spec` lists columns in order; a trailing `*` marks a required one."""
    cols = [c.strip() for c in spec.split(",")]
    names = tuple(c.rstrip("*") for c in cols)
    required = frozenset(c.rstrip("*") for c in cols if c.endswith("*"))
    return Source(name, family, names, required, hashed)


SOURCES: dict[str, Source] = {
    s.name: s
    for s in [
        _src(
            "unit_kerja",
            "referensi",
            "unit_kode*, nama_unit*, instansi_kode*, instansi_nama, induk_unit_kode, zona_waktu*, "
            "unit_layanan, populasi_layanan, kepala_nip",
        ),
        _src(
            "pegawai",
            "referensi",
            "nip*, nama*, jenis_asn*, unit_kode*, jabatan*, jenis_jabatan, atasan_nip, golongan, "
            "status*, tanggal_data*",
        ),
        _src(
            "jadwal_kerja",
            "referensi",
            "instansi_kode*, unit_kode, berlaku_mulai*, berlaku_sampai, hari*, jam_masuk*, jam_pulang*, keterangan",
        ),
        _src("hari_libur", "referensi", "tanggal*, jenis*, instansi_kode, keterangan"),
        _src(
            "layanan", "referensi", "layanan_kode*, nama_layanan*, unit_kode*, sla_nilai*, sla_satuan*, berlaku_mulai*"
        ),
        _src("kehadiran", "kehadiran", "nip*, waktu*, mesin_id, metode, arah, lintang, bujur"),
        _src("cuti", "kehadiran", "nomor*, nip*, jenis*, tanggal_mulai*, tanggal_selesai*, status*, diperbarui_pada*"),
        _src(
            "tiket_layanan",
            "layanan",
            "tiket_id*, kanal*, layanan_kode*, unit_kode*, petugas_nip, dibuat_pada*, "
            "direspons_pada, diselesaikan_pada, status*, jumlah_dibuka_kembali, diperbarui_pada*",
        ),
        _src(
            "survei_skm",
            "layanan",
            "respons_id*, unit_kode*, layanan_kode, tanggal*, u1*, u2*, u3*, u4*, u5*, u6*, u7*, "
            "u8*, u9*, jenis_kelamin, pendidikan, pekerjaan, saran",
        ),
        _src(
            "survei_perilaku",
            "kinerja",
            "respons_id*, periode*, pegawai_nip*, penilai_nip*, peran_penilai*, "
            "berorientasi_pelayanan*, akuntabel*, kompeten*, harmonis*, loyal*, adaptif*, kolaboratif*",
            hashed=("penilai_nip",),
        ),
        _src(
            "skp", "kinerja", "nip*, periode*, indikator_kode*, indikator*, jenis*, target*, realisasi*, satuan, arah*"
        ),
    ]
}

# Reference data first: later families are checked against it.
FAMILIES: dict[str, tuple[str, ...]] = {}
for _s in SOURCES.values():
    FAMILIES.setdefault(_s.family, ())
    FAMILIES[_s.family] += (_s.name,)

# Personal columns an SKM export may carry; dropped at landing, never stored (PermenPANRB 14/2017).
SKM_PII_COLUMNS = frozenset({"nama", "telepon", "no_hp", "hp", "email", "nik", "alamat"})

# Columns that hold a date, a datetime, a time of day or a month: in an XLSX file Excel may keep
# them as serial numbers (days since 1899-12-30), which the reader converts back.
TEMPORAL_COLUMNS: dict[str, str] = {
    **dict.fromkeys(
        ("tanggal_data", "berlaku_mulai", "berlaku_sampai", "tanggal", "tanggal_mulai", "tanggal_selesai"), "date"
    ),
    **dict.fromkeys(("waktu", "diperbarui_pada", "dibuat_pada", "direspons_pada", "diselesaikan_pada"), "datetime"),
    **dict.fromkeys(("jam_masuk", "jam_pulang"), "time"),
    "periode": "month",
}
