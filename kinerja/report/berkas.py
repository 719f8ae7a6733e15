"""`kinerja report`: the XLSX and PDF of each publication a month holds, named after it."""

from __future__ import annotations

from pathlib import Path

from kinerja.report import isi as isi_mod
from kinerja.report import pdf, xlsx


def render(month: str, out: Path, instansi: str | None = None, revisi: int | None = None) -> list[Path]:
    """Both files for every publication of the month (one instansi, one revision when named)."""
    written = []
    for isi in isi_mod.baca(month, instansi, revisi):
        stem = f"laporan_kinerja_{isi.publikasi['publikasi_id']}"
        written.append(xlsx.tulis(isi, out / f"{stem}.xlsx"))
        written.append(pdf.tulis(isi, out / f"{stem}.pdf"))
    return written
