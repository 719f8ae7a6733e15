"""`kinerja bench`: the speed figures of docs/performance.md, measured as ratios within one run
on this machine (interleaved repetitions, medians), printed and written as JSON."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg

from expectations.gates import validate_batches
from ingestion import ledger
from ingestion.landing import LandingFile
from ingestion.ledger import FileResult
from ingestion.loader import finalize, stage_file
from kinerja import warehouse
from kinerja.core import config
from kinerja.core.errors import KinerjaError
from kinerja.run.ingest import ingest
from kinerja.synth.generator import generate
from kinerja.warehouse import roles

MONTHS = {"tiny": "2026-03", "city": "2026-03"}
BARS = {"P1": ">= 0.8", "P2": "<= 2", "P3": ">= 10"}


@dataclass
class BenchReport:
    """The figures of one `kinerja bench` run; `to_dict()` is the JSON written beside it."""

    scale: str
    file: str
    rows: int
    repeat: int
    measured_at: str
    machine: str
    P1: float  # ingest rows/s / bare COPY rows/s (medians)
    P1_best: float  # the same from the fastest repetition of each
    P1_one_stream: float  # the same without the parallel COPY split
    copy_streams: int
    P2: float  # GX validation time / bare COPY time
    P2_rows_failing: int
    P3: float  # pandas to_sql time / ingest time
    rows_per_second: dict[str, int]
    seconds: dict[str, list[float]]
    P4: float | None = None
    P5: dict | None = None
    P6: dict | None = None
    bars: dict[str, str] = field(default_factory=lambda: dict(BARS))
    not_measured: str = (
        "P4 (nightly cost vs 12 months of history), P5 (envelopes), P6 (peak RSS) come with national scale"
    )
    json_path: str | None = None  # where to_dict() was written

    def to_dict(self) -> dict:
        out = asdict(self)
        out.pop("json_path")
        return out


def _month_file(scale: str) -> Path:
    """All `kehadiran` taps of a generated month in one device-style file (`;`, DD/MM/YYYY)."""
    base = config.home() / "bench" / scale
    landing = base / "landing"
    target = base / f"kehadiran_{MONTHS[scale]}.csv"
    if target.exists():
        return target
    generate(scale, MONTHS[scale], landing, seed=1, defects=False)
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write("nip;waktu;mesin_id;metode;arah\r\n")  # the generator writes CRLF, like Excel
        for path in sorted((landing / "kehadiran").glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as fh:
                next(fh)
                out.writelines(fh)
    return target


def _settle(conn: psycopg.Connection) -> None:
    """Start each timed step from the same state: the previous step's dirty pages written out,
    so neither side pays for the other's writes."""
    with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
        conn.execute("checkpoint")


def _bare_copy(conn: psycopg.Connection, path: Path) -> float:
    conn.execute("drop table if exists bench_bare")
    conn.execute("create table bench_bare (nip text, waktu text, mesin_id text, metode text, arah text)")
    start = time.perf_counter()
    sql = "copy bench_bare from stdin with (format csv, header true, delimiter ';')"
    with conn.cursor().copy(sql) as copy, path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            copy.write(chunk)
    return time.perf_counter() - start


@contextlib.contextmanager
def _setting(name: str, value: str | None) -> Iterator[None]:
    """An environment setting for the duration of a block (None: leave it as it is)."""
    saved = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        os.environ.pop(name, None) if saved is None else os.environ.update({name: saved})


def fresh_database(name: str, template: str | None = None) -> str:
    """A new, empty bench database on the embedded server (or a copy of `template`); its URL.
    A copy has the template's schemas and grants but not its database-level grants: re-applied."""
    with psycopg.connect(warehouse.admin_url(), autocommit=True) as admin:
        admin.execute(f"drop database if exists {name} with (force)")
        admin.execute(f"create database {name}" + (f" template {template}" if template else ""))
    url = warehouse.admin_url().replace("/postgres?", f"/{name}?")
    if template:
        with psycopg.connect(url, autocommit=True) as conn:
            roles.apply(conn)
    return url


def _ingest(conn: psycopg.Connection, path: Path, streams: int | None = None) -> tuple[float, FileResult]:
    """The loader as `kinerja ingest` runs it; `streams=1` turns off the parallel COPY split."""
    with _setting("KINERJA_COPY_STREAMS", None if streams is None else str(streams)):
        start = time.perf_counter()
        res = stage_file(conn, LandingFile("kehadiran", path))
        finalize(conn, res, None)  # validation excluded from P1 (it is P2)
        return time.perf_counter() - start, res


def _validate(conn: psycopg.Connection, res: FileResult) -> tuple[float, int]:
    """GX validation of the staged batch; also how many rows its row rules would quarantine."""
    res.status = "PENDING"
    start = time.perf_counter()
    verdict = validate_batches(conn, [res])[res.batch_id]
    return time.perf_counter() - start, len(verdict.row_failures)


def _to_sql(url: str, path: Path) -> float:
    # the peer of P3 only: pandas and SQLAlchemy take a second to import
    import pandas as pd
    from sqlalchemy import create_engine

    engine = create_engine(url)
    start = time.perf_counter()
    frame = pd.read_csv(path, sep=";", dtype=str)
    frame.to_sql("bench_to_sql", engine, if_exists="replace", index=False)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


def run(scale: str, repeat: int = 9) -> BenchReport:
    if scale not in MONTHS:
        raise KinerjaError(f"bench knows scales {', '.join(MONTHS)} for now")
    path = _month_file(scale)
    rows = sum(1 for _ in path.open("rb")) - 1
    warehouse.start()
    url = fresh_database("kinerja_bench")
    with _setting("KINERJA_DATABASE_URL", url):  # every component (GX too) on the bench database
        return _measure(scale, path, rows, url, repeat)


def _measure(scale: str, path: Path, rows: int, url: str, repeat: int) -> BenchReport:
    # the month's roster and units first, so validation sees what a nightly load sees (P2)
    ingest(config.home() / "bench" / scale / "landing", sources=["unit_kerja", "pegawai"])
    times: dict[str, list[float]] = {
        "bare_copy": [],
        "ingest": [],
        "ingest_one_stream": [],
        "validate": [],
        "to_sql": [],
    }
    with psycopg.connect(url, autocommit=True) as conn:
        for i in range(repeat):
            _settle(conn)
            times["bare_copy"].append(_bare_copy(conn, path))
            _settle(conn)
            elapsed, res = _ingest(conn, path)
            times["ingest"].append(elapsed)
            if i == 0:
                elapsed, failing = _validate(conn, res)
                times["validate"].append(elapsed)
            ledger.discard(conn, res.batch_id, "kehadiran")
            _settle(conn)
            elapsed, res = _ingest(conn, path, streams=1)
            times["ingest_one_stream"].append(elapsed)
            ledger.discard(conn, res.batch_id, "kehadiran")
        for _ in range(max(1, repeat // 3)):
            times["to_sql"].append(_to_sql("postgresql+psycopg://" + url.split("://", 1)[1], path))
    med = {k: statistics.median(v) for k, v in times.items() if v}
    report = BenchReport(
        scale=scale,
        file=str(path),
        rows=rows,
        repeat=repeat,
        measured_at=dt.datetime.now().isoformat(timespec="seconds"),
        machine=platform.platform(),
        P1=round(med["bare_copy"] / med["ingest"], 3),
        # this machine's jitter (±20 % per run) hits medians of a few repetitions; raw times are in `seconds`
        P1_best=round(min(times["bare_copy"]) / min(times["ingest"]), 3),
        P1_one_stream=round(med["bare_copy"] / med["ingest_one_stream"], 3),  # for whoever runs on one core
        copy_streams=config.copy_split()[0],
        P2=round(med["validate"] / med["bare_copy"], 3),
        P2_rows_failing=failing,
        P3=round(med["to_sql"] / med["ingest"], 3),
        rows_per_second={k: round(rows / v) for k, v in med.items()},
        seconds={k: [round(x, 4) for x in v] for k, v in times.items()},
    )
    out = config.home() / "bench" / f"{scale}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report.to_dict(), indent=2) + "\n")
    report.json_path = str(out)
    return report
