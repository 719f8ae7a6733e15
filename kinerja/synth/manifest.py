"""`_manifest.json` beside the generated files: what was written, and every injected defect with the
rule that must catch it, so a test can check that the loader quarantines exactly those (bar R1)."""

from __future__ import annotations

import json

from .defects import DEFECT_RATE
from .writers import Bulan


def write_manifest(b: Bulan, scale: str, seed: int, workdays: int) -> dict:
    manifest = {
        "scale": scale,
        "month": b.month,
        "seed": seed,
        "instansi_kode": b.kode,
        "zona_waktu": b.zona,
        "workdays": workdays,
        "sources": b.counts,
        "defect_rate": DEFECT_RATE if b.bad.enabled else 0,
        "defects": b.bad.rows,
        "rejected_files": b.bad.files,
    }
    (b.out / "_manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    return manifest
