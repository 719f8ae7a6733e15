"""`kinerja generate`: synthetic landing files."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kinerja.synth.generator import SCALES
from kinerja.synth.generator import generate as write_month

from .output import console


def generate(
    month: str = typer.Option(..., help="YYYY-MM"),
    out: Path = typer.Option(..., help="landing folder to write"),
    scale: str = typer.Option("tiny", help=" | ".join(SCALES)),
    seed: int = typer.Option(42, help="same seed, same files"),
    defects: bool = typer.Option(True, help="inject the defects real exports have (listed in _manifest.json)"),
    history: int = typer.Option(0, min=0, help="also write this many earlier months (same people), in sub-folders"),
) -> None:
    """Write realistic synthetic source files for one month (one workday at national-day)."""
    with console.status(f"generating {scale} {month}…"):
        manifest = write_month(scale=scale, month=month, out=out, seed=seed, defects=defects, history=history)
    months = ", ".join(manifest["months"])
    table = Table(
        "source",
        "files",
        "rows",
        title=f"generated {scale} ({len(manifest['instansi'])} instansi, {manifest['pegawai']:,} pegawai) "
        f"{months} in {out}",
    )
    for source, info in manifest["sources"].items():
        table.add_row(source, str(info["files"]), f"{info['rows']:,}")
    console.print(table)
    if defects:
        console.print(
            f"injected {len(manifest['defects'])} defective rows and {len(manifest['rejected_files'])} "
            f"unreadable files (see {out / '_manifest.json'})",
            highlight=False,
        )
