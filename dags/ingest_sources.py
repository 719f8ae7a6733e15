"""Nightly ingestion, one DAG per source family (referensi, kehadiran, layanan, kinerja).

`muat` loads the family's new files from the landing folder into `raw` (COPY, ledger, Great
Expectations gate), logs one line per file (status, rows, reason, Data Docs page) and updates the
family's Asset, which schedules the transform DAG. Reference data runs first (00:30, the events at
01:00): an event row is checked against the roster and units already loaded, and a late roster
releases the rows it makes known (`quarantine retry`). `periksa` then judges the night:

- a BLOCKED batch (a batch rule failed; its rows are withheld) fails the task, without retries
  (a retry would find the same file): the run is red and a notification goes out;
- a REJECTED file (unreadable; nothing of it loaded), a silent source, unit or device, or an
  unusual quarantine share is a warning: logged, notified, shown by `kinerja status`; the run
  stays green because the rest of the night was loaded as it should be.

The work is in `kinerja.run.ingest`; this file only wires it. No I/O at import time.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pendulum
from airflow.sdk import CronTriggerTimetable, Param, dag, task
from airflow.sdk.exceptions import AirflowFailException

from ingestion.sources import FAMILIES
from kinerja.run import notify
from kinerja.run.assets import raw_asset
from kinerja.run.ingest import BatchBlocked, ingest, night_verdict, report_lines, retry_quarantine

NIGHTLY = "0 1 * * *"  # 01:00 WIB, after devices and helpdesks have exported the day
# reference data first: an event row is checked against the roster and units loaded before it
SCHEDULE = {"referensi": "30 0 * * *"}
log = logging.getLogger("kinerja")


def make_ingest_dag(family: str, sources: tuple[str, ...]):
    @dag(
        dag_id=f"ingest_{family}",
        # no start_date: a stack started at 09:00 waits for tonight instead of running this
        # morning's missed night at once (all families together, out of order); files are never
        # lost, the next night loads whatever is new
        schedule=CronTriggerTimetable(SCHEDULE.get(family, NIGHTLY), timezone="Asia/Jakarta"),
        catchup=False,
        max_active_runs=1,
        tags=["kinerja", "ingest"],
        params={
            "landing": Param(
                os.environ.get("KINERJA_LANDING", "/opt/kinerja/landing"),
                type="string",
                description="landing folder: <landing>/<source>/**/<file>",
            )
        },
        default_args={
            "retries": 2,
            "retry_delay": pendulum.duration(seconds=30),
            "on_failure_callback": notify.on_failure,
        },
        doc_md=__doc__,
    )
    def ingest_family():
        @task(outlets=[raw_asset(family)])
        def muat(source_names: list[str], params: dict | None = None) -> list[dict]:
            """Load the family's new files into raw; one log line per file."""
            results = ingest(Path(params["landing"]), sources=source_names)
            for line in report_lines(results):  # REJECTED and BLOCKED lines as warnings: the log filter finds them
                (log.warning if line.startswith(("REJECTED", "BLOCKED")) else log.info)(line)
            # a new roster or unit list: rows of employees/units unknown until now go through
            if family == "referensi" and any(r.status == "LOADED" for r in results):
                retried = retry_quarantine()
                log.info(
                    "quarantine retry: %s rows loaded, %s still quarantined", retried.loaded, retried.still_quarantined
                )
            keep = ("source", "path", "status", "rows_read", "rows_loaded", "rows_quarantined", "reason", "batch_id")
            # a small summary only: the night's new files
            return [{k: r.to_dict()[k] for k in keep} for r in results if r.status != "SKIPPED"]

        # retried like muat when the warehouse is away; a blocked batch raises AirflowFailException,
        # which fails the task at once (a retry would find the same file)
        @task
        def periksa(source_names: list[str], results: list[dict], dag_run=None) -> None:
            """Rejected files and silence are warnings; a blocked batch fails the run."""
            verdict = night_verdict(source_names, results)
            where = {"dag_id": f"ingest_{family}", "run_id": dag_run.run_id if dag_run else None}
            if verdict.rejected:
                for line in verdict.rejected:
                    log.warning("REJECTED %s", line)
                notify.send(
                    "PERINGATAN", f"ingest_{family}: {len(verdict.rejected)} berkas ditolak", verdict.rejected, **where
                )
            if verdict.warnings:
                for line in verdict.warnings:
                    log.warning("SENYAP %s", line)
                notify.send(
                    "PERINGATAN", f"ingest_{family}: {len(verdict.warnings)} peringatan", verdict.warnings, **where
                )
            if verdict.blocked:
                message = f"{len(verdict.blocked)} batch diblokir dari marts: " + "; ".join(verdict.blocked)
                raise AirflowFailException(
                    f"{message}. Inspect the Data Docs page, then correct the file or "
                    "`kinerja quarantine release BATCH_ID --note WHY`."
                ) from BatchBlocked(message)
            if not (verdict.rejected or verdict.warnings):
                log.info("semua berkas dimuat; tidak ada peringatan")

        names = list(sources)
        periksa(names, muat(names))

    return ingest_family()


for _family, _sources in FAMILIES.items():
    globals()[f"ingest_{_family}"] = make_ingest_dag(_family, _sources)
