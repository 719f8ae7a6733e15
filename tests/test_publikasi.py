"""Publication, reports, lineage and access on one tiny month (R4, R6): revision 1 is published
with a day's attendance file missing, the file arrives late, and the second publication makes
revision 2 with its change list while revision 1 stays as it was. Two publishers racing make one
revision; each role reads and writes only what it should, also after the rebuild."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from kinerja.access import inspektorat
from kinerja.build.dbt import build
from kinerja.core import env
from kinerja.publish.publikasi import checksum_frozen, publish
from kinerja.report.berkas import render
from kinerja.report.jejak import explain
from kinerja.run.ingest import ingest
from kinerja.synth.generator import generate

from conftest import query

MONTH = "2026-03"
LATE = "2026-03-17.csv"  # a Tuesday: without its file every employee is TK that day
LAPORAN = ["publikasi", "kinerja_pegawai_bulanan", "disiplin_bulanan", "layanan_bulanan", "ikm_unit"]
LAPORAN += ["kinerja_unit_bulanan", "unit_kerja", "kelengkapan_data", "publikasi_perubahan"]


def built() -> None:
    result = build(month=MONTH)
    assert result.failed == 0, result.failures


def frozen_md5(url: str, publikasi_id: str) -> str:
    return query(
        url,
        "select md5(string_agg(k::text, '|' order by k.nip)) from laporan.kinerja_pegawai_bulanan k "
        "where publikasi_id = %s",
        (publikasi_id,),
    )[0][0]


def as_login(url: str, login: str, password: str) -> str:
    return url.replace("postgres:@", f"{login}:{password}@", 1)


def denied(url: str, sql: str) -> bool:
    with psycopg.connect(url, autocommit=True) as conn:
        try:
            conn.execute(sql)
        except psycopg.errors.InsufficientPrivilege:
            return True
    return False


def check_access(url: str, instansi: str, inspectors: dict[str, tuple[str, str]]) -> None:
    """kinerja_bi reads marts and laporan only and writes nothing; an inspectorate login sees its
    own instansi's rows in every laporan table and nothing else; the loader and the transformer
    cannot write each other's schemas."""
    bi = env.role_url(url, "bi")
    assert query(bi, "select count(*) from marts.fct_kinerja_pegawai_bulanan")[0][0] > 0
    assert query(bi, "select count(*) from laporan.kinerja_pegawai_bulanan")[0][0] > 0
    for sql in (
        "select * from raw.kehadiran limit 1",
        "select * from ingest.quarantine limit 1",
        "select * from staging.stg_kehadiran limit 1",
        "insert into marts.dim_unit_kerja (unit_kode) values ('X')",
        "delete from laporan.publikasi",
        "create table marts.bi_was_here (x int)",
        "create table public.bi_was_here (x int)",
    ):
        assert denied(bi, sql), f"kinerja_bi may: {sql}"
    assert denied(env.role_url(url, "loader"), "create table marts.loader_was_here (x int)")
    assert denied(env.role_url(url, "transformer"), "insert into raw.kehadiran (_batch_id, _line) values (1, 1)")

    own, other = inspectors["own"], inspectors["other"]
    for table in LAPORAN:
        everything = query(url, f"select count(*) from laporan.{table} where instansi_kode = %s", (instansi,))[0][0]
        assert everything > 0 or table == "publikasi_perubahan", table
        assert query(as_login(url, *own), f"select count(*) from laporan.{table}")[0][0] == everything, table
        assert query(as_login(url, *other), f"select count(*) from laporan.{table}")[0][0] == 0, table
    # the lineage view: the inspector's own instansi only, everything for BI
    jejak = query(url, "select count(*) from marts.jejak_kehadiran where instansi_kode = %s", (instansi,))[0][0]
    lineage = "select count(*) from laporan.jejak_kehadiran_inspektorat"
    assert jejak > 0 and query(as_login(url, *own), lineage)[0][0] == jejak
    assert query(as_login(url, *other), lineage)[0][0] == 0
    assert query(bi, lineage)[0][0] == query(url, "select count(*) from marts.jejak_kehadiran")[0][0]
    assert denied(as_login(url, *own), "select * from marts.fct_kinerja_pegawai_bulanan limit 1")
    assert denied(as_login(url, *own), "select * from akses.inspektorat")


def test_late_data_makes_revision_2_and_every_role_sees_what_it_should(fresh_db, tmp_path):
    landing, late = tmp_path / "landing", tmp_path / "late"
    generate("tiny", MONTH, landing, seed=5, defects=False)
    late.mkdir()
    shutil.move(landing / "kehadiran" / LATE, late / LATE)
    ingest(landing)
    built()

    [r1] = publish(MONTH)
    instansi = r1.instansi_kode
    assert (r1.revisi, r1.baru, r1.publikasi_id) == (1, True, f"{instansi}-202603-r1")
    assert publish(MONTH)[0].baru is False  # the same data again: nothing created
    before = frozen_md5(fresh_db, r1.publikasi_id)

    inspectors = {}
    for name, code in (("own", instansi), ("other", "9999")):
        login = f"inspektorat_test_{name}"
        inspectors[name] = (login, inspektorat.grant(code, login))
    check_access(fresh_db, instansi, inspectors)

    # the late file: loaded, the marts rebuilt, then two publishers at once
    shutil.move(late / LATE, landing / "kehadiran" / LATE)
    ingest(landing)
    built()
    with ThreadPoolExecutor(2) as pool:
        both = [p for ps in pool.map(lambda _: publish(MONTH), range(2)) for p in ps]
    assert sorted(p.baru for p in both) == [False, True]
    assert {p.publikasi_id for p in both} == {f"{instansi}-202603-r2"}
    r2 = next(p for p in both if p.baru)
    assert query(fresh_db, "select count(*) from laporan.publikasi")[0][0] == 2
    assert "kehadiran 1" in r2.alasan_revisi

    changes = query(
        fresh_db,
        "select tabel, kunci, perubahan, kolom, nilai_lama, nilai_baru from laporan.publikasi_perubahan "
        "where publikasi_id = %s order by urutan",
        (r2.publikasi_id,),
    )
    assert len(changes) == r2.perubahan > 0
    tk = [c for c in changes if c[0] == "kinerja_pegawai_bulanan" and c[3] == "hari_tk"]
    assert tk and all(int(c[4]) == int(c[5]) + 1 for c in tk)  # one TK day fewer for everyone who came
    predikat = [i for i, c in enumerate(changes) if c[3] == "predikat_kinerja"]
    assert predikat == list(range(len(predikat)))  # predikat changes come first

    # revision 1 unchanged: same rows, its checksum still matches them, and it cannot be edited
    assert frozen_md5(fresh_db, r1.publikasi_id) == before
    with psycopg.connect(fresh_db) as conn:
        assert checksum_frozen(conn, r1.publikasi_id) == r1.checksum
        assert checksum_frozen(conn, r2.publikasi_id) == r2.checksum != r1.checksum
    with psycopg.connect(fresh_db, autocommit=True) as conn, pytest.raises(psycopg.errors.RaiseException):
        conn.execute(
            "update laporan.kinerja_pegawai_bulanan set nama = 'x' where publikasi_id = %s", (r1.publikasi_id,)
        )

    check_access(fresh_db, instansi, inspectors)  # after a rebuild and a new revision
    check_reports(tmp_path / "laporan", r2.publikasi_id)
    check_explain(fresh_db, tk[0][1], landing)

    assert inspektorat.revoke(instansi, inspectors["own"][0])
    assert inspectors["own"][0] not in {a.login for a in inspektorat.daftar()}
    assert not query(fresh_db, "select 1 from pg_roles where rolname = %s", (inspectors["own"][0],))
    inspektorat.revoke("9999", inspectors["other"][0])


def check_reports(out, publikasi_id: str) -> None:
    """XLSX with real types, frozen header and filters; a PDF whose every page names the
    publication and is not blank."""
    import openpyxl
    import pypdfium2

    paths = render(MONTH, out)
    assert sorted(p.suffix for p in paths) == [".pdf", ".xlsx"]
    assert all(publikasi_id in p.name for p in paths)
    wb = openpyxl.load_workbook(next(p for p in paths if p.suffix == ".xlsx"))
    assert wb.sheetnames[:3] == ["Ringkasan", "Pegawai", "Disiplin"]
    for ws in wb.worksheets:
        assert publikasi_id in str(ws["A1"].value) + str(ws["A2"].value), ws.title
    pegawai = wb["Pegawai"]
    assert pegawai.freeze_panes == "A4" and pegawai.auto_filter.ref.startswith("A3:")
    header = [c.value for c in pegawai[3]]
    first = {h: c.value for h, c in zip(header, pegawai[4], strict=True)}
    assert isinstance(first["Nilai predikat (%)"], float | int) and isinstance(first["Hari TK"], int)
    assert first["Alasan predikat"] and first["Predikat kinerja"]
    import datetime as dt

    assert isinstance(wb["Revisi"]["C4"].value, dt.datetime)

    pdf = pypdfium2.PdfDocument(next(p for p in paths if p.suffix == ".pdf"))
    assert len(pdf) >= 3
    for i in range(len(pdf)):
        page = pdf[i]
        assert publikasi_id in page.get_textpage().get_text_range(), f"page {i + 1}"
        image = page.render(scale=0.5).to_pil().convert("L")
        dark = sum(1 for v in image.getdata() if v < 200)
        assert dark > 0.01 * image.width * image.height, f"page {i + 1} is blank"


def check_explain(url: str, nip: str, landing) -> None:
    """From the predikat to the landing line: the late day's taps name the late file and a line
    that holds this NIP; revision 1 says the warehouse has changed since."""
    now = explain(nip, MONTH)
    assert now.publikasi["revisi"] == 2 and now.pegawai["alasan"]
    day = next(d for d in now.hari if str(d.tanggal) == "2026-03-17")
    assert day.status != "TK" and day.tap
    for tap in day.tap:
        assert tap["berkas"].endswith(LATE)
        line = (landing / "kehadiran" / LATE).read_text().splitlines()[tap["baris"] - 1]
        assert nip in line
        assert tap["sha256"] == query(url, "select sha256 from ingest.ledger where path = %s", (tap["berkas"],))[0][0]
    then = explain(nip, MONTH, revisi=1)
    assert then.publikasi["revisi"] == 1 and then.berbeda_dari_gudang
