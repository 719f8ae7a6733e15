"""Nightly ingestion, one DAG per source family (referensi, kehadiran, layanan, kinerja).

Each DAG loads the new files of its sources from the landing folder into `raw` (COPY, ledger,
Great Expectations gate) and ends by updating the family's Asset, which schedules the transform
DAG. The work is in `kinerja.run.ingest`; this file only wires it. No I/O at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pendulum
from airflow.sdk import Param, dag, task

from ingestion.sources import FAMILIES
from kinerja.run.assets import raw_asset
from kinerja.run.ingest import ingest, raise_if_blocked

NIGHTLY = "0 1 * * *"  # 01:00 WIB, after devices and helpdesks have exported the day
START = pendulum.datetime(2026, 1, 1, tz="Asia/Jakarta")


def make_ingest_dag(family: str, sources: tuple[str, ...]):
    @dag(
        dag_id=f"ingest_{family}",
        schedule=NIGHTLY,
        start_date=START,
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
        default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=1)},
        doc_md=__doc__,
    )
    def ingest_family():
        """Load the family's new files into raw and update the family's Asset."""

        @task(outlets=[raw_asset(family)])
        def load(source_names: list[str], params: dict | None = None) -> list[dict]:
            results = ingest(Path(params["landing"]), sources=source_names)
            raise_if_blocked(source_names)  # a batch rule failed: fail visibly, the rest is loaded
            # small summary only: one line per file
            return [
                {
                    k: r.to_dict()[k]
                    for k in ("source", "path", "status", "rows_read", "rows_loaded", "rows_quarantined", "reason")
                }
                for r in results
            ]

        load(list(sources))

    return ingest_family()


for _family, _sources in FAMILIES.items():
    globals()[f"ingest_{_family}"] = make_ingest_dag(_family, _sources)
