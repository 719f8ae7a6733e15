"""`kinerja bench --scale province|national-day`: a night (or a month) at scale, stage by stage,
through the same functions the DAG tasks call. Each stage runs in a process of its own, so its peak
RSS (children included: dbt, COPY streams) is its own (P6), and the server's state is shared.

Stages: reference data (roster and units; at national-day the first night's, not a nightly cost),
attendance (load, then one Great Expectations run over every file of the night, timed apart: P2 and
the loader's own speed), the other event sources, and the dbt build of the period. P5 is the
nightly total: attendance + events + transform."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import platform
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg

from expectations import gates
from ingestion import loader
from ingestion.sources import FAMILIES
from kinerja import warehouse
from kinerja.build.dbt import build
from kinerja.core import config
from kinerja.synth.generator import generate

from .ratios import _bare_copy, _setting, fresh_database

SCALES = {"province": "2026-10", "national-day": "2026-10"}
BARS = {
    "P2": "<= 2 (national-day)",
    "P5": "national-day nightly <= 600 s; province month <= 900 s",
    "P6": "<= 2 GiB per process (national-day)",
}
REFERENSI = FAMILIES["referensi"]
KEHADIRAN = ("kehadiran",)


@dataclass
class SkalaReport:
    scale: str
    month: str
    landing: str
    measured_at: str
    machine: str
    cpus: int
    rows: dict[str, int]  # rows read per stage
    files: dict[str, int]
    P1: float  # attendance load (validation excluded) rows/s ÷ bare COPY rows/s, the night's files
    P2: float  # the night's attendance validation time ÷ bare COPY time of the same files
    P5: dict[str, float]  # seconds per stage, and `total` (the nightly cost)
    P6: dict[str, int]  # peak RSS in bytes per stage, children included
    seconds: dict[str, float] = field(default_factory=dict)
    P3: float | None = None  # measured at city (`ratios`)
    P4: float | None = None
    bars: dict[str, str] = field(default_factory=lambda: dict(BARS))
    json_path: str | None = None

    def to_dict(self) -> dict:
        out = asdict(self)
        out.pop("json_path")
        return out


def _peak_rss() -> int:
    """Peak RSS in bytes of this process and of every child it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) * 1024  # kilobytes on Linux


def _child(target, args, queue) -> None:
    start = time.perf_counter()
    result = target(*args)
    queue.put((time.perf_counter() - start, _peak_rss(), result))


def _in_process(target, *args):
    """(seconds, peak RSS bytes, result) of target(*args) run in a fresh process."""
    ctx = multiprocessing.get_context("spawn")  # a clean interpreter: no RSS inherited from this one
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(target, args, queue))
    proc.start()
    outcome = queue.get()
    proc.join()
    if proc.exitcode:
        raise RuntimeError(f"bench stage {target.__name__} failed (exit {proc.exitcode})")
    return outcome


def load(landing: str, sources: tuple[str, ...]) -> dict:
    """The nightly load of some sources with its Great Expectations gate; the validation's own time
    is measured apart (it is P2)."""

    spent = [0.0]

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return gates.validate_batches(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    results = loader.ingest(Path(landing), sources=sources, validator=timed)
    return {
        "files": sum(r.status != "SKIPPED" for r in results),
        "rows": sum(r.rows_read for r in results),
        "quarantined": sum(r.rows_quarantined for r in results),
        "not_loaded": sorted({r.status for r in results} - {"LOADED", "SKIPPED"}),
        "validate_seconds": spent[0],
    }


def transform(month: str) -> dict:
    result = build(month=month)
    return {"passed": result.passed, "failed": result.failed, "failures": result.failures[:5]}


def _bare_copy_night(conn: psycopg.Connection, files: list[Path]) -> float:
    """The bare COPY of `ratios` for each device export of the night, summed."""
    exports = [
        p for p in files if (head := p.open("rb").readline()).lower().startswith(b"nip") and head.count(b";") == 4
    ]
    elapsed = sum(_bare_copy(conn, path) for path in exports)  # the hand-made and damaged files are not exports
    conn.execute("drop table bench_bare")
    return elapsed


def landing_for(scale: str, month: str, seed: int = 42) -> Path:
    """The generated landing folder of a scale under $KINERJA_HOME/bench, generated once."""
    landing = config.home() / "bench" / scale / "landing"
    manifest = landing / "_manifest.json"
    if manifest.exists():
        saved = json.loads(manifest.read_text())
        if (saved.get("scale"), saved.get("month"), saved.get("seed")) == (scale, month, seed):
            return landing
    generate(scale, month, landing, seed=seed)
    return landing


def run(scale: str, progress=print) -> SkalaReport:
    month = SCALES[scale]
    progress(f"data: generating or reusing {scale} {month} under {config.home() / 'bench' / scale}")
    landing = landing_for(scale, month)
    warehouse.start()
    database = "kinerja_bench_" + scale.replace("-", "_")
    url = fresh_database(database)
    with _setting("KINERJA_DATABASE_URL", url):
        return _measure(scale, month, landing, url, progress)


def _measure(scale: str, month: str, landing: Path, url: str, progress) -> SkalaReport:
    seconds, rss, rows, files = {}, {}, {}, {}
    events = tuple(s for fam, names in FAMILIES.items() if fam != "referensi" for s in names if s not in KEHADIRAN)

    def stage(name: str, target, *args) -> dict:
        progress(f"{name}…")
        seconds[name], rss[name], result = _in_process(target, *args)
        if isinstance(result, dict) and "rows" in result:
            rows[name], files[name] = result["rows"], result["files"]
        progress(f"{name}: {seconds[name]:.1f} s, peak RSS {rss[name] / 2**20:.0f} MiB, {result}")
        return result

    stage("referensi", load, str(landing), REFERENSI)
    tap_files = sorted((landing / "kehadiran").rglob("*.csv"))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("checkpoint")
        progress("bare COPY of the attendance files…")
        seconds["bare_copy"] = _bare_copy_night(conn, tap_files)
        conn.execute("checkpoint")
    kehadiran = stage("kehadiran", load, str(landing), KEHADIRAN)
    seconds["kehadiran_validate"] = kehadiran["validate_seconds"]
    seconds["kehadiran_load"] = seconds["kehadiran"] - kehadiran["validate_seconds"]
    stage("events", load, str(landing), events)
    built = stage("transform", transform, month)
    if built["failed"]:
        progress(f"transform: {built['failed']} failed: {built['failures']}")
    nightly = ["kehadiran", "events", "transform"]
    report = SkalaReport(
        scale=scale,
        month=month,
        landing=str(landing),
        measured_at=dt.datetime.now().isoformat(timespec="seconds"),
        machine=platform.platform(),
        cpus=multiprocessing.cpu_count(),
        rows=rows,
        files=files,
        P1=round(seconds["bare_copy"] / seconds["kehadiran_load"], 3),
        P2=round(seconds["kehadiran_validate"] / seconds["bare_copy"], 3),
        P5={
            **{k: round(seconds[k], 1) for k in ["referensi", *nightly]},
            "total": round(sum(seconds[k] for k in nightly), 1),
        },
        P6=rss,
        seconds={k: round(v, 2) for k, v in seconds.items()},
    )
    out = config.home() / "bench" / f"{scale}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report.to_dict(), indent=2) + "\n")
    report.json_path = str(out)
    return report
