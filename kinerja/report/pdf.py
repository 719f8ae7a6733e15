"""The report as a PDF for readers who do not open spreadsheets: the instansi's summary, the
predikat distribution per unit, IKM against the mutu bands, attendance and discipline findings
(worded as indications to examine, not decisions), SLA compliance, data completeness, and the
revision history. reportlab and matplotlib: both install from the package index alone."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from kinerja.report.isi import PREDIKAT, WIB, Isi, ringkasan

WARNA = {  # predikat colours, best to worst
    "Sangat Baik": "#1b7837",
    "Baik": "#7fbf7b",
    "Butuh Perbaikan": "#f6c141",
    "Kurang/Misconduct": "#e08214",
    "Sangat Kurang": "#b2182b",
    None: "#bdbdbd",
}
MUTU = {"A": "#d9f0d3", "B": "#e5f5e0", "C": "#fff7bc", "D": "#fde0dd"}
MAKS_PERUBAHAN = 60
MAKS_BARIS = 40  # longer lists: the first rows here, all of them in the XLSX


def _angka(value, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _png(fig) -> io.BytesIO:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    buf.seek(0)
    return buf


def grafik_predikat(isi: Isi) -> io.BytesIO:
    """Stacked horizontal bars: employees per predikat in each unit."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    units = sorted({r["unit_kode"] for r in isi.pegawai}, key=isi.nama_unit, reverse=True)
    fig, ax = plt.subplots(figsize=(7.2, min(9.0, 0.3 * len(units) + 1.4)))
    left = [0] * len(units)
    for predikat in (*PREDIKAT, None):
        counts = [
            sum(1 for r in isi.pegawai if r["unit_kode"] == u and r["predikat_kinerja"] == predikat) for u in units
        ]
        if not any(counts):
            continue
        ax.barh(
            [isi.nama_unit(u) for u in units],
            counts,
            left=left,
            color=WARNA[predikat],
            label=predikat or "Tanpa predikat",
            edgecolor="white",
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_xlabel("jumlah pegawai")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(ncol=6, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=7 if len(units) > 15 else 8)
    return _png(fig)


def grafik_ikm(isi: Isi) -> io.BytesIO | None:
    """IKM per service unit against the mutu bands (PermenPANRB 14/2017)."""
    rows = [r for r in isi.ikm if r["ikm"] is not None]
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows.sort(key=lambda r: r["ikm"])
    fig, ax = plt.subplots(figsize=(7.2, min(8.0, 0.3 * len(rows) + 1.2)))
    low = max(0, min(60, min(r["ikm"] for r in rows) - 5))
    for m in isi.mutu:
        ax.axvspan(m["nilai_bawah"], m["nilai_atas"], color=MUTU.get(m["mutu_pelayanan"], "#eeeeee"), zorder=0)
        ax.text(
            (max(m["nilai_bawah"], low) + m["nilai_atas"]) / 2,
            len(rows) - 0.35,
            f"{m['mutu_pelayanan']}: {m['kinerja_unit']}",
            ha="center",
            fontsize=7,
            color="#555555",
        )
    colours = ["#2b6cb0" if r["sampel_memadai"] else "#9ab8d8" for r in rows]
    ax.barh([isi.nama_unit(r["unit_kode"]) for r in rows], [r["ikm"] for r in rows], color=colours, zorder=2)
    for i, r in enumerate(rows):
        ax.text(r["ikm"] + 0.3, i, _angka(r["ikm"]), va="center", fontsize=7, zorder=3)
    ax.set_xlim(low, 100)
    ax.set_ylim(-0.6, len(rows) + 0.2)
    ax.set_xlabel("IKM (pucat: sampel belum memadai)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    return _png(fig)


def tulis(isi: Isi, path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    teks = ParagraphStyle("teks", parent=styles["BodyText"], fontSize=9, leading=12)
    kecil = ParagraphStyle("kecil", parent=teks, fontSize=7.5, leading=9.5)
    kepala = ParagraphStyle("kepala", parent=kecil, textColor=colors.white)
    h1, h2 = styles["Title"], ParagraphStyle("h2", parent=styles["Heading2"], spaceBefore=10)

    def tabel(data: list[list], widths: list[float], header: bool = True) -> Table:
        cells = [[Paragraph(escape(c), kecil) if isinstance(c, str) else c for c in row] for row in data]
        if header:
            cells[0] = [Paragraph(f"<b>{c}</b>", kepala) for c in data[0]]
        t = Table(cells, colWidths=[w * cm for w in widths], repeatRows=1 if header else 0)
        style = [
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c8c8c8")),
            ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, colors.HexColor("#f4f6f8")]),
        ]
        if header:
            style += [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ]
        t.setStyle(TableStyle(style))
        return t

    def daftar(header: list[str], rows: list[list], widths: list[float], kosong: str) -> list:
        """A list of employees: the first MAKS_BARIS rows and how many more the XLSX holds."""
        if not rows:
            return [Paragraph(kosong, teks)]
        out = [tabel([header] + rows[:MAKS_BARIS], widths)]
        if len(rows) > MAKS_BARIS:
            out.append(Paragraph(f"… {len(rows) - MAKS_BARIS} pegawai lain: lembar Disiplin di XLSX.", kecil))
        return out

    def halaman(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.5 * cm, 1 * cm, f"{isi.judul} · {isi.instansi_nama} · {isi.bulan}")
        canvas.drawRightString(A4[0] - 1.5 * cm, 1 * cm, f"halaman {doc.page}")
        canvas.drawString(1.5 * cm, A4[1] - 1 * cm, f"Laporan Kinerja ASN · {isi.publikasi['publikasi_id']}")
        canvas.restoreState()

    p = isi.publikasi
    story: list = [
        Paragraph(f"Laporan Kinerja Pegawai ASN<br/>{isi.instansi_nama}", h1),
        Paragraph(
            f"Periode {isi.bulan} · publikasi <b>{p['publikasi_id']}</b> (revisi {p['revisi']}), "
            f"diterbitkan {isi.diterbitkan}. Angka dalam laporan ini dibekukan pada saat publikasi dan tidak "
            "berubah; data yang datang terlambat menghasilkan revisi baru dengan daftar perubahannya.",
            teks,
        ),
        Spacer(1, 8),
        Paragraph("Ringkasan", h2),
        tabel([[k, _angka(v)] for k, v in ringkasan(isi)], [8, 9.5], header=False),
        Paragraph(
            "Predikat mengikuti PermenPANRB 6/2022 (hasil kerja × perilaku kerja). Alasan setiap predikat ada di "
            "lembar Pegawai pada berkas XLSX; jejaknya sampai ke baris berkas mesin presensi: "
            f"<font face='Courier'>kinerja explain --nip … --month {p['periode']:%Y-%m}</font>.",
            kecil,
        ),
        PageBreak(),
        KeepTogether([Paragraph("Sebaran predikat per unit kerja", h2), _gambar(grafik_predikat(isi), 17 * cm)]),
    ]
    peringatan = [u for u in isi.unit if u.get("peringatan_distribusi")]
    if peringatan:
        story.append(Paragraph("Peringatan distribusi predikat", h2))
        story.append(
            tabel(
                [["Unit", "Peringatan"]]
                + [[isi.nama_unit(u["unit_kode"]), u["peringatan_distribusi"]] for u in peringatan],
                [5, 12.5],
            )
        )
    judul_ikm = Paragraph("Indeks Kepuasan Masyarakat (IKM) per unit layanan", h2)
    gambar_ikm = grafik_ikm(isi)
    if gambar_ikm:
        story.append(KeepTogether([judul_ikm, _gambar(gambar_ikm, 17 * cm)]))
        story.append(
            tabel(
                [["Unit layanan", "Responden", "Sampel min.", "IKM", "Mutu", "Kinerja unit"]]
                + [
                    [
                        isi.nama_unit(r["unit_kode"]),
                        _angka(r["jumlah_responden"]),
                        _angka(r["sampel_minimum"]),
                        _angka(r["ikm"]),
                        r["mutu_pelayanan"] or "-",
                        (r["kinerja_unit"] or "-") + ("" if r["sampel_memadai"] else " (sampel kurang)"),
                    ]
                    for r in isi.ikm
                ],
                [5, 2, 2.2, 1.8, 1.5, 5],
            )
        )
    else:
        story += [judul_ikm, Paragraph("Tidak ada survei SKM untuk bulan ini.", teks)]

    story.append(Paragraph("Kepatuhan SLA layanan per unit", h2))
    per_unit: dict[str, list[int]] = {}
    for r in isi.layanan:
        s = per_unit.setdefault(r["unit_kode"], [0, 0, 0])
        s[0] += r["tiket_selesai"] or 0
        s[1] += r["tiket_tepat_waktu"] or 0
        s[2] += r["tiket_terbuka_lewat_sla"] or 0
    if per_unit:
        story.append(
            tabel(
                [["Unit", "Tiket selesai", "Tepat waktu", "Tepat waktu (%)", "Terbuka lewat SLA"]]
                + [
                    [isi.nama_unit(u), _angka(a), _angka(b), _angka(100 * b / a if a else None), _angka(c)]
                    for u, (a, b, c) in sorted(per_unit.items(), key=lambda kv: isi.nama_unit(kv[0]))
                ],
                [6, 2.6, 2.6, 3, 3.3],
            )
        )
    else:
        story.append(Paragraph("Tidak ada tiket layanan bulan ini.", teks))

    story += [PageBreak(), Paragraph("Kehadiran dan disiplin: indikasi untuk diperiksa", h2)]
    story.append(
        Paragraph(
            "Daftar di bawah adalah <b>indikasi</b> berdasarkan data presensi, bukan keputusan hukuman disiplin. "
            "Setiap indikasi perlu diperiksa oleh atasan dan inspektorat (PP 94/2021) sebelum ditindaklanjuti: "
            "periksa izin, dinas luar, atau gangguan mesin yang mungkin belum tercatat.",
            teks,
        )
    )
    nama = {r["nip"]: r["nama"] for r in isi.pegawai}
    temuan = sorted(
        (r for r in isi.disiplin if r["tingkat_hukuman_disiplin"] or (r["hari_tk"] or 0) > 0),
        key=lambda r: (-(r["hari_tk_kumulatif_tahun"] or 0), r["nip"]),
    )
    story += daftar(
        ["Pegawai", "Unit", "TK bulan ini", "TK tahun ini", "Indikasi"],
        [
            [
                f"{nama.get(r['nip'], '')} ({r['nip']})",
                isi.nama_unit(r["unit_kode"]),
                _angka(r["hari_tk"]),
                _angka(r["hari_tk_kumulatif_tahun"]),
                " · ".join(x for x in (r["tingkat_hukuman_disiplin"], r["jenis_hukuman_disiplin"]) if x)
                or "TK tanpa indikasi hukuman",
            ]
            for r in temuan
        ],
        [5, 3.5, 1.8, 1.8, 5.4],
        "Tidak ada hari tanpa keterangan (TK) bulan ini.",
    )
    terlambat = sorted(
        (
            r
            for r in isi.disiplin
            if sum(r[f"jumlah_tl{i}"] or 0 for i in (3, 4)) or sum(r[f"jumlah_psw{i}"] or 0 for i in (3, 4))
        ),
        key=lambda r: -(r["menit_terlambat"] or 0),
    )
    story.append(Paragraph("Keterlambatan dan pulang cepat berat (TL3/TL4, PSW3/PSW4)", h2))
    story += daftar(
        ["Pegawai", "Unit", "TL3+TL4", "PSW3+PSW4", "Menit terlambat", "Potongan TPP (%)"],
        [
            [
                f"{nama.get(r['nip'], '')} ({r['nip']})",
                isi.nama_unit(r["unit_kode"]),
                _angka((r["jumlah_tl3"] or 0) + (r["jumlah_tl4"] or 0)),
                _angka((r["jumlah_psw3"] or 0) + (r["jumlah_psw4"] or 0)),
                _angka(r["menit_terlambat"]),
                _angka(r["potongan_tpp_persen"]),
            ]
            for r in terlambat
        ],
        [5, 3.5, 1.7, 1.9, 2.4, 3],
        "Tidak ada TL3/TL4 atau PSW3/PSW4 bulan ini.",
    )

    story += [PageBreak(), Paragraph("Kelengkapan data", h2)]
    story.append(
        Paragraph(
            "Berkas yang ada di gudang data saat publikasi, per sumber. Baris yang dikarantina tidak dinilai; "
            "alasannya bisa dilihat dengan <font face='Courier'>kinerja quarantine list</font>.",
            teks,
        )
    )
    story.append(
        tabel(
            [["Sumber", "Berkas", "Ditolak", "Baris dibaca", "Dimuat", "Dikarantina"]]
            + [
                [
                    k["sumber"],
                    _angka(k["jumlah_berkas"]),
                    _angka(k["berkas_ditolak"]),
                    _angka(k["baris_dibaca"]),
                    _angka(k["baris_dimuat"]),
                    _angka(k["baris_karantina"]),
                ]
                for k in isi.kelengkapan
            ],
            [4, 2, 2, 3, 3, 3],
        )
    )
    senyap = [w for k in isi.kelengkapan for w in (k["peringatan"] or [])]
    story.append(Paragraph("Hari, unit dan mesin tanpa data", h2))
    story.append(
        tabel([["Peringatan"]] + [[w] for w in senyap], [17])
        if senyap
        else Paragraph("Tidak ada: setiap mesin dan unit mengirim data pada hari kerja bulan ini.", teks)
    )

    story.append(Paragraph("Riwayat revisi", h2))
    story.append(
        tabel(
            [["Revisi", "Publikasi", "Diterbitkan", "Pegawai", "Alasan"]]
            + [
                [
                    str(r["revisi"]),
                    r["publikasi_id"],
                    f"{r['diterbitkan_pada'].astimezone(WIB):%d-%m-%Y %H:%M}",
                    _angka(r["jumlah_baris"]),
                    r["alasan_revisi"] or "publikasi pertama",
                ]
                for r in isi.riwayat
            ],
            [1.4, 3.6, 2.8, 1.6, 8.1],
        )
    )
    if isi.perubahan:
        story.append(Paragraph("Apa yang berubah (perubahan predikat lebih dulu)", h2))
        story.append(
            tabel(
                [["Revisi", "Tabel", "NIP / unit", "Kolom", "Lama", "Baru"]]
                + [
                    [
                        f"{c['revisi_sebelumnya']}→{c['revisi']}",
                        c["tabel"],
                        f"{nama.get(c['kunci'], '')} {c['kunci']}".strip(),
                        c["kolom"] or c["perubahan"],
                        c["nilai_lama"] or "-",
                        c["nilai_baru"] or "-",
                    ]
                    for c in isi.perubahan[:MAKS_PERUBAHAN]
                ],
                [1.4, 3.4, 4.4, 3.2, 2.3, 2.3],
            )
        )
        if len(isi.perubahan) > MAKS_PERUBAHAN:
            story.append(
                Paragraph(
                    f"… dan {len(isi.perubahan) - MAKS_PERUBAHAN} perubahan lain: lihat lembar Perubahan di XLSX.",
                    kecil,
                )
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.6 * cm,
        title=f"Laporan Kinerja ASN {isi.instansi_nama} {isi.bulan} ({p['publikasi_id']})",
        author="Kinerja",
    )
    doc.build(story, onFirstPage=halaman, onLaterPages=halaman)
    return path


def _gambar(buf: io.BytesIO, width: float):
    """An image scaled to a width, its height from its own aspect ratio."""
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    w, h = ImageReader(buf).getSize()
    buf.seek(0)
    return Image(buf, width=width, height=width * h / w)
