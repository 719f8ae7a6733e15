"""End to end through the real scheduler: `kinerja run` on a generated tiny month starts the stack
(embedded warehouse, api-server, scheduler, dag-processor, triggerer under supervision), and the
marts are checked against an independent Python reading of the same landing files; a second run
with no new file loads nothing, skips the dbt layers and leaves the marts identical. Then the
faults of R7: the warehouse restarted, and the scheduler killed, while DAGs run; the marts equal a
clean run of the same files without Airflow. The tests share one stack and run in file order."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import holidays
import pytest

from kinerja.run.chain import INGEST_DAGS, transform_after

from conftest import query
from invariants import check_invariants

pytestmark = pytest.mark.slow
KINERJA = str(Path(sys.executable).parent / "kinerja")
WITA = dt.timezone(dt.timedelta(hours=8))


def expected_attendance(landing: Path) -> dict:
    """scoring.md §1-2 re-derived in plain Python for the tiny month (one WITA unit set, the
    instansi's Mon-Fri schedule, national calendar + hari_libur, approved leave, taps)."""
    manifest = json.loads((landing / "_manifest.json").read_text())
    defects = {(d["file"], d["line"]) for d in manifest["defects"]}

    def read(path, delim=","):  # the rows of a file minus the injected defects (quarantined, never scored)
        rows = csv.DictReader(open(path, newline="", encoding="utf-8"), delimiter=delim)
        return [r for line, r in enumerate(rows, start=2) if (str(path.relative_to(landing)), line) not in defects]

    roster = read(next((landing / "pegawai").glob("*.csv")))
    libur = {r["tanggal"] for r in read(next((landing / "hari_libur").glob("*.csv")))}
    jadwal = {
        int(r["hari"]): (r["jam_masuk"], r["jam_pulang"]) for r in read(next((landing / "jadwal_kerja").glob("*.csv")))
    }
    national = holidays.country_holidays("ID", years=2026, categories=("public", "government"))
    days = [dt.date(2026, 3, d) for d in range(1, 32)]
    workdays = [d for d in days if d.isoweekday() in jadwal and d not in national and d.isoformat() not in libur]

    latest = {}
    for r in read(next((landing / "cuti").glob("*.csv"))):
        if r["nomor"] not in latest or r["diperbarui_pada"] > latest[r["nomor"]]["diperbarui_pada"]:
            latest[r["nomor"]] = r
    leave = {}
    for r in latest.values():
        if r["status"] == "DISETUJUI":
            d = dt.date.fromisoformat(r["tanggal_mulai"])
            while d <= dt.date.fromisoformat(r["tanggal_selesai"]):
                leave[(r["nip"], d)] = r["jenis"]
                d += dt.timedelta(days=1)

    taps: dict[tuple, set] = {}
    for path in (landing / "kehadiran").glob("*.csv"):
        for r in read(path, ";"):
            t = dt.datetime.strptime(r["waktu"], "%d/%m/%Y %H:%M:%S")
            taps.setdefault((r["nip"], t.date()), set()).add(t)

    def category(minutes, prefix):
        if minutes is None:
            return f"{prefix}4"
        if minutes == 0:
            return None
        return f"{prefix}{1 if minutes <= 30 else 2 if minutes <= 60 else 3 if minutes <= 90 else 4}"

    out = {}
    for p in roster:
        for d in workdays:
            key = (p["nip"], d)
            if key in leave:
                jenis = leave[key]
                status = "CUTI" if jenis.startswith("CUTI_") or jenis == "CLTN" else jenis
                out[key] = (status, jenis if status == "CUTI" else None, None, None, None, None)
                continue
            if key not in taps:
                out[key] = ("TK", None, None, None, None, None)
                continue
            masuk_s, pulang_s = jadwal[d.isoweekday()]
            start = dt.datetime.combine(d, dt.time.fromisoformat(masuk_s))
            end = dt.datetime.combine(d, dt.time.fromisoformat(pulang_s))
            mid = start + (end - start) / 2
            before = [t for t in taps[key] if t < mid]
            after = [t for t in taps[key] if t >= mid]
            late = max(0, math.ceil((min(before) - start).total_seconds() / 60)) if before else None
            early = max(0, math.ceil((end - max(after)).total_seconds() / 60)) if after else None
            out[key] = ("HADIR", None, late, early, category(late, "TL"), category(early, "PSW"))
    return out


def run(stack: dict, landing: Path, month: str) -> dict:
    proc = subprocess.run(
        [KINERJA, "run", "--landing", str(landing), "--month", month],
        capture_output=True,
        text=True,
        timeout=1200,
        env=stack["env"],
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    summary = next(
        Path(line.split(":", 1)[1].strip()) for line in proc.stdout.splitlines() if line.startswith("summary:")
    )
    return json.loads(summary.read_text())


def checksums(url: str) -> dict:
    from kinerja.build.dbt import MARTS

    return {
        t: query(
            url, f"select count(*), md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from marts.{t} x"
        )[0]
        for t in MARTS
    }


def test_kinerja_run_tiny_month(stack, tiny_month):
    fresh_db = stack["url"]
    first = run(stack, tiny_month, "2026-03")
    assert first["ok"] and [d["state"] for d in first["dags"]] == ["success"] * 6
    assert [d["run_type"] for d in first["dags"]] == ["manual"] * 4 + ["asset_triggered", "manual"]
    # the chain ends with the monthly publication and its report files, named after it
    assert first["dags"][-1]["dag_id"] == "publish_monthly"
    assert sorted(Path(p).suffix for p in first["reports"]) == [".pdf", ".xlsx"]
    assert all("-202603-r1" in Path(p).name and Path(p).stat().st_size > 0 for p in first["reports"])
    loaded = {s["source"]: s for s in first["sources"]}
    manifest = json.loads((tiny_month / "_manifest.json").read_text())
    assert len(loaded) == 11
    assert sum(s["files_rejected"] for s in loaded.values()) == len(manifest["rejected_files"]) == 3
    assert sum(s["rows_quarantined"] for s in loaded.values()) == len(manifest["defects"])

    expected = expected_attendance(tiny_month)
    actual = {
        (nip, day): rest
        for nip, day, *rest in query(
            fresh_db,
            """
        select nip, tanggal, status_kehadiran, jenis_cuti, menit_terlambat, menit_pulang_cepat, kategori_tl, kategori_psw
          from marts.fct_kehadiran_harian""",
        )
    }
    assert len(actual) == len(expected) == 30 * 16
    mismatches = {
        k: (expected[k], tuple(actual.get(k, ()))) for k in expected if tuple(actual.get(k, ())) != expected[k]
    }
    assert not mismatches, list(mismatches.items())[:5]
    statuses = {s for s, *_ in expected.values()}
    assert {"HADIR", "TK", "CUTI"} <= statuses  # the month exercises leave, absence and lateness
    assert any(v[4] for v in expected.values()) and any(v[5] == "PSW4" for v in expected.values())

    # jam_masuk is stored as an instant: the WITA wall clock of the device, not WIB or UTC
    nip, day = next(k for k, v in expected.items() if v[0] == "HADIR" and v[2] is not None)
    jam_masuk = query(
        fresh_db, "select jam_masuk from marts.fct_kehadiran_harian where nip = %s and tanggal = %s", (nip, day)
    )[0][0]
    assert jam_masuk.astimezone(WITA).date() == day

    # rejected files are warnings: named in the task's log and in a notification; the run stays green
    notes = [json.loads(line) for line in (stack["home"] / "notifications.jsonl").read_text().splitlines()]
    warned = " ".join(" ".join(n["rincian"]) for n in notes if n["level"] == "PERINGATAN")
    for rejected in manifest["rejected_files"]:
        assert Path(rejected["file"] if isinstance(rejected, dict) else rejected).name in warned, (rejected, warned)
    logs = " ".join(p.read_text() for p in (stack["home"] / "airflow" / "logs").rglob("task_id=muat/attempt=1.log"))
    assert "REJECTED" in logs and "Data Docs:" in logs and "great_expectations" not in logs

    check_invariants(fresh_db)
    before = checksums(fresh_db)
    assert before["fct_kehadiran_harian"][0] == 480 and before["dim_pegawai"][0] == 30

    second = run(stack, tiny_month, "2026-03")
    assert second["ok"] and second["sources"] == []  # nothing new in the ledger
    transform, published = second["dags"][-2:]
    assert transform["run_type"] == "asset_triggered" and transform["state"] == "success"
    assert published["dag_id"] == "publish_monthly" and published["state"] == "success"
    assert checksums(fresh_db) == before
    # nothing changed: the publication is not repeated
    assert query(fresh_db, "select count(*), max(revisi) from laporan.publikasi")[0] == (1, 1)
    files = sum(s["files_loaded"] + s["files_rejected"] for s in first["sources"])
    assert query(fresh_db, "select count(*), count(distinct sha256) from ingest.ledger")[0] == (files, files)


# --- R7: faults while DAGs run -------------------------------------------------------------------


def _client(stack):
    from kinerja.stack.airflow_api import Airflow

    return Airflow(stack["api"], "admin", stack["password"])


def _month(tmp_path_factory, month: str) -> Path:
    from kinerja.synth.generator import generate

    out = tmp_path_factory.mktemp(f"landing_{month}")
    generate(scale="tiny", month=month, out=out, seed=7)
    return out


def _trigger_night(api, landing: Path):
    """The four nightly ingest DAGs for a landing folder, as `kinerja run` triggers them."""
    first = api.trigger(INGEST_DAGS[0], {"landing": str(landing)})
    assert api.wait(INGEST_DAGS[0], first, 600).state == "success"
    return [(INGEST_DAGS[0], first)] + [(d, api.trigger(d, {"landing": str(landing)})) for d in INGEST_DAGS[1:]]


def _transform_run(api, ingests) -> str:
    """The Asset-triggered transform run that includes these ingest runs (waits for them)."""
    # a scheduler restarted by supervisord first re-adopts its orphaned tasks: give the Asset trigger time
    found = transform_after(api, [api.wait(d, r, 900) for d, r in ingests], wait=600)
    assert found, "the transform was not triggered by the Assets"
    return found


def _wait_for_task(api, dag_id, run_id, prefix: str, timeout=300, states=("running",)) -> str:
    """Until a task whose id starts with `prefix` is in one of `states`; returns its id."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tis = api._get(f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances").get("task_instances", [])
        running = [t["task_id"] for t in tis if t["task_id"].startswith(prefix) and t["state"] in states]
        if running:
            return running[0]
        time.sleep(0.5)
    raise AssertionError(f"no {prefix}* task ran in {dag_id} {run_id}")


def clean_run(server_db: str, landings: list[Path]) -> dict:
    """The same files loaded and built without Airflow: what a run with faults must equal."""
    from kinerja.build.dbt import build
    from kinerja.run.ingest import ingest

    for landing in landings:
        ingest(landing)
    result = build()
    assert result.failed == 0, result.failures
    return checksums(server_db)


def test_r7_warehouse_restarted_while_dags_run(stack, tiny_month, tmp_path_factory, fresh_db):
    import time

    import psycopg

    april = _month(tmp_path_factory, "2026-04")
    api = _client(stack)
    # hold the plan's table so the transform's first task is inside a statement when the
    # warehouse goes down: its connection is cut mid-query, the task fails and must be retried
    blocker = psycopg.connect(stack["url"])
    blocker.execute("lock table ingest.bangun_ulang in access exclusive mode")
    ingests = _trigger_night(api, april)
    transform = _transform_run(api, ingests)
    deadline = time.monotonic() + 300
    while not query(stack["url"], "select count(*) from pg_stat_activity where wait_event_type = 'Lock'")[0][0]:
        assert time.monotonic() < deadline, "the transform never reached the warehouse"
        time.sleep(0.5)
    # an ingest DAG running at the same moment (nothing new to load: it must still end well)
    again = api.trigger("ingest_referensi", {"landing": str(april)})
    # with nothing new `muat` reads no file (unchanged path, size, time) and may be done within the poll
    _wait_for_task(api, "ingest_referensi", again, "muat", timeout=120, states=("running", "success"))
    # the warehouse restarts (fast shutdown: every connection cut, Airflow's metadata included)
    subprocess.run([stack["kinerja"], "stack", "restart", "warehouse"], env=stack["env"], check=True, timeout=120)
    blocker.close()

    done = api.wait("transform_warehouse", transform, 900)
    assert done.state == "success" and done.tries >= 2, done  # the failed task's retry succeeded
    assert api.wait("ingest_referensi", again, 600).state == "success"
    # the scheduler kept going: a new run is scheduled and finishes
    assert api.wait("ingest_layanan", api.trigger("ingest_layanan", {"landing": str(april)}), 300).state == "success"
    assert checksums(stack["url"]) == clean_run(fresh_db, [tiny_month, april])


def test_r7_scheduler_killed_mid_run(stack, tiny_month, tmp_path_factory, fresh_db):
    may = _month(tmp_path_factory, "2026-05")
    api = _client(stack)
    ingests = _trigger_night(api, may)
    _wait_for_task(api, "ingest_kehadiran", dict(ingests)["ingest_kehadiran"], "muat", timeout=300)
    conf = str(Path(stack["home"]) / "stack" / "supervisord.conf")
    pid = subprocess.run(
        [str(Path(sys.executable).parent / "supervisorctl"), "-c", conf, "pid", "airflow-scheduler"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(["kill", "-9", pid], check=True)  # supervisord starts a new scheduler

    assert all(api.wait(d, r, 900).state == "success" for d, r in ingests)
    assert api.wait("transform_warehouse", _transform_run(api, ingests), 900).state == "success"
    files = query(stack["url"], "select count(*), count(distinct sha256), count(distinct path) from ingest.ledger")[0]
    assert files[0] == files[1]  # nothing loaded twice
    assert checksums(stack["url"]) == clean_run(fresh_db, [tiny_month, _month(tmp_path_factory, "2026-04"), may])
