"""`_manifest.json` beside the generated files: what was written, and every injected defect with the
rule that must catch it, so a test can check that the loader quarantines exactly those (bar R1)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from .defects import DEFECT_RATE
from .wilayah import Instansi


def write_manifest(
    out: Path,
    scale: str,
    month: str,
    seed: int,
    defects: bool,
    instansi: list[Instansi],
    months: list[str],
    parts: list[dict],
    workdays: int,
) -> dict:
    """`parts`: what each instansi-month wrote (counts per source, defective rows, rejected files)."""
    sources: dict[str, dict] = {}
    for part in parts:
        for source, c in part["counts"].items():
            total = sources.setdefault(source, {"files": 0, "rows": 0})
            total["files"] += c["files"]
            total["rows"] += c["rows"]
    manifest = {
        "scale": scale,
        "month": month,
        "months": months,
        "seed": seed,
        "instansi_kode": instansi[0].kode if len(instansi) == 1 else None,
        "zona_waktu": sorted({i.zona for i in instansi}),
        "instansi": [asdict(i) for i in instansi],
        "pegawai": sum(i.pegawai for i in instansi),
        "workdays": workdays,
        "sources": sources,
        "defect_rate": DEFECT_RATE if defects else 0,
        "defects": [d for part in parts for d in part["defects"]],
        "rejected_files": [f for part in parts for f in part["files"]],
    }
    (out / "_manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    return manifest
