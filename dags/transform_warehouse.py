"""Transform: build the warehouse with dbt when the nightly raw Assets of every family are updated.

The dbt project runs through astronomer-cosmos, one task per model (`dbt build` of the model, so its
tests run right after it). Cosmos reads the dbt manifest (`kinerja transform --parse` writes it), so
importing this file touches neither the database nor the network.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, task
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior

from ingestion.sources import FAMILIES
from kinerja.build import dbt as build
from kinerja.core import config
from kinerja.run.assets import raw_asset

DBT_PROJECT = config.DBT_PROJECT_DIR
MANIFEST = config.dbt_target_dir() / "manifest.json"

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
    default_args={"retries": 2, "retry_delay": pendulum.duration(minutes=1)},
    doc_md=__doc__,
)
def transform_warehouse():
    """Calendar refresh and rebuild window, the dbt models staging to marts, then the window is committed."""

    @task
    def prepare() -> int:
        build.prepare()
        return 0

    dbt = DbtTaskGroup(
        group_id="dbt",
        project_config=ProjectConfig(DBT_PROJECT, manifest_path=MANIFEST, install_dbt_deps=False),
        profile_config=ProfileConfig(
            profile_name="kinerja", target_name="warehouse", profiles_yml_filepath=DBT_PROJECT / "profiles.yml"
        ),
        execution_config=ExecutionConfig(invocation_mode=InvocationMode.DBT_RUNNER),
        # tests spanning two models (relationships) run as their own task once both exist
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.BUILD,
            should_detach_multiple_parents_tests=True,
        ),
        operator_args={"install_deps": False},
    )

    @task
    def commit() -> int:
        """Every model built: the next run's incremental window is measured from here."""
        build.commit()
        return 0

    prepare() >> dbt >> commit()


transform_warehouse()
