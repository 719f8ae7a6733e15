"""`kinerja publish`: freeze a month into `laporan` (a new revision only when the data changed)."""

from __future__ import annotations

import typer
from rich.table import Table

from kinerja.publish.publikasi import publish as publish_month

from .output import console


def publish(
    month: str = typer.Option(..., help="YYYY-MM"),
    instansi: str | None = typer.Option(None, help="one instansi (default: every instansi with data)"),
    alasan: str | None = typer.Option(None, help="reason of a new revision (default: derived from the late files)"),
) -> None:
    """Freeze the month into `laporan`: revision 1, or n + 1 when late data changed it."""
    with console.status(f"publishing {month}…"):
        done = publish_month(month, instansi, alasan)
    table = Table("publikasi_id", "instansi", "revisi", "rows", "changes", "what happened")
    for p in done:
        what = "new revision" if p.baru else "unchanged: nothing created"
        table.add_row(p.publikasi_id, p.instansi_kode, str(p.revisi), f"{p.jumlah_baris:,}", f"{p.perubahan:,}", what)
    console.print(table)
    for p in done:
        if p.baru and p.alasan_revisi:
            console.print(f"{p.publikasi_id}: {p.alasan_revisi}", highlight=False)
