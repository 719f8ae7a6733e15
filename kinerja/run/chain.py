"""`kinerja run`: the whole chain through the Airflow DAGs with `airflow dags test`, Airflow's
metadata database under $KINERJA_HOME/airflow, then a summary of what the run did."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ingestion import ledger
from ingestion.sources import FAMILIES
from kinerja import warehouse
from kinerja.build import dbt as transform
from kinerja.build.dbt import MARTS
from kinerja.core import config
from kinerja.core.errors import KinerjaError


@dataclass
class DagRun:
    dag_id: str
    state: str  # Airflow's final state of the run: success / failed
    seconds: float


@dataclass
class SourceCounts:
    """What the run's new batches of one source did."""

    source: str
    files_loaded: int
    files_rejected: int
    rows_loaded: int
    rows_quarantined: int
    files_blocked: int


@dataclass
class RunSummary:
    """`kinerja run`'s result; written as JSON to $KINERJA_HOME/out/run_<month>.json."""

    ok: bool
    month: str
    landing: str
    seconds: float
    warehouse: str
    airflow_log: str
    dags: list[DagRun] = field(default_factory=list)
    sources: list[SourceCounts] = field(default_factory=list)
    tables: dict[str, int | None] = field(default_factory=dict)  # marts table -> rows (None: not built)
    reports: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def airflow_env(landing: Path | None = None, month: str | None = None) -> dict[str, str]:
    home = config.airflow_home()
    env = dict(os.environ)
    env.update(transform.dbt_env())
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(config.DAGS_DIR),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Asia/Jakarta",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": env.get(
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{home}/airflow.db"
            ),
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "KINERJA_HOME": str(config.home()),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    if landing:
        env["KINERJA_LANDING"] = str(landing)
    if month:
        env["KINERJA_TANGGAL_SAMPAI"] = transform.month_vars(month)["tanggal_sampai"]
    return env


def _airflow(args: list[str], env: dict, log: Path) -> int:
    with log.open("a") as fh:
        fh.write(f"\n$ airflow {' '.join(args)}\n")
        fh.flush()
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "airflow"), *args],
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            cwd=config.home(),
        )
    return proc.returncode


def ensure_airflow_db(env: dict, log: Path) -> None:
    # the version from package metadata: importing airflow here would configure its logging
    marker = config.airflow_home() / f".migrated-{version('apache-airflow')}"
    if marker.exists():
        return
    config.airflow_home().mkdir(parents=True, exist_ok=True)
    if _airflow(["db", "migrate"], env, log) != 0:
        raise KinerjaError(f"`airflow db migrate` failed; see {log}")
    marker.touch()


def infer_month(landing: Path) -> str:
    """The month of a generated landing folder, else last month."""
    manifest = landing / "_manifest.json"
    if manifest.exists():
        return json.loads(manifest.read_text())["month"]
    first = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def _dag_state(dag_id: str, log: Path, offset: int) -> str:
    """The final state `airflow dags test` logged for this run (the log past `offset`)."""
    with log.open() as fh:
        fh.seek(offset)
        text = fh.read()
    found = re.findall(rf"DagRun Finished: dag_id={re.escape(dag_id)},.*?state=(\w+)", text)
    return found[-1] if found else "failed"


def run_chain(landing: Path, month: str | None, out: Path | None, console: Console) -> RunSummary:
    started = time.monotonic()
    month = month or infer_month(landing)
    warehouse.start()
    run_dir = config.home() / "runs" / dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    run_dir.mkdir(parents=True, exist_ok=True)
    log = run_dir / "airflow.log"
    env = airflow_env(landing, month)

    with warehouse.connect(autocommit=True) as conn:
        ledger.ensure_schema(conn)
        last_batch = conn.execute("select coalesce(max(batch_id), 0) from ingest.ledger").fetchone()[0]

    steps: list[tuple[str, str, float]] = []
    with console.status("preparing Airflow and the dbt manifest…"):
        ensure_airflow_db(env, log)
        transform.parse()
    dag_ids = [f"ingest_{f}" for f in FAMILIES] + ["transform_warehouse"]
    ok = True
    for dag_id in dag_ids:
        t0 = time.monotonic()
        with console.status(f"airflow dags test {dag_id}…"):
            conf = json.dumps({"landing": str(landing)}) if dag_id.startswith("ingest_") else "{}"
            offset = log.stat().st_size if log.exists() else 0
            code = _airflow(["dags", "test", dag_id, "--conf", conf], env, log)
            state = _dag_state(dag_id, log, offset) if code == 0 else "failed"
        steps.append((dag_id, state, time.monotonic() - t0))
        console.print(f"  {dag_id:<22} {state:<8} {time.monotonic() - t0:6.1f} s", highlight=False)
        if state != "success":
            ok = False
            break

    summary = summarize(last_batch, month, landing, steps, ok, time.monotonic() - started, log)
    out_dir = out or (config.home() / "out")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary_path = out_dir / f"run_{month}.json"
    summary_path.write_text(json.dumps(summary.to_dict(), indent=2, default=str) + "\n")
    print_summary(summary, summary_path, console)
    return summary


def summarize(
    last_batch: int, month: str, landing: Path, steps: list[tuple[str, str, float]], ok: bool, seconds: float, log: Path
) -> RunSummary:
    with warehouse.connect(autocommit=True) as conn:
        per_source = conn.execute(
            """select source, count(*) filter (where status = 'LOADED'), count(*) filter (where status = 'REJECTED'),
                      coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0),
                      count(*) filter (where status = 'BLOCKED')
                 from ingest.ledger where batch_id > %s group by source order by source""",
            (last_batch,),
        ).fetchall()
        tables = {}
        for name in MARTS:
            exists = conn.execute("select to_regclass(%s)", (f"marts.{name}",)).fetchone()[0]
            tables[name] = conn.execute(f"select count(*) from marts.{name}").fetchone()[0] if exists else None
    return RunSummary(
        ok=ok,
        month=month,
        landing=str(landing),
        seconds=round(seconds, 1),
        warehouse=warehouse.url(),
        airflow_log=str(log),
        dags=[DagRun(d, s, round(t, 1)) for d, s, t in steps],
        sources=[SourceCounts(*row) for row in per_source],
        tables=tables,
    )


def print_summary(summary: RunSummary, path: Path, console: Console) -> None:
    table = Table(
        "source",
        "files loaded",
        "files rejected",
        "files blocked",
        "rows loaded",
        "rows quarantined",
        title=f"kinerja run {summary.month}: {'completed' if summary.ok else 'FAILED'} in {summary.seconds:.0f} s",
    )
    for s in summary.sources:
        table.add_row(
            s.source,
            str(s.files_loaded),
            str(s.files_rejected),
            str(s.files_blocked),
            f"{s.rows_loaded:,}",
            f"{s.rows_quarantined:,}",
        )
    if summary.sources:
        console.print(table)
    else:
        print(
            f"kinerja run {summary.month}: completed in {summary.seconds:.0f} s; no new files "
            "(everything in the landing folder was loaded before)"
        )
    built = Table("table (schema marts)", "rows", title="tables built")
    for name, rows in summary.tables.items():
        built.add_row(name, "not built" if rows is None else f"{rows:,}")
    console.print(built)
    # plain print: paths must not be wrapped by the console width
    print(
        f"warehouse:   {summary.warehouse}\nsummary:     {path}\nairflow log: {summary.airflow_log}\n"
        "reports:     none yet (publication comes with `kinerja publish`)"
    )
