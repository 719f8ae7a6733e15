"""The shipped dashboard, checked as a BI client would: Superset (its own venv, `make bi-setup`)
is started on a warehouse holding a generated month, imports dashboards/, and every chart's data
read through Superset's REST API equals what the marts say, computed here with plain SQL."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from kinerja.bi import superset
from kinerja.build.dbt import build
from kinerja.run.ingest import ingest, night_verdict

from conftest import _free_port, query

BUNDLE = Path(__file__).resolve().parent.parent / "dashboards" / "kinerja"


class Client:
    def __init__(self, base: str, user: str, password: str) -> None:
        self.base = base
        body = {"username": user, "password": password, "provider": "db", "refresh": False}
        self.token = self._call("/api/v1/security/login", body)["access_token"]

    def _call(self, path: str, body: dict | None = None) -> dict:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if getattr(self, "token", None):
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{path}: HTTP {exc.code} {exc.read().decode()[:500]}") from None

    def get(self, path: str) -> dict:
        return self._call(path)


# three working days whose device exports never came: everyone is TK then (so the discipline
# chart has indications to show) and the nightly check reports the source silent
HILANG = ["2026-03-10.csv", "2026-03-11.csv", "2026-03-12.csv"]


@pytest.fixture(scope="module")
def dasbor(server, tiny_month, tmp_path_factory):
    """A tiny month built into its own database, and Superset on it as kinerja_bi."""
    landing = tmp_path_factory.mktemp("landing_bi")
    shutil.copytree(tiny_month, landing, dirs_exist_ok=True)
    for name in HILANG:
        (landing / "kehadiran" / name).unlink()
    mp = pytest.MonkeyPatch()
    url = server.replace("/postgres?", "/bi_dasbor?")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute("drop database if exists bi_dasbor with (force)")
        conn.execute("create database bi_dasbor")
    mp.setenv("KINERJA_DATABASE_URL", url)
    mp.setenv("KINERJA_BI_PORT", str(_free_port()))
    results = ingest(landing)
    night_verdict(["kehadiran"], [r.to_dict() for r in results])  # the nightly check, as `periksa` runs it
    result = build()
    assert result.failed == 0, result.failures
    try:
        shown = superset.up()
        yield url, Client(shown.url, shown.user, shown.password)
    finally:
        superset.down()
        mp.undo()


def _day(ms: float) -> dt.date:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).date()


def _num(value) -> float | None:
    return None if value is None else round(float(value), 2)


def test_every_chart_agrees_with_the_marts(dasbor):
    url, api = dasbor
    # the dashboard and its filters were imported; Superset reads the warehouse as kinerja_bi
    boards = api.get("/api/v1/dashboard/?q=(page_size:100)")["result"]
    assert [b["dashboard_title"] for b in boards] == ["Kinerja ASN — dasbor bulanan"]
    board = api.get(f"/api/v1/dashboard/{boards[0]['id']}")["result"]
    filters = json.loads(board["json_metadata"])["native_filter_configuration"]
    assert [f["name"] for f in filters] == ["Instansi", "Unit kerja", "Bulan"]
    databases = api.get("/api/v1/database/?q=(page_size:100)")["result"]
    assert [d["backend"] for d in databases] == ["postgresql"]
    uri = api.get(f"/api/v1/database/{databases[0]['id']}/connection")["result"]["sqlalchemy_uri"]
    assert "kinerja_bi:" in uri, uri

    charts = {c["slice_name"]: c["id"] for c in api.get("/api/v1/chart/?q=(page_size:100)")["result"]}
    assert len(charts) == len(list((BUNDLE / "charts").glob("*.yaml")))

    def data(title: str) -> list[dict]:
        result = api.get(f"/api/v1/chart/{charts.pop(title)}/data/")["result"]
        return result[0]["data"]

    names = dict(query(url, "select unit_kode, nama_unit from marts.dim_unit_kerja"))
    assert len(set(names.values())) == len(names)  # tiny: every unit label is its name

    rows = data("Sebaran predikat kinerja per unit")
    expected = query(
        url,
        """select unit_kode, sum(jumlah_sangat_baik), sum(jumlah_baik), sum(jumlah_butuh_perbaikan),
                  sum(jumlah_kurang), sum(jumlah_sangat_kurang)
             from marts.fct_kinerja_unit_bulanan group by unit_kode""",
    )
    assert {
        r["unit"]: (r["sangat_baik"], r["baik"], r["butuh_perbaikan"], r["kurang"], r["sangat_kurang"]) for r in rows
    } == {names[u]: tuple(v) for u, *v in expected}
    assert sum(r["baik"] for r in rows) > 0

    hari = query(
        url,
        """select tanggal, round(100.0 * count(*) filter (where status_kehadiran = 'HADIR') / count(*), 1),
                  count(kategori_tl), count(kategori_psw), count(*) filter (where status_kehadiran = 'TK')
             from marts.fct_kehadiran_harian group by tanggal""",
    )
    assert {_day(r["tanggal"]): _num(r["persen_hadir"]) for r in data("Persentase hadir per hari kerja")} == {
        d: _num(p) for d, p, *_ in hari
    }
    assert {
        _day(r["tanggal"]): (r["tl"], r["psw"], r["tk"])
        for r in data("Terlambat (TL), pulang cepat (PSW) dan TK per hari")
    } == {d: (tl, psw, tk) for d, _, tl, psw, tk in hari}

    rows = data("Indikasi hukuman disiplin — untuk diperiksa, bukan keputusan")
    expected = query(
        url,
        """select nip, hari_tk, hari_tk_kumulatif_tahun, tingkat_hukuman_disiplin,
                  jenis_hukuman_disiplin from marts.fct_disiplin_bulanan where tingkat_hukuman_disiplin is not null""",
    )
    keys = ("nip", "hari_tk", "hari_tk_kumulatif_tahun", "tingkat_hukuman_disiplin", "jenis_hukuman_disiplin")
    assert sorted(tuple(r[k] for k in keys) for r in rows) == sorted(expected)
    assert expected, "the tiny month has TK days enough for an indication"

    rows = data("Kepatuhan SLA per unit (% tiket selesai tepat waktu)")
    expected = query(
        url,
        """select unit_kode, round(100.0 * sum(tiket_tepat_waktu) / nullif(sum(tiket_selesai), 0), 1)
             from marts.fct_layanan_bulanan group by unit_kode""",
    )
    assert {r["unit"]: _num(r["persen_tepat_waktu"]) for r in rows} == {names[u]: _num(p) for u, p in expected}

    rows = data("IKM per unit layanan dan mutu pelayanan (PermenPANRB 14/2017)")
    expected = query(url, "select unit_kode, mutu_pelayanan, ikm from marts.fct_ikm_unit where jenis_periode = 'BULAN'")
    assert {r["unit"]: (r["mutu"][0], _num(r["ikm"])) for r in rows} == {names[u]: (m, _num(i)) for u, m, i in expected}
    assert expected

    rows = data("Kelengkapan data per sumber: berkas dan baris dikarantina")
    expected = query(
        url,
        """select source, count(*), count(*) filter (where status in ('REJECTED', 'BLOCKED')), sum(rows_read),
                  sum(rows_loaded), sum(rows_quarantined)
             from ingest.ledger where status <> 'PENDING' group by source""",
    )
    keys = ("berkas", "berkas_ditolak", "baris_dibaca", "baris_dimuat", "baris_karantina")
    assert {r["sumber"]: tuple(r[k] for k in keys) for r in rows} == {s: tuple(v) for s, *v in expected}

    rows = data("Sumber, unit dan mesin tanpa data pada hari kerja")
    expected = query(url, "select tanggal, jenis, kunci from ingest.peringatan where tanggal is not null")
    assert sorted((_day(r["tanggal"]), r["jenis"], r["kunci"]) for r in rows) == sorted(expected)
    assert {d.isoformat() for d, jenis, _ in expected if jenis == "SUMBER_SENYAP"} >= {n[:10] for n in HILANG}

    assert not charts, f"charts without a check here: {sorted(charts)}"
