"""Noticing silence: a device that exported on earlier working days and sent nothing for one is a
warning in the night's verdict and in `kinerja status`; a clean month (with its national and
regional holidays) raises none."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kinerja.run.ingest import ingest, night_verdict

KINERJA = str(Path(sys.executable).parent / "kinerja")


def _load(landing: Path) -> list[str]:
    results = [r.to_dict() for r in ingest(landing)]
    return night_verdict(["kehadiran"], results).warnings


def test_clean_month_has_no_silence(fresh_db, tiny_month):
    assert _load(tiny_month) == []


def test_device_missing_for_a_day_is_warned(fresh_db, tiny_month, tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(tiny_month, landing)
    day = landing / "kehadiran" / "2026-03-10.csv"
    lines = day.read_text().splitlines(keepends=True)
    kept = [line for line in lines if ";DINKES-01;" not in line]
    assert len(kept) < len(lines)
    day.write_text("".join(kept))
    # and a later file whose NIPs Excel mangled in 15 rows: a quarantine share far above the usual
    late = landing / "kehadiran" / "2026-03-31.csv"
    rows = late.read_text().splitlines(keepends=True)
    late.write_text("".join([rows[0]] + ["1.98001E+17" + r[18:] if i < 15 else r for i, r in enumerate(rows[1:])]))

    warnings = _load(landing)
    assert "mesin DINKES-01 tidak mengirim data pada 2026-03-10" in warnings
    unusual = [w for w in warnings if "2026-03-31.csv" in w]
    assert len(unusual) == 1 and "baris dikarantina" in unusual[0], warnings
    assert all("2026-03-10" in w for w in warnings if w not in unusual), warnings  # nothing else is silent
    assert _load(landing) == []  # a rerun repeats no warning

    status = subprocess.run([KINERJA, "status"], capture_output=True, text=True, timeout=120)
    assert status.returncode == 0, status.stderr
    assert "MESIN_SENYAP" in status.stdout and "DINKES-01" in status.stdout and "2026-03-10" in status.stdout
