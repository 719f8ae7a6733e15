"""`kinerja bench`: the speed figures, measured in one run."""

from __future__ import annotations

import typer
from rich.table import Table

from kinerja.bench import ratios

from .output import console


def bench(
    scale: str = typer.Option("city", help=" | ".join(ratios.MONTHS)),
    repeat: int = typer.Option(9, help="interleaved repetitions; medians are reported (and best-of for P1)"),
) -> None:
    """Speed ratios P1-P3 (docs/performance.md), measured in one run; JSON under $KINERJA_HOME/bench."""
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
