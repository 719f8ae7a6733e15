"""The bad-input corpus: one small file per defect and format, each with the quarantine rule (or
file rejection) expected. Reference data (units, roster) comes from the example fixtures (tests/fixtures/examples)."""

from __future__ import annotations

import json
import shutil

import pytest

from kinerja.run.ingest import ingest

from conftest import query

GOOD = "199002112015032001"  # Dewi Lestari Nasution in the example roster
UNKNOWN = "198501012010011001"  # well formed, in no roster

# (source, file name, text or bytes, {line: rule}) — line = record number, header = 1
ROW_CASES = [
    (
        "kehadiran",
        "taps.csv",
        "nip,waktu,mesin_id,metode,arah,lintang,bujur\n"
        f"{GOOD},2026-03-03 07:31:00,M1,SIDIK_JARI,MASUK,3.6,98.5\n"
        "1.99002E+17,2026-03-03 07:31:00,M1,SIDIK_JARI,MASUK,,\n"
        "19900211201503200,2026-03-03 07:31:00,M1,SIDIK_JARI,MASUK,,\n"
        f"{UNKNOWN},2026-03-03 07:31:00,M1,SIDIK_JARI,MASUK,,\n"
        f"{GOOD},31/02/2026 07:30:00,M1,SIDIK_JARI,MASUK,,\n"
        f"{GOOD},2031-03-02 07:30:00,M1,SIDIK_JARI,MASUK,,\n"
        f"{GOOD},2026-03-03 16:01:00,M1,JARI,PULANG,,\n"
        f"{GOOD},2026-03-03 16:02:00,M1,WAJAH,PULANG,95,98.5\n"
        f",2026-03-03 16:02:00,M1,WAJAH,PULANG,,\n",
        {
            3: "invalid_nip",
            4: "invalid_nip",
            5: "unknown_employee",
            6: "invalid_date",
            7: "implausible_timestamp",
            8: "out_of_range",
            9: "out_of_range",
            10: "missing_value",
        },
    ),
    (
        "cuti",
        "cuti.csv",
        "nomor,nip,jenis,tanggal_mulai,tanggal_selesai,status,diperbarui_pada\n"
        f"800/1,{GOOD},CUTI_TAHUNAN,2026-03-10,2026-03-11,DISETUJUI,2026-03-01 10:00\n"
        f"800/2,{GOOD},CUTI_TAHUNAN,12/03/2026,10/03/2026,DISETUJUI,2026-03-01 10:00\n"
        f"800/1,{GOOD},CUTI_TAHUNAN,2026-03-10,2026-03-11,DISETUJUI,2026-03-01 10:00\n"
        f"800/3,{GOOD},CUTI_LIBURAN,2026-03-10,2026-03-11,DISETUJUI,2026-03-01 10:00\n",
        {3: "end_before_start", 4: "duplicate_key", 5: "out_of_range"},
    ),
    (
        "tiket_layanan",
        "lapor.jsonl",
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "tiket_id": "T1",
                    "kanal": "LAPOR",
                    "layanan_kode": "KTP-EL",
                    "unit_kode": "1275-DKP-PD",
                    "petugas_nip": GOOD,
                    "dibuat_pada": "2026-03-02T09:00:00+07:00",
                    "diselesaikan_pada": "2026-03-02T08:00:00+07:00",
                    "status": "SELESAI",
                    "diperbarui_pada": "2026-03-02T09:30:00+07:00",
                },
                {
                    "tiket_id": "T2",
                    "kanal": "LAPOR",
                    "layanan_kode": "KTP-EL",
                    "unit_kode": "9999-XX",
                    "petugas_nip": GOOD,
                    "dibuat_pada": "2026-03-02T09:00:00+07:00",
                    "status": "BARU",
                    "diperbarui_pada": "2026-03-02T09:00:00+07:00",
                },
                {
                    "tiket_id": "T3",
                    "kanal": "LAPOR",
                    "layanan_kode": "KTP-EL",
                    "unit_kode": "1275-DKP-PD",
                    "petugas_nip": GOOD,
                    "dibuat_pada": "2026-03-02T09:00:00+07:00",
                    "status": "SELESAI_SEMUA",
                    "diperbarui_pada": "2026-03-02T09:00:00+07:00",
                },
                {
                    "tiket_id": "T4",
                    "kanal": "LAPOR",
                    "layanan_kode": "KTP-EL",
                    "unit_kode": "1275-DKP-PD",
                    "petugas_nip": GOOD,
                    "dibuat_pada": "2026-03-02T09:00:00+07:00",
                    "status": "BARU",
                    "diperbarui_pada": "2026-03-02T09:00:00+07:00",
                },
            ]
        )
        + "\n{not json\n",
        {1: "end_before_start", 2: "unknown_unit", 3: "out_of_range", 5: "malformed_record"},
    ),
    (
        "survei_skm",
        "skm.csv",
        "respons_id,unit_kode,tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9,nama,email\n"
        "S1,1275-DKP-PD,2026-03-02,4,4,4,4,4,4,4,4,,Budi,b@x.id\n"
        "S2,1275-DKP-PD,2026-03-02,4,4,5,4,4,4,4,4,4,Ani,a@x.id\n"
        "S1,1275-DKP-PD,2026-03-02,4,4,4,4,4,4,4,4,4,Budi,b@x.id\n"
        "S3,9999-XX,2026-03-02,4,4,4,4,4,4,4,4,4,,\n",
        {3: "out_of_range", 4: "duplicate_key", 5: "unknown_unit"},
    ),
    (
        "survei_perilaku",
        "p.csv",
        "respons_id,periode,pegawai_nip,penilai_nip,peran_penilai,berorientasi_pelayanan,akuntabel,kompeten,harmonis,loyal,adaptif,kolaboratif\n"
        f"P1,2026-03,{GOOD},{GOOD},DIRI,5,5,5,5,5,5,5\n"
        f"P2,2026-03,{GOOD},{GOOD},REKAN,5,6,5,5,5,5,5\n"
        f"P3,2026-03,{UNKNOWN},{GOOD},REKAN,5,5,5,5,5,5,5\n",
        {3: "out_of_range", 4: "unknown_employee"},
    ),
    (
        "skp",
        "skp.csv",
        "nip,periode,indikator_kode,indikator,jenis,target,realisasi,satuan,arah\n"
        f"{GOOD},2026-03,A,Dokumen,UTAMA,10,9,dok,NAIK\n"
        f"{GOOD},2026-03,B,Dokumen,UTAMA,-5,9,dok,NAIK\n"
        f"{GOOD},2026-03,A,Dokumen,UTAMA,10,9,dok,NAIK\n"
        f"{GOOD},2026-13,C,Dokumen,UTAMA,10,9,dok,NAIK\n",
        {3: "out_of_range", 4: "duplicate_key", 5: "invalid_date"},
    ),
    (
        "pegawai",
        "tambahan.csv",
        "nip,nama,jenis_asn,unit_kode,jabatan,status,tanggal_data\n"
        "199013322015032001,Salah Tanggal,PNS,1275-DKP,Staf,AKTIF,2026-03-01\n"
        "199101012015032001,Unit Hilang,PNS,9999-XX,Staf,AKTIF,2026-03-01\n"
        "199101012015032002,Status Aneh,PNS,1275-DKP,Staf,CUTI,2026-03-01\n",
        {2: "invalid_nip", 3: "unknown_unit", 4: "out_of_range"},
    ),
    (
        "unit_kerja",
        "tambahan.csv",
        "unit_kode,nama_unit,instansi_kode,zona_waktu\n1275-X,Unit X,1275,WITT\n",
        {2: "out_of_range"},
    ),
]


@pytest.fixture
def loaded(fresh_db, tmp_path, examples):
    landing = tmp_path / "landing"
    for source in ("unit_kerja", "pegawai"):
        shutil.copytree(examples / source, landing / source)
    for source, name, content, _ in ROW_CASES:
        path = landing / source / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    # the messy export a clerk makes: Excel, `;`, Windows-1252, NIPs Excel turned into numbers
    messy = landing / "kehadiran" / "excel" / "rekap_absen.csv"
    messy.parent.mkdir(parents=True)
    messy.write_bytes(
        (
            "NIP;Waktu;Mesin_ID;Keterangan\n"
            f"{GOOD};03/03/2026 07:29:00;Kantor Café;tepat\n"
            "1,99002E+17;03/03/2026 07:35:00;Kantor Café;terlambat\n"
            f"{GOOD};03/03/2026 16:05:00;Kantor Café;pulang\n"
        ).encode("cp1252")
    )
    # whole files that cannot be loaded
    (landing / "kehadiran" / "kosong.csv").write_text("")
    (landing / "cuti" / "tanpa_kolom.csv").write_text("nomor,nip,jenis\n800/9,199002112015032001,IZIN\n")
    (landing / "tiket_layanan" / "rusak.csv").write_bytes(bytes(range(256)) * 4)
    results = ingest(landing)
    return fresh_db, {f"{r.source}/{r.path.rsplit('/', 1)[1]}": r for r in results}


def test_each_defect_is_quarantined_by_its_rule(loaded):
    url, results = loaded
    for source, name, _, expected in ROW_CASES:
        res = results[f"{source}/{name}"]
        got = dict(
            query(
                url,
                "select q.line, q.rule from ingest.quarantine q join ingest.ledger l using (batch_id) "
                "where l.path = %s",
                (res.path,),
            )
        )
        assert got == expected, f"{source}/{name}: {got}"
        assert res.status == "LOADED"
        assert res.rows_read == res.rows_loaded + res.rows_quarantined
        raw = query(url, f"select count(*) from raw.{source} where _batch_id = %s", (res.batch_id,))[0][0]
        assert raw == res.rows_loaded


def test_messy_excel_export(loaded):
    url, results = loaded
    res = results["kehadiran/rekap_absen.csv"]
    assert (res.status, res.rows_read, res.rows_loaded, res.rows_quarantined) == ("LOADED", 3, 2, 1)
    assert "extra columns ignored: keterangan" in res.reason
    (message,) = query(url, "select message from ingest.quarantine where batch_id = %s", (res.batch_id,))[0]
    assert message == "NIP 1,99002E+17 was turned into a number by Excel and lost its digits; export the column as text"
    assert query(url, "select mesin_id from raw.kehadiran where _batch_id = %s and _line = 2", (res.batch_id,)) == [
        ("Kantor Café",)
    ]


def test_whole_file_rejections_name_the_reason(loaded):
    _, results = loaded
    assert results["kehadiran/kosong.csv"].status == "REJECTED"
    assert "empty" in results["kehadiran/kosong.csv"].reason
    missing = results["cuti/tanpa_kolom.csv"]
    assert missing.status == "REJECTED"
    assert (
        "required column 'tanggal_mulai', 'tanggal_selesai', 'status', 'diperbarui_pada' is missing" in missing.reason
    )
    assert results["tiket_layanan/rusak.csv"].status == "REJECTED"
    # everything else still loaded
    assert results["kehadiran/taps.csv"].status == "LOADED"


def test_messages_quote_the_value(loaded):
    url, _ = loaded
    messages = {m for (m,) in query(url, "select message from ingest.quarantine")}
    assert (
        f"nip '{UNKNOWN}' is well formed but not in any roster (pegawai) snapshot; load the roster first, then "
        "`kinerja quarantine retry`" in messages
    )
    assert "waktu '31/02/2026 07:30:00' is not a valid date (a date with HH:MM[:SS] or ISO 8601)" in messages
    assert "NIP 199013322015032001: birth date 19901332 is not a real date" in messages
    assert "u3 '5' is not one of 1, 2, 3, 4" in messages
