"""dbt builds of the warehouse. The same profile serves `kinerja transform` (dbtRunner, in
process) and the Airflow transform DAG (astronomer-cosmos): both read the connection from the
KINERJA_PG* variables that kinerja/core/env.py derives from the warehouse URL."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ingestion import ledger
from kinerja import warehouse
from kinerja.core import config, env
from kinerja.core.errors import KinerjaError

from . import bangun_ulang, kalender

# the published tables (docs/published.md), in the order a reader meets them
MARTS = (
    "dim_unit_kerja",
    "dim_pegawai",
    "fct_kehadiran_harian",
    "fct_disiplin_bulanan",
    "fct_tiket_layanan",
    "fct_ikm_unit",
    "fct_perilaku_bulanan",
    "fct_layanan_bulanan",
    "fct_kinerja_pegawai_bulanan",
    "fct_kinerja_unit_bulanan",
)


@dataclass
class BuildResult:
    """What one `dbt build` did: nodes passed (warnings included), failed and skipped."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)  # "<node>: <dbt's message>", one per failed node


def dbt_env() -> dict[str, str]:
    """dbt's connection variables for the warehouse in use (kinerja/core/env.py derives them)."""
    return {
        **env.dbt_connection(warehouse.url(role="transformer")),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }


def month_vars(month: str | None) -> dict:
    """dbt vars for a month: attendance is built through its last day, or through yesterday while
    the month is still running (never mark days not yet reported as absent)."""
    if not month:
        return {}
    year, mon = (int(x) for x in month.split("-"))
    last = dt.date(year, mon, calendar.monthrange(year, mon)[1])
    today = dt.date.today()
    if last >= today and (year, mon) == (today.year, today.month):
        last = today - dt.timedelta(days=1)
    return {"tanggal_sampai": last.isoformat()}


def prepare(tanggal_sampai: str | None = None, plan: bool = True) -> bangun_ulang.Rencana | None:
    """What dbt needs before a build: the ledger and raw tables, the national calendar, statistics
    of new batches, and (plan) the dates the incremental attendance models rebuild, the calendar's
    last day, and whether anything changed since the last build (the plan, returned)."""
    with warehouse.connect(autocommit=True, role="loader") as conn:
        ledger.ensure_schema(conn)
        kalender.refresh(conn)
        ledger.analyze_new_partitions(conn)
        if not plan:
            return None
        return bangun_ulang.plan(conn, tanggal_sampai)


def commit() -> None:
    """After a whole, successful build: the next build's window is measured from this one."""
    with warehouse.connect(autocommit=True, role="loader") as conn:
        bangun_ulang.commit(conn)


def dbt_args(*command: str, vars: dict | None = None) -> list[str]:
    args = [
        *command,
        "--project-dir",
        str(config.DBT_PROJECT_DIR),
        "--profiles-dir",
        str(config.DBT_PROJECT_DIR),
        "--target-path",
        str(config.dbt_target_dir()),
        "--log-path",
        str(config.dbt_target_dir().parent / "logs"),
    ]
    if vars:
        args += ["--vars", json.dumps(vars)]
    return args


def build(select: str | None = None, full_refresh: bool = False, month: str | None = None) -> BuildResult:
    from dbt.cli.main import dbtRunner  # dbt takes seconds to import: only when a build runs

    vars = month_vars(month)
    prepare(vars.get("tanggal_sampai"))
    os.environ.update(dbt_env())
    args = dbt_args("build", vars=vars) + ["--quiet"]
    if select:
        args += ["--select", select]
    if full_refresh:
        args.append("--full-refresh")
    res = dbtRunner().invoke(args)
    if res.exception is not None:
        raise KinerjaError(f"dbt could not run: {res.exception}")
    result = BuildResult()
    for r in res.result or []:
        status = str(r.status).lower()
        if status == "no-op":  # exposures: documentation nodes, nothing to run
            continue
        if status in ("success", "pass", "warn"):
            result.passed += 1
        elif status == "skipped":
            result.skipped += 1
        else:
            result.failed += 1
            result.failures.append(f"{r.node.name}: {r.message}")
    if not result.failures and not select:  # a partial build leaves the window to the next whole one
        commit()
    return result


def parse() -> None:
    """Write the dbt manifest the Airflow transform DAG renders its tasks from."""
    from dbt.cli.main import dbtRunner  # dbt takes seconds to import: only when it runs

    os.environ.update(dbt_env())
    res = dbtRunner().invoke(dbt_args("parse") + ["--quiet"])
    if not res.success:
        raise KinerjaError(f"dbt parse failed: {res.exception or 'see the dbt log under $KINERJA_HOME/dbt/logs'}")


def docs() -> Path:
    """`dbt docs generate --static`: one self-contained HTML page (models, columns, lineage,
    exposures) that opens from disk, no server needed. Returns its path."""
    from dbt.cli.main import dbtRunner  # dbt takes seconds to import: only when it runs

    prepare(plan=False)  # no build follows: leave the rebuild window alone
    os.environ.update(dbt_env())
    res = dbtRunner().invoke(dbt_args("docs", "generate", "--static") + ["--quiet"])
    if not res.success:
        raise KinerjaError(
            f"dbt docs generate failed: {res.exception or 'see the dbt log under $KINERJA_HOME/dbt/logs'}"
        )
    return config.dbt_target_dir() / "static_index.html"
