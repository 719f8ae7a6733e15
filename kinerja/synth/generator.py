"""Deterministic synthetic landing files in the formats of docs/sources.md: Indonesian names, valid
NIPs, and lateness, absence, leave and slow tickets at plausible rates, with the defects real
exports have (listed in `_manifest.json`). Same seed, scale and month: the same bytes.

Every instansi is generated on its own (its organisation from the seed alone, so earlier months
written by `history` have the same people; its month from seed and month), one at a time per
process, so memory stays that of the largest instansi at any scale and the work spreads over the
cores. With several instansi, each source's files go in a sub-folder per instansi code."""

from __future__ import annotations

import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kinerja.core.errors import KinerjaError

from . import writers
from .defects import DefectMakers, Defects
from .manifest import write_manifest
from .organisasi import make_staff, make_units
from .wilayah import Instansi, national, province

SCALES = {
    "tiny": dict(pegawai=30, units=3, instansi=("6501", "Pemerintah Kabupaten Bulungan", "WITA", "Tanjung Selor")),
    "city": dict(pegawai=5000, units=40, instansi=("1275", "Pemerintah Kota Binjai", "WIB", "Binjai")),
    "province": dict(pegawai=100_000, units=800, instansi=25),
    # one workday of all of Indonesia's ASN: one attendance file per instansi
    "national-day": dict(pegawai=4_800_000, units=40_000, instansi=540, one_day=True),
}


def instansi_of(scale: str, seed: int) -> list[Instansi]:
    cfg = SCALES[scale]
    if isinstance(cfg["instansi"], tuple):
        kode, nama, zona, kota = cfg["instansi"]
        return [Instansi(kode, nama, zona, kota, cfg["pegawai"], cfg["units"])]
    if scale == "province":
        return province(seed, cfg["pegawai"], cfg["units"])
    return national(seed, cfg["pegawai"], cfg["units"], cfg["instansi"])


def months_back(month: str, n: int) -> list[str]:
    """The n months before `month`, oldest first."""
    year, mon = (int(x) for x in month.split("-"))
    out = []
    for k in range(n, 0, -1):
        y, m = divmod(year * 12 + mon - 1 - k, 12)
        out.append(f"{y:04d}-{m + 1:02d}")
    return out


@dataclass(frozen=True)
class _Tugas:
    """One instansi's month: what a worker process writes."""

    scale: str
    month: str
    seed: int
    out: Path
    defects: bool
    instansi: Instansi
    index: int  # position among the scale's instansi
    count: int  # how many instansi the scale has
    earlier: bool  # a month written by `history`: its files go in a sub-folder named after it
    one_day: bool  # the month's first workday only (the scale's default, or asked for)


def _write(t: _Tugas) -> dict:
    inst, multi, one_day = t.instansi, t.count > 1, t.one_day
    # the organisation does not depend on the month: earlier months have the same people
    org = random.Random(f"{t.seed}-{t.scale}" + (f"-{inst.kode}" if multi else ""))
    units = make_units(org, inst.units, inst.kode, inst.kota)
    # several instansi: each draws NIPs from its own slot, the last slot is for unknown NIPs
    slots = t.count + 1 if multi else 1
    staff = make_staff(org, inst.pegawai, units, t.index, slots)
    key = f"{t.seed}-{t.scale}-{t.month}" + (f"-{inst.kode}" if multi else "")
    year, mon = (int(x) for x in t.month.split("-"))
    makers = DefectMakers(inst.kode, year, mon, {p.nip for p in staff}, random.Random(f"{key}-defects"), t.count, slots)
    b = writers.Bulan(
        t.out,
        t.month,
        inst.kode,
        inst.nama,
        inst.zona,
        inst.kota,
        random.Random(key),
        Defects(makers, t.out, t.defects),
        units,
        staff,
        sub=((inst.kode,) if multi else ()) + ((t.month,) if t.earlier else ()),
        first_instansi=t.index == 0,
        multi=multi,
    )
    writers.write_unit_kerja(b)
    writers.write_pegawai(b)
    writers.write_jadwal_kerja(b)
    days = writers.write_hari_libur(b)
    layanan = writers.write_layanan(b)
    if one_day:  # the first workday; tickets and survey answers at a day's share of the month
        b.share, days = 1 / max(1, len(days)), days[:1]
        on_leave = {}
    else:
        on_leave = writers.write_cuti(b, days)
    writers.write_kehadiran(b, days, on_leave)
    writers.write_tiket_layanan(b, days, layanan)
    writers.write_survei_skm(b, days, layanan)
    if not one_day:  # monthly exports, not part of a day
        writers.write_survei_perilaku(b)
        writers.write_skp(b)
    if t.index == 0:
        b.bad.unreadable_files(t.month)
    return {"counts": b.counts, "defects": b.bad.rows, "files": b.bad.files, "workdays": len(days)}


def generate(
    scale: str,
    month: str,
    out: Path,
    seed: int = 42,
    defects: bool = True,
    history: int = 0,
    workers: int | None = None,
    one_day: bool | None = None,
) -> dict:
    """Write one month (one workday at `national-day`) for every source under `out/<source>/`,
    and `history` earlier months under `out/<source>/…/<YYYY-MM>/`; returns the manifest.
    `one_day` writes only the month's first workday at any scale (a night's files; the bench's P4)."""
    if scale not in SCALES:
        raise KinerjaError(f"unknown scale {scale!r}: this generator knows {', '.join(SCALES)}")
    out.mkdir(parents=True, exist_ok=True)
    instansi = instansi_of(scale, seed)
    months = [*months_back(month, history), month]
    day = SCALES[scale].get("one_day", False) if one_day is None else one_day
    tasks = [
        _Tugas(scale, m, seed, out, defects, inst, k, len(instansi), m != month, day)
        for m in months
        for k, inst in enumerate(instansi)
    ]
    workers = workers or min(len(tasks), os.cpu_count() or 1)
    if workers > 1 and SCALES[scale]["pegawai"] * len(months) > 20_000:
        # results in task order, whatever finishes first: the manifest is deterministic too
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_write, tasks, chunksize=1))
    else:
        parts = [_write(t) for t in tasks]
    workdays = parts[-1]["workdays"]
    return write_manifest(out, scale, month, seed, defects, instansi, months, parts, workdays)
