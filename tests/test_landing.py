"""Reading landing files: formats, encodings, delimiters, header rules (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from ingestion.landing import LandingFile, Reader, detect_encoding, discover
from ingestion.sources import SOURCES
from kinerja.core.errors import FileRejected


def rows_of(source: str, path):
    reader = Reader(SOURCES[source], path)
    return reader, list(reader.rows())


def test_semicolon_windows1252_with_quoted_newline(tmp_path):
    path = tmp_path / "cuti.csv"
    text = (
        "NOMOR;NIP;Jenis;tanggal_mulai;tanggal_selesai;status;diperbarui_pada;catatan\n"
        '800/1;199002112015032001;IZIN;02/03/2026;02/03/2026;DISETUJUI;01/03/2026 10:00;"urusan\nkeluarga é"\n'
    )
    path.write_bytes(text.encode("cp1252"))
    assert detect_encoding(path) == "cp1252"
    reader, rows = rows_of("cuti", path)
    assert reader.delimiter == ";" and reader.extra_columns == ["catatan"]
    assert len(rows) == 1
    assert rows[0].values[:3] == ["800/1", "199002112015032001", "IZIN"]


def test_utf8_bom_header_and_trimming(tmp_path):
    path = tmp_path / "hari_libur.csv"
    path.write_bytes("\ufefftanggal, jenis ,instansi_kode\n 2026-07-30 ,LIBUR_DAERAH,1275\n".encode("utf-8"))
    assert detect_encoding(path) == "utf-8-sig"
    _, rows = rows_of("hari_libur", path)
    assert rows[0].values == ["2026-07-30", "LIBUR_DAERAH", "1275", None]


def test_missing_required_column_names_it(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("nip,mesin_id\n199002112015032001,A\n")
    with pytest.raises(FileRejected, match="required column 'waktu' is missing"):
        rows_of("kehadiran", path)


def test_empty_file_rejected(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("")
    with pytest.raises(FileRejected, match="empty"):
        rows_of("kehadiran", path)


def test_wrong_field_count_is_a_row_problem_not_a_file_problem(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("nip,waktu\n199002112015032001,2026-03-02 07:00\n199002112015032001\n")
    _, rows = rows_of("kehadiran", path)
    assert rows[0].values is not None
    assert rows[1].values is None and "1 fields" in rows[1].problem


def test_jsonl_records(tmp_path, examples):
    _, rows = rows_of("tiket_layanan", next((examples / "tiket_layanan").glob("*.jsonl")))
    assert [r.values[0] for r in rows] == ["LAPOR-7712301", "LOKET-000431"]
    assert rows[0].values[7] is None  # diselesaikan_pada null stays null


def test_xlsx_first_sheet_dates_and_numeric_nip(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nip", "waktu", "mesin_id"])
    sheet.append(["199002112015032001", dt.datetime(2026, 3, 2, 7, 58, 41), " DKP-01 "])
    sheet.append([float(199002112015032001), dt.datetime(2026, 3, 2, 15, 2), "DKP-01"])  # what Excel keeps
    path = tmp_path / "taps.xlsx"
    book.save(path)
    _, rows = rows_of("kehadiran", path)
    assert rows[0].values[:3] == ["199002112015032001", "2026-03-02 07:58:41", "DKP-01"]
    # an 18-digit NIP stored as a number keeps Excel's lossy rendering, never a guessed repair
    assert rows[1].values[0] == "1.99002E+17"


def test_xlsx_serial_numbers_in_unformatted_cells(tmp_path):
    """Excel keeps dates as serial numbers when a cell lost its date format, times as day
    fractions, and turns a month `2026-03` into the date 2026-03-01."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nip", "waktu", "mesin_id"])
    sheet.append(["199002112015032001", 46083.33239583333, "DKP-01"])  # 2026-03-02 07:58:39
    sheet.append(["199002112015032001", 46083, "DKP-01"])
    sheet.append(["199002112015032001", 12.5, "DKP-01"])  # not a plausible date: left for the rule
    path = tmp_path / "taps.xlsx"
    book.save(path)
    _, rows = rows_of("kehadiran", path)
    assert [r.values[1] for r in rows] == ["2026-03-02 07:58:39", "2026-03-02 00:00:00", "12.5"]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["instansi_kode", "berlaku_mulai", "berlaku_sampai", "hari", "jam_masuk", "jam_pulang"])
    sheet.append(["1275", 46082, None, 1, 0.3125, 0.6666666666666666])
    path = tmp_path / "jadwal.xlsx"
    book.save(path)
    _, rows = rows_of("jadwal_kerja", path)
    values = dict(
        zip(
            ("instansi_kode", "unit_kode", "berlaku_mulai", "berlaku_sampai", "hari", "jam_masuk", "jam_pulang"),
            rows[0].values,
            strict=False,
        )
    )
    assert values == {
        "instansi_kode": "1275",
        "unit_kode": None,
        "berlaku_mulai": "2026-03-01",
        "berlaku_sampai": None,
        "hari": "1",
        "jam_masuk": "07:30",
        "jam_pulang": "16:00",
    }

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["nip", "periode", "indikator_kode", "indikator", "jenis", "target", "realisasi", "arah"])
    sheet.append(["199002112015032001", dt.datetime(2026, 3, 1), "IKU-1", "Dokumen", "UTAMA", 10, 9, "NAIK"])
    path = tmp_path / "skp.xlsx"
    book.save(path)
    _, rows = rows_of("skp", path)
    assert rows[0].values[1] == "2026-03"


def test_discover_ignores_name_patterns_and_hidden_files(tmp_path):
    (tmp_path / "kehadiran" / "mesin-1" / "deep").mkdir(parents=True)
    (tmp_path / "kehadiran" / "mesin-1" / "deep" / "anything.TXT").write_text("nip,waktu\n")
    (tmp_path / "kehadiran" / ".~lock.csv").write_text("x")
    (tmp_path / "unknown_source").mkdir()
    (tmp_path / "unknown_source" / "a.csv").write_text("x")
    found = discover(tmp_path)
    assert found == [LandingFile("kehadiran", tmp_path / "kehadiran" / "mesin-1" / "deep" / "anything.TXT")]
