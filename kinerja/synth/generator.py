"""Deterministic synthetic landing files in the formats of docs/sources.md: Indonesian names, valid
NIPs, and lateness, absence, leave and slow tickets at plausible rates, with the defects real
exports have (listed in `_manifest.json`). Same seed, scale and month: the same bytes."""

from __future__ import annotations

import random
from pathlib import Path

from kinerja.core.errors import KinerjaError

from . import writers
from .defects import DefectMakers, Defects
from .manifest import write_manifest
from .organisasi import SCALES, make_staff, make_units


def generate(scale: str, month: str, out: Path, seed: int = 42, defects: bool = True) -> dict:
    """Write one month for every source under `out/<source>/`; returns the manifest."""
    if scale not in SCALES:
        raise KinerjaError(f"unknown scale {scale!r}: this generator knows {', '.join(SCALES)}")
    cfg = SCALES[scale]
    kode, inst_nama, zona, kota = cfg["instansi"]
    rng = random.Random(f"{seed}-{scale}-{month}")
    out.mkdir(parents=True, exist_ok=True)
    units = make_units(rng, cfg["units"], kode, kota)
    staff = make_staff(rng, cfg["pegawai"], units)
    year, mon = (int(x) for x in month.split("-"))
    makers = DefectMakers(kode, year, mon, {p.nip for p in staff}, random.Random(f"{seed}-{scale}-{month}-defects"))
    b = writers.Bulan(out, month, kode, inst_nama, zona, kota, rng, Defects(makers, out, defects), units, staff)

    writers.write_unit_kerja(b)
    writers.write_pegawai(b)
    writers.write_jadwal_kerja(b)
    days = writers.write_hari_libur(b)
    layanan = writers.write_layanan(b)
    on_leave = writers.write_cuti(b, days)
    writers.write_kehadiran(b, days, on_leave)
    writers.write_tiket_layanan(b, days, layanan)
    writers.write_survei_skm(b, days, layanan)
    writers.write_survei_perilaku(b)
    writers.write_skp(b)
    b.bad.unreadable_files(month)
    return write_manifest(b, scale, seed, len(days))
