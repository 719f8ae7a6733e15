"""R1 (quality.md): on a generated month with defects, every injected defect is quarantined by its
rule, nothing else is, every file adds up, and every unreadable file is rejected with a reason."""

from __future__ import annotations

import json

import pytest

from ingestion.landing import discover
from kinerja.build.dbt import build
from kinerja.run.ingest import ingest
from kinerja.synth.generator import SCALES, generate

from conftest import query
from invariants import check_invariants


def check_manifest(url: str, landing) -> dict:
    manifest = json.loads((landing / "_manifest.json").read_text())
    results = ingest(landing)
    by_file = {str(__import__("pathlib").Path(r.path).relative_to(landing)): r for r in results}
    assert len(by_file) == len(discover(landing))

    expected = {(d["source"], d["file"], d["line"], d["rule"]) for d in manifest["defects"]}
    got = {
        (s, str(__import__("pathlib").Path(p).relative_to(landing)), line, rule)
        for s, p, line, rule in query(
            url,
            """
        select q.source, l.path, q.line, q.rule from ingest.quarantine q join ingest.ledger l using (batch_id)""",
        )
    }
    assert got - expected == set(), "quarantined but not injected"
    assert expected - got == set(), "injected but not quarantined"

    rejected = {f["file"]: f["reason"] for f in manifest["rejected_files"]}
    for name, res in by_file.items():
        assert res.rows_read == res.rows_loaded + res.rows_quarantined, name
        if name in rejected:
            assert res.status == "REJECTED" and rejected[name] in res.reason, (name, res.reason)
        else:
            assert res.status == "LOADED", (name, res.status, res.reason)
            defects = sum(1 for d in manifest["defects"] if d["file"] == name)
            assert res.rows_quarantined == defects, name
    # no good row lost: raw holds exactly the rows written minus the defects
    written = sum(v["rows"] for v in manifest["sources"].values())
    loaded = sum(query(url, f"select count(*) from raw.{s}")[0][0] for s in manifest["sources"])
    assert loaded == written - len(manifest["defects"])
    return manifest


def test_tiny_month_manifest(fresh_db, tmp_path):
    landing = tmp_path / "tiny"
    manifest = generate("tiny", "2026-04", landing, seed=11)
    assert {d["source"] for d in manifest["defects"]} >= {
        "kehadiran",
        "pegawai",
        "unit_kerja",
        "cuti",
        "tiket_layanan",
        "survei_skm",
        "survei_perilaku",
        "skp",
        "layanan",
    }
    check_manifest(fresh_db, landing)
    assert {r.status for r in ingest(landing)} == {"SKIPPED"}  # idempotent


def test_many_instansi_day_manifest(fresh_db, tmp_path, monkeypatch):
    """R1 with the national day's shape, shrunk to four instansi in three time zones: each source's
    files of the night validated in one run, every defect still quarantined in its own file and line."""
    monkeypatch.setitem(SCALES, "national-day", dict(pegawai=4 * 40, units=4 * 12, instansi=4, one_day=True))
    landing = tmp_path / "nd"
    generate("national-day", "2026-10", landing, seed=9)
    check_manifest(fresh_db, landing)
    runs = query(
        fresh_db,
        "select source, count(*), min((checks->>'validated_with')::int) from ingest.ledger "
        "where status = 'LOADED' group by 1 order by 1",
    )
    assert ("kehadiran", 5, 5) in runs  # four device files and the hand-made export, one run


@pytest.mark.slow
def test_city_month_manifest(fresh_db, tmp_path):
    landing = tmp_path / "city"
    generate("city", "2026-05", landing, seed=5)
    manifest = check_manifest(fresh_db, landing)
    rate = len(manifest["defects"]) / sum(v["rows"] for v in manifest["sources"].values())
    assert 0.003 < rate < 0.008
    # the scoring warehouse builds on the month as loaded: every model, contract and data test
    result = build(month="2026-05")
    assert result.failed == 0, result.failures
    check_invariants(fresh_db)
    assert query(fresh_db, "select count(*) from marts.fct_kinerja_unit_bulanan")[0][0] == 40
