"""P4: does a night cost more when the warehouse already holds a year? The same night (the first
workday of a month: its attendance file, tickets and SKM answers; the roster unchanged) is loaded,
validated and built incrementally on top of 1 month and on top of 12 months of history, and the
two wall times are compared.

Each history is loaded and built once into a template database; every repetition of the night
runs on a fresh copy of it (`create database … template`), so the repetitions are the same night,
not a second night on top of the first. The two histories are interleaved so that the machine's
drift hits both alike; the ratio is of medians."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

from expectations import gates
from ingestion import loader
from kinerja import warehouse
from kinerja.build import bangun_ulang
from kinerja.build.dbt import build
from kinerja.core import config
from kinerja.synth.generator import generate

from .ratios import _setting, fresh_database

MALAM = ("kehadiran", "tiket_layanan", "survei_skm")  # what a workday brings; reference data unchanged
BULAN_MALAM = "2026-10"  # the night: this month's first workday
BULAN_TERAKHIR = "2026-09"  # the history ends the month before


def _landings(scale: str, history: int, seed: int = 42) -> dict[str, Path]:
    """The two histories and the night, generated once under $KINERJA_HOME/bench/<scale>-riwayat."""
    root = config.home() / "bench" / f"{scale}-riwayat"
    wanted = {
        "1": dict(month=BULAN_TERAKHIR, history=0),
        str(history): dict(month=BULAN_TERAKHIR, history=history - 1),
        "malam": dict(month=BULAN_MALAM, one_day=True),
    }
    out = {}
    for name, kwargs in wanted.items():
        landing = root / name
        if not (landing / "_manifest.json").exists():
            generate(scale, out=landing, seed=seed, **kwargs)
        out[name] = landing
    return out


def _stamp(landing: Path) -> str:
    """What a history database was built from: its landing and the dbt project's code."""
    return f"kinerja riwayat {landing} {bangun_ulang._code_fingerprint()}"


def _reusable(database: str, landing: Path) -> bool:
    """A history database left by an earlier run from the same landing and the same models."""
    with psycopg.connect(warehouse.admin_url(), autocommit=True) as admin:
        found = admin.execute(
            "select shobj_description(oid, 'pg_database') from pg_database where datname = %s", (database,)
        ).fetchone()
    return bool(found) and found[0] == _stamp(landing)


def _load_history(landing: Path, database: str) -> None:
    """Every month of a history loaded and built as the nights would have left it (kept for the
    next run: loading a year of a city takes minutes)."""
    if _reusable(database, landing):
        return
    with _setting("KINERJA_DATABASE_URL", fresh_database(database)):
        loader.ingest(landing, validator=gates.validate_batches)
        result = build(month=BULAN_TERAKHIR)
        if result.failed:
            raise RuntimeError(f"history build failed: {result.failures}")
    with psycopg.connect(warehouse.admin_url(), autocommit=True) as admin:
        # a template may have no other session; the warehouse's own pool may still hold one
        admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()",
            (database,),
        )
        admin.execute(
            sql.SQL("comment on database {} is {}").format(sql.Identifier(database), sql.Literal(_stamp(landing)))
        )


def _night(night: Path, template: str) -> dict[str, float]:
    """One night on a fresh copy of a history: seconds for the load (validation included) and the build."""
    copy = template + "_malam"
    url = fresh_database(copy, template)
    try:
        with _setting("KINERJA_DATABASE_URL", url):
            start = time.perf_counter()
            loaded = loader.ingest(night, sources=MALAM, validator=gates.validate_batches)
            mid = time.perf_counter()
            result = build()
            end = time.perf_counter()
        if result.failed or not any(r.status == "LOADED" for r in loaded):
            raise RuntimeError(f"the night did not load or build: {result.failures}")
        return {"ingest": mid - start, "transform": end - mid, "total": end - start}
    finally:
        with psycopg.connect(warehouse.admin_url(), autocommit=True) as admin:
            admin.execute(f"drop database if exists {copy} with (force)")


def run(scale: str = "city", history: int = 12, repeat: int = 3, progress: Callable[[str], None] = print) -> dict:
    """P4 = median night after `history` months ÷ median night after 1 month, with the raw times."""
    progress(f"P4: generating or reusing {scale} histories of 1 and {history} months and the night")
    landings = _landings(scale, history)
    warehouse.start()
    templates = {}
    for months in ("1", str(history)):
        templates[months] = f"kinerja_bench_riwayat_{months}"
        progress(f"P4: loading and building {months} month(s) of history…")
        start = time.perf_counter()
        _load_history(landings[months], templates[months])
        progress(
            f"P4: {months} month(s) loaded and built (or kept from the last run) in {time.perf_counter() - start:.0f} s"
        )
    nights: dict[str, list[dict[str, float]]] = {m: [] for m in templates}
    for i in range(repeat):
        for months, template in templates.items():
            nights[months].append(_night(landings["malam"], template))
            progress(f"P4: night {i + 1}/{repeat} after {months} month(s): {nights[months][-1]['total']:.1f} s")
    median = {m: {k: statistics.median(n[k] for n in runs) for k in runs[0]} for m, runs in nights.items()}
    return {
        "P4": round(median[str(history)]["total"] / median["1"]["total"], 3),
        "history_months": history,
        "night": BULAN_MALAM + " first workday: " + ", ".join(MALAM),
        "seconds": {m: [{k: round(v, 2) for k, v in n.items()} for n in runs] for m, runs in nights.items()},
        "median": {m: {k: round(v, 2) for k, v in med.items()} for m, med in median.items()},
    }


def record(p4: dict, path: Path) -> None:
    """P4 added to a scale's bench JSON (written alone when there is none yet)."""
    saved = json.loads(path.read_text()) if path.exists() else {}
    saved["P4"], saved["P4_detail"] = p4["P4"], p4
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=2) + "\n")
