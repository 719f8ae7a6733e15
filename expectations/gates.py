"""Great Expectations as the single source of the validation rules.

Each source has one suite (suites/<source>.json). A suite's expectations carry `meta`:
`level` row (the failing rows are quarantined with `rule` and `message`) or batch (the batch is
BLOCKED from the marts); `meta.derived` in the suite defines the computed columns some rules look
at (parsed dates, NIP checks, lookups against the loaded roster and units, duplicate ranks).
Validation runs inside PostgreSQL on the batch's own raw partition; GX reports failing rows by
their `_line` (unexpected_index_column_names)."""

from __future__ import annotations

import copy
import html
import json
import logging
import re
import statistics
import warnings
from functools import cache
from pathlib import Path

import psycopg
from psycopg import sql

from ingestion import ledger
from ingestion.ledger import FileResult
from ingestion.sources import SOURCES
from ingestion.validation import Verdict
from kinerja import warehouse
from kinerja.core import config

SUITES_DIR = Path(__file__).resolve().parent / "suites"
MIN_HISTORY = 3  # earlier batches needed before the volume rule applies
VOLUME_BAND = (0.2, 5.0)  # allowed ratio to the median of earlier batches


@cache
def suite_definition(source: str) -> dict:
    return json.loads((SUITES_DIR / f"{source}.json").read_text())


def batch_query(conn: psycopg.Connection, source: str, relation: sql.Composable) -> str:
    """The batch as GX sees it: trimmed contract columns plus the suite's derived columns."""
    trimmed = ", ".join(f'nullif(btrim("{c}"), \'\') as "{c}"' for c in SOURCES[source].raw_columns)
    query = f"select _line, {trimmed} from {relation.as_string(conn)}"
    # A derived column may use earlier ones (a parsed timestamp that two rules look at): those go
    # in an outer layer, fenced with `offset 0` so PostgreSQL computes each expression once per row.
    layers: list[list[tuple[str, str]]] = [[]]
    for name, expr in suite_definition(source)["meta"].get("derived", {}).items():
        if any(re.search(rf"\b{re.escape(n)}\b", expr) for n, _ in layers[-1]):
            layers.append([])
        layers[-1].append((name, expr))
    for k, layer in enumerate(x for x in layers if x):
        extra = "".join(f', ({expr}) as "{name}"' for name, expr in layer)
        query = f"select t{k}.*{extra} from ({query} offset 0) t{k}"
    return query


def _expectations_for(source: str, rows: int, history: list[int]) -> list[dict]:
    out = []
    for exp in suite_definition(source)["expectations"]:
        exp = copy.deepcopy(exp)
        meta = exp.get("meta", {})
        if meta.get("level") == "batch" and rows < meta.get("min_rows", 0):
            continue
        if meta.get("history"):
            if len(history) < MIN_HISTORY:
                continue
            median = statistics.median(history)
            exp["kwargs"].update(min_value=int(median * VOLUME_BAND[0]), max_value=int(median * VOLUME_BAND[1]) + 1)
        out.append(exp)
    return out


def _quiet_gx() -> None:
    """Great Expectations' INFO lines (hundreds per night) out of task logs: warnings and errors only."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("great_expectations.") and isinstance(logger, logging.Logger) and logger.level:
            logger.setLevel(logging.WARNING)


def validate_batches(
    conn: psycopg.Connection, results: list[FileResult], relations: dict | None = None, batch_rules: bool = True
) -> dict[int, Verdict]:
    """Validate staged batches (an `ingestion.validation.Validator`), each in its raw partition
    unless `relations` names another table by batch id (a quarantine retry). One GX context for
    the whole call."""
    _quiet_gx()  # before the import: importing GX logs a line per public function
    # Great Expectations takes seconds to import: only when a batch is validated
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _quiet_gx()  # the import set some of its loggers to INFO
    # a generic SQL datasource on purpose: add_postgres rejects the Unix-socket URL of the embedded server
    warnings.filterwarnings("ignore", message="You are using a generic SQLDatasource")
    context = gx.get_context(mode="ephemeral")
    _quiet_gx()
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    datasource = context.data_sources.add_sql(
        name="warehouse", connection_string=warehouse.sqlalchemy_url(role="loader")
    )
    verdicts: dict[int, Verdict] = {}
    for res in results:
        spec = suite_definition(res.source)
        expectations = _expectations_for(res.source, res.rows_read, ledger.history_rows(conn, res.source, res.batch_id))
        if not batch_rules:
            expectations = [e for e in expectations if e.get("meta", {}).get("level") != "batch"]
        suite = gx.ExpectationSuite(
            name=f"{spec['name']}_batch_{res.batch_id}", expectations=expectations, meta=spec.get("meta")
        )
        relation = (relations or {}).get(res.batch_id) or ledger.partition(res.source, res.batch_id)
        # derived columns computed once into a scratch table; each expectation then only scans it
        scratch = sql.SQL("ingest.{}").format(sql.Identifier(f"check_b{res.batch_id}"))
        conn.execute(sql.SQL("drop table if exists {}").format(scratch))
        conn.execute(
            sql.SQL("create unlogged table {} as ").format(scratch) + sql.SQL(batch_query(conn, res.source, relation))
        )
        try:
            asset = datasource.add_query_asset(
                name=f"{res.source}_batch_{res.batch_id}", query=f"select * from {scratch.as_string(conn)}"
            )
            batch = asset.add_batch_definition_whole_table("batch").get_batch()
            # partial_unexpected_count also caps unexpected_index_list (default 20): lift it to the batch size
            outcome = batch.validate(
                suite,
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": ["_line"],
                    "partial_unexpected_count": max(res.rows_read, 20),
                    "return_unexpected_index_query": False,
                },
            )
            verdicts[res.batch_id] = _verdict(conn, res, outcome, relation)
            verdicts[res.batch_id].checks["data_docs"] = render_data_docs(res, outcome)
            datasource.delete_asset(asset.name)
        finally:
            conn.execute(sql.SQL("drop table if exists {}").format(scratch))
    return verdicts


def _verdict(conn: psycopg.Connection, res: FileResult, outcome, relation: sql.Composable) -> Verdict:
    verdict = Verdict()
    failed = []
    pending: list[tuple[int, dict, object]] = []  # (line, meta, unexpected value)
    for r in outcome.results:
        cfg, result, meta = r.expectation_config, (r.result or {}), (r.expectation_config.meta or {})
        if r.success:
            continue
        failed.append(
            {
                "expectation": cfg.type,
                "column": cfg.kwargs.get("column"),
                "rule": meta.get("rule"),
                "level": meta.get("level"),
                "unexpected_count": result.get("unexpected_count"),
            }
        )
        if meta.get("level") == "batch":
            value = result.get("observed_value")
            expected = f"{cfg.kwargs.get('min_value')}–{cfg.kwargs.get('max_value')}"
            verdict.batch_failures.append(meta.get("message", cfg.type).format(value=value, expected=expected))
            continue
        column = cfg.kwargs.get("column")
        for item in result.get("unexpected_index_list") or []:
            pending.append((int(item["_line"]), meta, item.get(column)))
    # first failing rule (suite order) wins; messages quote the row's own value
    lines = sorted({line for line, _, _ in pending})
    originals = {}
    if lines:
        originals = dict(
            conn.execute(
                sql.SQL("select _line, to_jsonb(r) from {} r where _line = any(%s)").format(relation), (lines,)
            ).fetchall()
        )
    for line, meta, value in pending:
        if line in verdict.row_failures:
            continue
        if meta.get("value_column"):
            value = (originals.get(line) or {}).get(meta["value_column"])
        value = "" if value is None else str(value).strip()
        verdict.row_failures[line] = (meta.get("rule", "invalid"), meta.get("message", "{value}").format(value=value))
    verdict.checks = {
        "suite": f"raw_{res.source}",
        "success": not failed,
        "evaluated": len(outcome.results),
        "failed": failed,
        "rows_quarantined_by_rules": len(verdict.row_failures),
        "blocked": bool(verdict.batch_failures),
    }
    return verdict


def data_docs_dir() -> Path:
    return config.home() / "data_docs"


def render_data_docs(res, outcome) -> str | None:
    """The GX validation page of one batch, under $KINERJA_HOME/data_docs/<source>/."""
    try:
        # Great Expectations is imported already when a result exists; kept local with its only use
        from great_expectations.render.renderer import ValidationResultsPageRenderer
        from great_expectations.render.view import DefaultJinjaPageView

        page = DefaultJinjaPageView().render(ValidationResultsPageRenderer().render(outcome))
    except Exception as exc:  # rendering is a report: never fail a load over it
        logging.getLogger(__name__).warning("Data Docs page for batch %s not rendered: %s", res.batch_id, exc)
        return None
    path = data_docs_dir() / res.source / f"batch_{res.batch_id}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return str(path)


def write_index(conn: psycopg.Connection) -> Path:
    """index.html over every batch in the ledger, newest first, linking its validation page."""
    rows = conn.execute("""select batch_id, source, path, status, rows_read, rows_loaded, rows_quarantined,
                                  coalesce(reason, ''), checks->>'data_docs', loaded_at
                             from ingest.ledger order by batch_id desc limit 5000""").fetchall()
    body = []
    for batch_id, source, path, status, read, loaded, quarantined, reason, page, at in rows:
        link = f'<a href="{html.escape(str(Path(page).relative_to(data_docs_dir())))}">checks</a>' if page else ""
        body.append(
            f"<tr class='{status.lower()}'><td>{batch_id}</td><td>{html.escape(source)}</td>"
            f"<td>{html.escape(Path(path).name)}</td><td>{status}</td><td>{read:,}</td><td>{loaded:,}</td>"
            f"<td>{quarantined:,}</td><td>{html.escape(reason)}</td><td>{link}</td><td>{at:%Y-%m-%d %H:%M}</td></tr>"
        )
    index = data_docs_dir() / "index.html"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(
        f"""<!doctype html><meta charset="utf-8"><title>Kinerja: validation of landed files</title>
<style>body{{font-family:sans-serif}}td,th{{padding:2px 8px;border-bottom:1px solid #ddd}}
.blocked{{background:#fdd}}.rejected{{background:#fee}}</style>
<h1>Landed files and their Great Expectations checks</h1>
<p>One row per file (batch). Quarantined rows: <code>kinerja quarantine list</code>.</p>
<table><tr><th>batch</th><th>source</th><th>file</th><th>status</th><th>read</th><th>loaded</th>
<th>quarantined</th><th>reason</th><th>validation</th><th>loaded at</th></tr>{"".join(body)}</table>""",
        encoding="utf-8",
    )
    return index
