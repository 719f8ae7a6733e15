"""`kinerja run`: the whole chain through the real Airflow scheduler — the stack is started when
it is not up, the nightly ingest DAGs are triggered through the REST API, the transform starts on
its own when their Assets are updated (run type `asset_triggered`), and the summary records each
DAG run: run_id, run type, state, tries and seconds."""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table

from ingestion import ledger
from ingestion.sources import FAMILIES
from kinerja import warehouse
from kinerja.build.dbt import MARTS
from kinerja.core import config
from kinerja.stack import processes
from kinerja.stack.airflow_api import Airflow, DagRun

INGEST_DAGS = [f"ingest_{f}" for f in FAMILIES]
TRANSFORM_DAG = "transform_warehouse"
PUBLISH_DAG = "publish_monthly"


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
    airflow_ui: str
    dags: list[DagRun] = field(default_factory=list)
    sources: list[SourceCounts] = field(default_factory=list)
    tables: dict[str, int | None] = field(default_factory=dict)  # marts table -> rows (None: not built)
    reports: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def infer_month(landing: Path) -> str:
    """The month of a generated landing folder, else last month."""
    manifest = landing / "_manifest.json"
    if manifest.exists():
        return json.loads(manifest.read_text())["month"]
    first = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def _show(console: Console):
    def show(run: DagRun) -> None:
        console.print(f"  {run.dag_id:<22} {run.run_type:<16} {run.state}", highlight=False)

    return show


def closed(month: str, today: dt.date | None = None) -> bool:
    """A month can be published once it has ended (Jakarta's date)."""
    today = today or dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    return dt.datetime.strptime(month, "%Y-%m").date() < today.replace(day=1)


def transform_after(api: Airflow, ingest_runs: list[DagRun], wait: float = 180) -> str | None:
    """The transform run that includes these ingest runs' data. We do not trigger it: the scheduler
    starts it once every family's Asset was updated. A run created before the last of our Asset
    updates (e.g. from the stack's own scheduled runs) would miss some of the data, so the first
    run created after the last `muat` ended is the one; while another transform runs, the
    scheduler creates it only when that one has finished."""
    ends = [api.task_end(r.dag_id, r.run_id, "muat") for r in ingest_runs if r.state == "success"]
    if not ends or None in ends:  # a load failed: its Asset was not updated, no transform follows
        return None
    since = max(ends)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = api.runs_since(TRANSFORM_DAG, since, run_type="asset_triggered")
        if found:
            return found[0]
        time.sleep(2)
    return None


def run_chain(
    landing: Path, month: str | None, out: Path | None, console: Console, timeout: float = 3600
) -> RunSummary:
    started = time.monotonic()
    month = month or infer_month(landing)
    with console.status("starting the stack (warehouse, Airflow api-server, scheduler, dag-processor, triggerer)…"):
        stack = processes.up(landing)
    api = Airflow(stack.url, stack.user, stack.password)
    api.wait_for_dags([*INGEST_DAGS, TRANSFORM_DAG, PUBLISH_DAG])
    with warehouse.connect(autocommit=True, role="loader") as conn:
        ledger.ensure_schema(conn)
        last_batch = conn.execute("select coalesce(max(batch_id), 0) from ingest.ledger").fetchone()[0]

    show = _show(console)
    for dag_id in [*INGEST_DAGS, TRANSFORM_DAG, PUBLISH_DAG]:
        api.unpause(dag_id)
    # reference data first, as the nightly schedule does (00:30 before 01:00), then the events together
    first, *events = INGEST_DAGS
    runs = [api.wait(first, api.trigger(first, {"landing": str(landing)}), timeout, show)]
    triggered = [(dag_id, api.trigger(dag_id, {"landing": str(landing)})) for dag_id in events]
    runs += [api.wait(dag_id, run_id, timeout, show) for dag_id, run_id in triggered]
    transform = transform_after(api, runs, wait=timeout)
    if transform:
        runs.append(api.wait(TRANSFORM_DAG, transform, timeout, show))
    ok = transform is not None and all(r.state == "success" for r in runs)
    reports: list[str] = []
    if ok and closed(month):
        # the monthly publication, as its schedule would run it after the grace period
        published = api.wait(PUBLISH_DAG, api.trigger(PUBLISH_DAG, {"month": month}), timeout, show)
        runs.append(published)
        ok = published.state == "success"
        reports = sorted(str(p) for p in (config.home() / "laporan" / month).glob("laporan_kinerja_*"))
    elif ok:
        console.print(f"{month} has not closed yet: no publication (publish_monthly runs after it closes)")

    summary = summarize(last_batch, month, landing, runs, ok, time.monotonic() - started, stack.url)
    summary.reports = reports
    out_dir = out or (config.home() / "out")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary_path = out_dir / f"run_{month}.json"
    summary_path.write_text(json.dumps(summary.to_dict(), indent=2, default=str) + "\n")
    print_summary(summary, summary_path, console, stack)
    return summary


def summarize(
    last_batch: int, month: str, landing: Path, runs: list[DagRun], ok: bool, seconds: float, ui: str
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
        airflow_ui=ui,
        dags=runs,
        sources=[SourceCounts(*row) for row in per_source],
        tables=tables,
    )


def print_summary(summary: RunSummary, path: Path, console: Console, stack: processes.Stack) -> None:
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
    runs = Table("DAG", "run_id", "type", "state", "tries", "seconds", title="DAG runs")
    for r in summary.dags:
        runs.add_row(r.dag_id, r.run_id, r.run_type, r.state, str(r.tries), f"{r.seconds or 0:.0f}")
    console.print(runs)
    print(
        f"warehouse:   {summary.warehouse}\nsummary:     {path}\n"
        f"airflow UI:  {stack.url}  login {stack.user} / {stack.password}  (the stack keeps running: "
        "`kinerja stack down` stops it)\n"
        f"logs:        {processes.stack_dir() / 'logs'}; task logs under {config.airflow_home() / 'logs'}"
    )
    if summary.reports:
        print("reports:     " + "\n             ".join(summary.reports))
        print("             (`kinerja explain --nip N --month M` tells why an employee's predikat is what it is)")
    else:
        print("reports:     none (the month was not published)")
