"""Transform: build the warehouse with dbt when the nightly raw Assets of every family are updated.

`prepare` refreshes the national calendar and plans the rebuild window (which dates the
incremental models redo, and the calendar's last day, derived from the data: no wrapper sets it);
when nothing changed since the last successful build it skips the rest.
Then astronomer-cosmos runs one `dbt build` per layer — seeds, staging, then intermediate and marts —
so every model's tests run right after it, and each layer pays dbt's start-up once instead of once
per model (a per-model task spent ~1 min 45 s parsing before any SQL). A failed layer's retry
rebuilds that layer: every model is a table or a date-window replace, so a rerun is idempotent.
`commit` then records the window, so the next build starts from this one.
"""

from __future__ import annotations

import logging

import pendulum
from airflow.sdk import TaskGroup, dag, task
from cosmos import ProfileConfig
from cosmos.constants import InvocationMode
from cosmos.operators.local import DbtBuildLocalOperator

from ingestion.sources import FAMILIES
from kinerja.build import dbt as build
from kinerja.core import config, env
from kinerja.run.assets import raw_asset
from kinerja.run.notify import on_failure

# dbt's profile reads KINERJA_PG*: derived from KINERJA_DATABASE_URL in every process that parses
# this file (scheduler, task runner), whoever started it. No I/O.
env.export_dbt_connection()
log = logging.getLogger("kinerja")

PROFILE = ProfileConfig(
    profile_name="kinerja", target_name="warehouse", profiles_yml_filepath=config.DBT_PROJECT_DIR / "profiles.yml"
)
# in dependency order: some intermediate models read marts (a unit's service figures feed the
# employee's), so the two build as one step
LAYERS = {
    "seeds": ["resource_type:seed"],
    "staging": ["path:models/staging"],
    "marts": ["path:models/intermediate", "path:models/marts"],
}
# Cosmos keeps dbt's partial-parse file here between tasks: without it every task parses the
# whole project again (~12 s each on two cores)
COSMOS_CACHE = config.home() / "dbt" / "cosmos_cache"

all_raw = raw_asset(next(iter(FAMILIES)))
for _family in list(FAMILIES)[1:]:
    all_raw = all_raw & raw_asset(_family)


@dag(
    dag_id="transform_warehouse",
    schedule=all_raw,
    start_date=pendulum.datetime(2026, 1, 1, tz="Asia/Jakarta"),
    catchup=False,
    max_active_runs=1,
    tags=["kinerja", "dbt"],
    default_args={"retries": 2, "retry_delay": pendulum.duration(seconds=30), "on_failure_callback": on_failure},
    on_failure_callback=on_failure,
    doc_md=__doc__,
)
def transform_warehouse():
    @task.short_circuit
    def prepare() -> bool:
        """Calendar refresh and rebuild window; nothing changed since the last build (a night
        with no new file) -> the layers are skipped and the marts stay as they are."""
        rencana = build.prepare()
        log.info("calendar through %s; rebuild from %s; changed: %s", rencana.sampai, rencana.sejak, rencana.berubah)
        return rencana.berubah

    with TaskGroup("dbt", tooltip="one dbt build per layer, tests after each model") as dbt:
        previous = None
        for layer, select in LAYERS.items():
            step = DbtBuildLocalOperator(
                task_id=layer,
                project_dir=config.DBT_PROJECT_DIR,
                profile_config=PROFILE,
                select=select,
                install_deps=False,
                invocation_mode=InvocationMode.DBT_RUNNER,
                cache_dir=COSMOS_CACHE,
                emit_datasets=False,  # the raw Assets schedule the work; per-model Assets are noise here
            )
            if previous is not None:
                previous >> step
            previous = step

    @task
    def commit() -> None:
        """Every layer built: the next run's incremental window is measured from here."""
        build.commit()

    prepare() >> dbt >> commit()


transform_warehouse()
