"""The generator: deterministic, valid identifiers, plausible rates (no database)."""

from __future__ import annotations

import csv
import datetime as dt
import json

from ingestion.landing import discover, sha256
from kinerja.synth.generator import SCALES, generate


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


def _roster_nips(landing) -> dict[str, set[str]]:
    """NIPs of each pegawai file's good rows, by instansi folder."""
    manifest = json.loads((landing / "_manifest.json").read_text())
    bad = {(d["file"], d["line"]) for d in manifest["defects"]}
    out: dict[str, set[str]] = {}
    for path in sorted((landing / "pegawai").rglob("*.csv")):
        name = str(path.relative_to(landing))
        with open(path, newline="") as fh:
            rows = [r for line, r in enumerate(csv.DictReader(fh), start=2) if (name, line) not in bad]
        out.setdefault(path.relative_to(landing / "pegawai").parts[0], set()).update(r["nip"] for r in rows)
    return out


def test_many_instansi_apart_yet_consistent(tmp_path, monkeypatch):
    """The province scale's shape, shrunk: 25 instansi written by two processes or by one give the
    same bytes; NIPs and unit codes never repeat across instansi; earlier months (`history`) have the
    same people in their own sub-folders."""
    monkeypatch.setitem(SCALES, "province", dict(pegawai=25 * 30, units=25 * 12, instansi=25))
    a, b = tmp_path / "a", tmp_path / "b"
    manifest = generate("province", "2026-05", a, seed=3, history=1, workers=2)
    generate("province", "2026-05", b, seed=3, history=1, workers=1)
    fa = {f.path.relative_to(a): sha256(f.path) for f in discover(a)}
    assert fa == {f.path.relative_to(b): sha256(f.path) for f in discover(b)}
    assert (a / "_manifest.json").read_bytes() == (b / "_manifest.json").read_bytes()

    assert manifest["months"] == ["2026-04", "2026-05"]
    assert manifest["zona_waktu"] == ["WIB", "WITA"] and len(manifest["instansi"]) == 25
    kode = {i["kode"] for i in manifest["instansi"]}
    assert {p.parts[1] for p in fa if p.parts[0] == "kehadiran" and p.parts[1] != "rusak"} == kode
    rosters = _roster_nips(a)
    assert set(rosters) == kode
    assert sum(len(r) for r in rosters.values()) == len(set().union(*rosters.values())) == 750
    # the earlier month has the same people, in <instansi>/<month>/
    for k in kode:
        earlier = next((a / "pegawai" / k / "2026-04").glob("*.csv")).read_text().splitlines()[1:]
        assert {line.split(",")[0] for line in earlier} >= rosters[k]
    units = [line.split(",")[0] for p in (a / "unit_kerja").glob("*/unit_kerja_2026-05.csv")
             for line in p.read_text().splitlines()[1:]]  # fmt: skip
    assert len(units) == len(set(units))


def test_national_day_is_one_workday_per_instansi(tmp_path, monkeypatch):
    monkeypatch.setitem(SCALES, "national-day", dict(pegawai=4 * 40, units=4 * 12, instansi=4, one_day=True))
    out = tmp_path / "nd"
    manifest = generate("national-day", "2026-10", out, seed=2)
    assert manifest["zona_waktu"] == ["WIB", "WIT", "WITA"]
    day_files = [p for p in (out / "kehadiran").rglob("*.csv") if p.parts[-2] not in ("rusak", "excel")]
    assert len(day_files) == 4 and {p.name for p in day_files} == {"2026-10-01.csv"}
    assert not (out / "skp").exists() and not (out / "survei_perilaku").exists()
    # about two taps per employee, a day's share of tickets (1.2 per employee-month)
    assert 1.7 * 160 < manifest["sources"]["kehadiran"]["rows"] < 2.3 * 160
