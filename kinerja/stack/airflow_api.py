"""The Airflow REST API (v2) as `kinerja run` uses it: a client of the running stack, like the UI,
not an in-process shortcut. The token comes from the simple auth manager's login."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import httpx

from kinerja.core.errors import KinerjaError

FINISHED = ("success", "failed")


@dataclass
class DagRun:
    dag_id: str
    run_id: str
    run_type: str  # scheduled / manual / asset_triggered / backfill
    state: str  # queued / running / success / failed
    tries: int  # the most attempts any task of the run took
    seconds: float | None
    queued_at: str | None = None


class Airflow:
    def __init__(self, base: str, user: str, password: str):
        self.base = base
        token = httpx.post(f"{base}/auth/token", json={"username": user, "password": password}, timeout=30)
        if token.status_code >= 400:
            raise KinerjaError(f"Airflow refused the login for {user}: {token.status_code} {token.text[:200]}")
        self.http = httpx.Client(
            base_url=f"{base}/api/v2", headers={"Authorization": f"Bearer {token.json()['access_token']}"}, timeout=30
        )

    def _get(self, path: str, **params) -> dict:
        r = self.http.get(path, params=params)
        r.raise_for_status()
        return r.json()

    def wait_for_dags(self, dag_ids: list[str], timeout: float = 300) -> None:
        """Until the dag-processor has parsed these DAGs (a fresh stack needs a few seconds)."""
        deadline = time.monotonic() + timeout
        missing = list(dag_ids)
        while time.monotonic() < deadline:
            missing = [d for d in dag_ids if self.http.get(f"/dags/{d}").status_code != 200]
            if not missing:
                return
            time.sleep(2)
        errors = self._get("/importErrors").get("import_errors", [])
        detail = "; ".join(f"{e['filename']}: {e['stack_trace'][-300:]}" for e in errors) or "no import errors"
        raise KinerjaError(f"DAGs not parsed after {timeout:.0f} s: {', '.join(missing)} ({detail})")

    def unpause(self, dag_id: str) -> None:
        self.http.patch(f"/dags/{dag_id}", json={"is_paused": False}).raise_for_status()

    def trigger(self, dag_id: str, conf: dict | None = None) -> str:
        r = self.http.post(f"/dags/{dag_id}/dagRuns", json={"logical_date": None, "conf": conf or {}})
        if r.status_code >= 400:
            raise KinerjaError(f"Airflow did not start {dag_id}: {r.status_code} {r.text[:300]}")
        return r.json()["dag_run_id"]

    def run(self, dag_id: str, run_id: str) -> DagRun:
        body = self._get(f"/dags/{dag_id}/dagRuns/{run_id}")
        tis = self._get(f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", limit=1000).get("task_instances", [])
        start, end = body.get("start_date"), body.get("end_date")
        seconds = None
        if start and end:
            seconds = round((dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds(), 1)
        return DagRun(
            dag_id=dag_id,
            run_id=run_id,
            run_type=body.get("run_type", "?"),
            state=body.get("state", "?"),
            tries=max((ti.get("try_number") or 0 for ti in tis), default=0),
            seconds=seconds,
            queued_at=body.get("queued_at"),
        )

    def task_end(self, dag_id: str, run_id: str, task_id: str) -> dt.datetime | None:
        ti = self._get(f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}")
        return dt.datetime.fromisoformat(ti["end_date"]) if ti.get("end_date") else None

    def runs_since(self, dag_id: str, since: dt.datetime, run_type: str | None = None) -> list[str]:
        """run_ids of the DAG's runs queued after `since`, oldest first."""
        params = {"order_by": "run_after", "limit": 100, "run_after_gte": since.isoformat()}
        if run_type:
            params["run_type"] = run_type
        return [r["dag_run_id"] for r in self._get(f"/dags/{dag_id}/dagRuns", **params).get("dag_runs", [])]

    def wait(self, dag_id: str, run_id: str, timeout: float, on_change=None) -> DagRun:
        """Until the run finishes (success or failed)."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                run = self.run(dag_id, run_id)
            except httpx.HTTPError:  # the api-server restarting (e.g. with the warehouse): ask again
                time.sleep(3)
                continue
            if on_change and run.state != last:
                on_change(run)
                last = run.state
            if run.state in FINISHED:
                return run
            time.sleep(2)
        raise KinerjaError(f"{dag_id} run {run_id} did not finish in {timeout:.0f} s")
