"""`kinerja explain`: an employee's predikat, the figures behind it, each day, each tap, and the
landing file and line every tap came from."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from kinerja.report.isi import WIB
from kinerja.report.jejak import DISIPLIN
from kinerja.report.jejak import explain as jelaskan

from .output import console


def explain(
    nip: str = typer.Option(..., help="NIP of the employee"),
    month: str = typer.Option(..., help="YYYY-MM"),
    revisi: int | None = typer.Option(None, help="revision of the publication (default: the latest)"),
    semua_hari: bool = typer.Option(False, "--all-days", help="list every working day, not only those with a finding"),
) -> None:
    """Why an employee's predikat is what it is, down to each day, tap and landing line."""
    p = jelaskan(nip, month, revisi)
    k = p.pegawai
    where = (
        f"publikasi {p.publikasi['publikasi_id']} (revisi {p.publikasi['revisi']}, "
        f"diterbitkan {p.publikasi['diterbitkan_pada'].astimezone(WIB):%Y-%m-%d %H:%M} WIB)"
        if p.publikasi
        else "belum diterbitkan: angka dari marts saat ini"
    )
    console.print(f"[bold]{k['nama']}[/] NIP {k['nip']} · {k['jabatan']} · unit {k['unit_kode']} · {p.periode:%Y-%m}")
    console.print(f"sumber: {where}", highlight=False)
    console.print(f"[bold]Predikat: {k['predikat_kinerja'] or '-'}[/] ({k['nilai_predikat_persen'] or '-'}%)")
    console.print(f"Alasan: {k['alasan']}", highlight=False)
    console.print(
        f"hasil kerja {k['rating_hasil_kerja'] or '-'} (capaian {k['capaian_hasil_kerja_persen'] or '-'}%), "
        f"perilaku {k['rating_perilaku_kerja'] or '-'} (skor {k['skor_perilaku'] or '-'}), "
        f"kebijakan {k['versi_kebijakan']}",
        highlight=False,
    )
    if p.disiplin:
        figures = Table("angka disiplin", "nilai", title="Kehadiran dan disiplin bulan ini")
        for name in DISIPLIN:
            figures.add_row(name, "" if p.disiplin[name] is None else str(p.disiplin[name]))
        console.print(figures)
    if p.berbeda_dari_gudang:
        console.print(
            "[yellow]catatan:[/] data yang dimuat setelah revisi ini mengubah angka bulan ini; hari di bawah "
            "menurut gudang data saat ini (terbitkan revisi baru: kinerja publish)"
        )
    days = Table("tanggal", "status", "rincian", "tap (waktu setempat) ← berkas:baris (sha256)", title="Per hari")
    shown = [
        d for d in p.hari if semua_hari or d.status != "HADIR" or d.rincian["kategori_tl"] or d.rincian["kategori_psw"]
    ]
    for day in shown:
        r = day.rincian
        detail = [
            f"jadwal {r['jadwal_masuk']:%H:%M}–{r['jadwal_pulang']:%H:%M} {r['zona_iana']}"
            if r["jadwal_masuk"]
            else "",
            f"terlambat {r['menit_terlambat']} mnt {r['kategori_tl']}" if r["kategori_tl"] else "",
            f"pulang cepat {r['menit_pulang_cepat']} mnt {r['kategori_psw']}" if r["kategori_psw"] else "",
            f"{r['jenis_cuti']} {r['nomor_cuti'] or ''}" if r["jenis_cuti"] else "",
            f"kebijakan {r['versi_kebijakan']}",
        ]
        taps = "\n".join(
            f"{t['waktu']:%H:%M:%S} {t['mesin_id']} {t['metode']} ← {Path(t['berkas']).name}:{t['baris']} "
            f"({t['sha256'][:12]}…)"
            for t in day.tap
        )
        days.add_row(f"{day.tanggal:%a %d}", day.status, "\n".join(d for d in detail if d), taps or "tidak ada tap")
    console.print(days)
    console.print(
        f"{len(shown)} of {len(p.hari)} working days shown (--all-days for every day); full paths and hashes: "
        "SELECT * FROM marts.jejak_kehadiran WHERE nip = … ",
        highlight=False,
    )
