"""`kinerja bench` runs end to end and reports what quality.md asks for. Not a timed test: the
figures are whatever this machine gives; what is checked is that they are measured on the right
data (validation sees the month's roster, so a defect-free month quarantines nothing)."""

from __future__ import annotations

import json

from kinerja.bench import ratios as bench


def test_bench_tiny_writes_every_figure(server):
    report = bench.run("tiny", repeat=1)
    saved = json.loads(open(report.json_path).read())
    assert {"P1", "P1_best", "P1_one_stream", "P2", "P3", "P4", "P5", "P6"} <= saved.keys()
    assert all(saved[k] > 0 for k in ("P1", "P1_best", "P1_one_stream", "P2", "P3"))
    assert saved["rows"] > 500
    assert saved["P2_rows_failing"] == 0  # validated against the month's roster and units
    assert len(saved["seconds"]["ingest"]) == 1
