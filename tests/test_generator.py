"""The generator: deterministic, valid identifiers, plausible rates (no database)."""

from __future__ import annotations

import csv
import datetime as dt
import json

from ingestion.landing import discover, sha256
from kinerja.synth.generator import generate


def _nip_ok(nip: str, jenis: str) -> bool:
    if len(nip) != 18 or not nip.isdigit():
        return False
    birth = dt.datetime.strptime(nip[:8], "%Y%m%d").date()
    if jenis == "PPPK":
        return True
    start = dt.date(int(nip[8:12]), int(nip[12:14]), 1)
    return start > birth and nip[14] in "12" and int(nip[15:]) >= 1


def test_same_seed_same_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate("tiny", "2026-05", a, seed=3)
    generate("tiny", "2026-05", b, seed=3)
    fa = {f.path.relative_to(a): sha256(f.path) for f in discover(a)}
    fb = {f.path.relative_to(b): sha256(f.path) for f in discover(b)}
    assert fa == fb and len(fa) > 10


def test_every_source_and_valid_nips(tiny_month):
    manifest = json.loads((tiny_month / "_manifest.json").read_text())
    assert set(manifest["sources"]) == {
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
    assert all(v["rows"] > 0 for v in manifest["sources"].values())
    path = next((tiny_month / "pegawai").glob("*.csv"))
    defects = {d["line"] for d in manifest["defects"] if d["file"] == str(path.relative_to(tiny_month))}
    with open(path, newline="") as fh:
        roster = [r for line, r in enumerate(csv.DictReader(fh), start=2) if line not in defects]
    assert len(roster) == 30 and len({r["nip"] for r in roster}) == 30
    assert all(_nip_ok(r["nip"], r["jenis_asn"]) for r in roster)


def test_city_rates_are_plausible(tmp_path):
    out = tmp_path / "city"
    manifest = generate("city", "2026-05", out, seed=1)
    workdays = manifest["workdays"]
    taps = manifest["sources"]["kehadiran"]["rows"]
    # about two taps per employee-workday, fewer for leave/absence, a few duplicates
    assert 1.7 * 5000 * workdays < taps < 2.1 * 5000 * workdays
    late = total = 0
    for path in (out / "kehadiran").glob("*.csv"):
        with open(path, newline="") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                if row["arah"] == "MASUK":
                    total += 1
                    late += row["waktu"][11:16] >= "07:31"
    assert 0.04 < late / total < 0.20, late / total
