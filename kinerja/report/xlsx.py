"""The report as an Excel workbook: a summary sheet, then one sheet per frozen table. Every sheet
names the publication in its first row and in the printed page header; real types (dates as
dates, numbers as numbers), a frozen header row, filters and widths that fit."""

from __future__ import annotations

from pathlib import Path

from kinerja.report.isi import Isi, lokal, ringkasan

# (key, heading, kind): kind is text, int, dec (2 places), pct (a 0-100 figure), date, bool
Kolom = tuple[str, str, str]

PEGAWAI: list[Kolom] = [
    ("nip", "NIP", "text"),
    ("nama", "Nama", "text"),
    ("jabatan", "Jabatan", "text"),
    ("unit", "Unit kerja", "text"),
    ("predikat_kinerja", "Predikat kinerja", "text"),
    ("nilai_predikat_persen", "Nilai predikat (%)", "pct"),
    ("rating_hasil_kerja", "Rating hasil kerja", "text"),
    ("capaian_hasil_kerja_persen", "Capaian hasil kerja (%)", "pct"),
    ("rating_perilaku_kerja", "Rating perilaku kerja", "text"),
    ("skor_perilaku", "Skor perilaku", "dec"),
    ("hari_tk", "Hari TK", "int"),
    ("potongan_tpp_persen", "Potongan TPP (%)", "pct"),
    ("persen_tepat_waktu", "Layanan tepat waktu (%)", "pct"),
    ("ikm_unit", "IKM unit", "dec"),
    ("data_lengkap", "Data lengkap", "bool"),
    ("alasan", "Alasan predikat", "long"),
    ("versi_kebijakan", "Versi kebijakan", "text"),
]
DISIPLIN: list[Kolom] = [
    ("nip", "NIP", "text"),
    ("nama", "Nama", "text"),
    ("unit", "Unit kerja", "text"),
    ("hari_kerja", "Hari kerja", "int"),
    ("hari_hadir", "Hadir", "int"),
    ("hari_tk", "TK", "int"),
    ("hari_cuti", "Cuti", "int"),
    ("hari_dinas_luar", "Dinas luar", "int"),
    ("hari_izin", "Izin", "int"),
    ("hari_tugas_belajar", "Tugas belajar", "int"),
    *[(f"jumlah_tl{i}", f"TL{i}", "int") for i in range(1, 5)],
    *[(f"jumlah_psw{i}", f"PSW{i}", "int") for i in range(1, 5)],
    ("menit_terlambat", "Menit terlambat", "int"),
    ("menit_pulang_cepat", "Menit pulang cepat", "int"),
    ("hari_tk_kumulatif_tahun", "TK kumulatif tahun ini", "int"),
    ("tk_beruntun_maks", "TK beruntun terpanjang", "int"),
    ("tingkat_hukuman_disiplin", "Indikasi tingkat hukuman (untuk diperiksa)", "text"),
    ("jenis_hukuman_disiplin", "Indikasi jenis hukuman (untuk diperiksa)", "long"),
    ("potongan_tpp_persen", "Potongan TPP (%)", "pct"),
]
LAYANAN: list[Kolom] = [
    ("nip", "NIP", "text"),
    ("nama", "Nama", "text"),
    ("unit", "Unit kerja", "text"),
    ("tiket_selesai", "Tiket selesai", "int"),
    ("tiket_tepat_waktu", "Tepat waktu (SLA)", "int"),
    ("persen_tepat_waktu", "Tepat waktu (%)", "pct"),
    ("tiket_terbuka_lewat_sla", "Terbuka lewat SLA", "int"),
    ("tiket_dibuka_kembali", "Dibuka kembali", "int"),
    ("median_jam_penyelesaian", "Median jam penyelesaian", "dec"),
]
IKM: list[Kolom] = [
    ("unit", "Unit layanan", "text"),
    ("jumlah_responden", "Responden", "int"),
    ("sampel_minimum", "Sampel minimum", "int"),
    ("sampel_memadai", "Sampel memadai", "bool"),
    ("ikm", "IKM", "dec"),
    ("mutu_pelayanan", "Mutu pelayanan", "text"),
    ("kinerja_unit", "Kinerja unit", "text"),
    *[(f"nrr_u{i}", f"NRR U{i}", "dec") for i in range(1, 10)],
]
UNIT: list[Kolom] = [
    ("unit", "Unit kerja", "text"),
    ("jumlah_pegawai", "Pegawai", "int"),
    ("jumlah_sangat_baik", "Sangat Baik", "int"),
    ("jumlah_baik", "Baik", "int"),
    ("jumlah_butuh_perbaikan", "Butuh Perbaikan", "int"),
    ("jumlah_kurang", "Kurang/Misconduct", "int"),
    ("jumlah_sangat_kurang", "Sangat Kurang", "int"),
    ("jumlah_tanpa_predikat", "Tanpa predikat", "int"),
    ("persen_kehadiran", "Kehadiran (%)", "pct"),
    ("persen_tepat_waktu", "Layanan tepat waktu (%)", "pct"),
    ("ikm", "IKM", "dec"),
    ("mutu_pelayanan", "Mutu pelayanan", "text"),
    ("predikat_organisasi", "Predikat organisasi", "text"),
    ("peringatan_distribusi", "Peringatan distribusi predikat", "long"),
]
KELENGKAPAN: list[Kolom] = [
    ("sumber", "Sumber", "text"),
    ("jumlah_berkas", "Berkas", "int"),
    ("berkas_ditolak", "Berkas ditolak/diblokir", "int"),
    ("baris_dibaca", "Baris dibaca", "int"),
    ("baris_dimuat", "Baris dimuat", "int"),
    ("baris_karantina", "Baris dikarantina", "int"),
    ("peringatan", "Peringatan (hari, unit, mesin tanpa data)", "long"),
]
REVISI: list[Kolom] = [
    ("revisi", "Revisi", "int"),
    ("publikasi_id", "Publikasi", "text"),
    ("diterbitkan_pada", "Diterbitkan (WIB)", "date"),
    ("jumlah_baris", "Baris pegawai", "int"),
    ("checksum", "Checksum", "text"),
    ("alasan_revisi", "Alasan revisi", "long"),
]
PERUBAHAN: list[Kolom] = [
    ("revisi", "Revisi", "int"),
    ("tabel", "Tabel", "text"),
    ("kunci", "NIP / unit", "text"),
    ("perubahan", "Perubahan", "text"),
    ("kolom", "Kolom", "text"),
    ("nilai_lama", "Nilai lama", "text"),
    ("nilai_baru", "Nilai baru", "text"),
]
FORMAT = {"int": "#,##0", "dec": "#,##0.00", "pct": "0.00", "date": "dd-mm-yyyy hh:mm"}


def _with_names(isi: Isi, rows: list[dict]) -> list[dict]:
    nama = {p["nip"]: p["nama"] for p in isi.pegawai}
    return [
        {**r, "unit": isi.nama_unit(r.get("unit_kode")), "nama": r.get("nama") or nama.get(r.get("nip"), "")}
        for r in rows
    ]


def _cell(value, kind: str):
    if value is None:
        return None
    if kind == "bool":
        return "Ya" if value else "Tidak"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return lokal(value)


def _sheet(wb, title: str, isi: Isi, kolom: list[Kolom], rows: list[dict], note: str = "") -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    ws.append([f"{isi.judul} · {isi.instansi_nama} · {isi.bulan}" + (f" · {note}" if note else "")])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append([heading for _, heading, _ in kolom])
    header = 3
    for cell in ws[header]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([_cell(r.get(key), kind) for key, _, kind in kolom])
    for i, (key, heading, kind) in enumerate(kolom, start=1):
        letter = get_column_letter(i)
        longest = max([len(str(_cell(r.get(key), kind) or "")) for r in rows] + [len(heading) // 2 + 1, 6])
        ws.column_dimensions[letter].width = min(70 if kind == "long" else 40, longest + 2)
        if kind in FORMAT:
            for (cell,) in ws.iter_rows(min_row=header + 1, min_col=i, max_col=i):
                cell.number_format = FORMAT[kind]
        if kind == "long":
            for (cell,) in ws.iter_rows(min_row=header + 1, min_col=i, max_col=i):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[header].height = 32
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(kolom))}{header + max(len(rows), 1)}"
    ws.oddHeader.center.text = f"{isi.judul} - {title}"
    ws.oddFooter.center.text = "Halaman &P dari &N"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.print_title_rows = f"{header}:{header}"


def tulis(isi: Isi, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    ws.append([f"Laporan Kinerja Pegawai ASN · {isi.instansi_nama} · {isi.bulan}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([isi.judul])
    ws.append([])
    for label, value in ringkasan(isi):
        ws.append([label, value])
    ws.append([])
    ws.append(
        ["Lembar berikutnya: Pegawai (predikat dan alasannya), Disiplin, Layanan, IKM, Unit, Kelengkapan, Revisi."]
    )
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 80
    for (cell,) in ws.iter_rows(min_row=4, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, horizontal="left", vertical="top")
    ws.oddHeader.center.text = isi.judul

    _sheet(wb, "Pegawai", isi, PEGAWAI, _with_names(isi, isi.pegawai))
    _sheet(wb, "Disiplin", isi, DISIPLIN, _with_names(isi, isi.disiplin), "indikasi untuk diperiksa, bukan keputusan")
    _sheet(wb, "Layanan", isi, LAYANAN, _with_names(isi, isi.layanan))
    _sheet(wb, "IKM", isi, IKM, _with_names(isi, isi.ikm))
    _sheet(wb, "Unit", isi, UNIT, _with_names(isi, isi.unit))
    _sheet(wb, "Kelengkapan", isi, KELENGKAPAN, isi.kelengkapan, "berkas di gudang data saat publikasi")
    _sheet(wb, "Revisi", isi, REVISI, isi.riwayat)
    _sheet(wb, "Perubahan", isi, PERUBAHAN, isi.perubahan, "perubahan predikat lebih dulu")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
