"""`kinerja bench`: the speed figures, measured in one run."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kinerja.bench import ratios, riwayat, skala
from kinerja.core import config

from .output import console


def bench(
    scale: str = typer.Option("city", help=" | ".join([*ratios.MONTHS, *skala.SCALES])),
    repeat: int = typer.Option(9, help="interleaved repetitions; medians are reported (and best-of for P1)"),
    history: int = typer.Option(
        12, help="city: P4 compares a night after this many months of history with one after 1 (0: skip P4)"
    ),
    only_history: bool = typer.Option(False, "--only-history", help="city: measure P4 alone"),
) -> None:
    """Speed figures of docs/performance.md, measured in one run; JSON under $KINERJA_HOME/bench.

    tiny/city: P1-P3 on one month of attendance in one file, repeated. province/national-day: the
    period's files stage by stage (reference data, attendance, other events, dbt build), each stage's
    time (P5) and peak memory (P6), P1 and P2 over all of the night's attendance files."""
    if scale in skala.SCALES:
        _bench_skala(scale)
        return
    if only_history:
        _bench_riwayat(scale, history, None)
        return
    with console.status(f"benchmarking a {scale} month of kehadiran…"):
        report = ratios.run(scale, repeat)
    table = Table("id", "what", "figure", "bar", title=f"kinerja bench --scale {scale} ({report.rows:,} taps)")
    table.add_row(
        "P1",
        f"ingest rows/s ÷ bare COPY rows/s ({report.copy_streams} COPY streams)",
        f"{report.P1:.2f}",
        report.bars["P1"],
    )
    table.add_row("", "  the same, fastest repetition of each", f"{report.P1_best:.2f}", "")
    table.add_row("", "  the same, one COPY stream", f"{report.P1_one_stream:.2f}", "")
    table.add_row("P2", "GX validation time ÷ bare COPY time", f"{report.P2:.2f}", report.bars["P2"])
    table.add_row("P3", "to_sql time ÷ ingest time", f"{report.P3:.1f}", report.bars["P3"])
    console.print(table)
    rates = ", ".join(f"{k} {v:,} rows/s" for k, v in report.rows_per_second.items())
    print(f"{rates}\nwritten: {report.json_path}")
    if history and scale == "city":
        _bench_riwayat(scale, history, Path(report.json_path))


def _bench_riwayat(scale: str, history: int, json_path: Path | None) -> None:
    """P4, added to the scale's JSON (written alone with --only-history)."""
    p4 = riwayat.run(scale, history, progress=lambda line: console.print(line, highlight=False))
    table = Table("id", "what", "figure", "bar", title=f"kinerja bench --scale {scale}: nightly cost vs history")
    for months, med in p4["median"].items():
        table.add_row(
            "",
            f"the night after {months} month(s): ingest {med['ingest']:.1f} s + dbt {med['transform']:.1f} s",
            f"{med['total']:.1f} s",
            "",
        )
    table.add_row("P4", f"night after {history} months ÷ night after 1", f"{p4['P4']:.2f}", "<= 1.25")
    console.print(table)
    path = json_path or config.home() / "bench" / f"{scale}.json"
    riwayat.record(p4, path)
    print(f"written: {path}")


def _bench_skala(scale: str) -> None:
    report = skala.run(scale, progress=lambda line: console.print(line, highlight=False))
    rows = sum(report.rows.values())
    table = Table("id", "what", "figure", "bar", title=f"kinerja bench --scale {scale} ({rows:,} rows read)")
    table.add_row("P1", "attendance load rows/s ÷ bare COPY rows/s (the night's files)", f"{report.P1:.2f}", ">= 0.8")
    table.add_row(
        "P2", "GX validation of the night's attendance ÷ bare COPY time", f"{report.P2:.2f}", report.bars["P2"]
    )
    for stage, secs in report.P5.items():
        rss = report.P6.get(stage)
        memory = f", peak RSS {rss / 2**30:.2f} GiB" if rss else ""
        table.add_row("P5" if stage == "total" else "", f"{stage}{memory}", f"{secs:,.0f} s", "")
    table.add_row("P6", "largest peak RSS of a stage", f"{max(report.P6.values()) / 2**30:.2f} GiB", report.bars["P6"])
    console.print(table)
    print(f"written: {report.json_path}")
