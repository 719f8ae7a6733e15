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
VALIDATION_WORK_MEM = "256MB"  # holds the hash of a national roster (4.8 M NIPs) for the lookups


@cache
def suite_definition(source: str) -> dict:
    return json.loads((SUITES_DIR / f"{source}.json").read_text())


def batch_query(conn: psycopg.Connection, source: str, relation: sql.Composable) -> str:
    """The batch(es) as GX sees them: batch id, line, trimmed contract columns and the suite's
    derived columns."""
    trimmed = ", ".join(f'nullif(btrim("{c}"), \'\') as "{c}"' for c in SOURCES[source].raw_columns)
    query = f"select _batch_id, _line, {trimmed} from {relation.as_string(conn)}"
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


def _is_batch_rule(exp: dict) -> bool:
    return exp.get("meta", {}).get("level") == "batch"


def _quiet_gx() -> None:
    """Great Expectations' INFO lines (hundreds per night) out of task logs: warnings and errors only."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("great_expectations.") and isinstance(logger, logging.Logger) and logger.level:
            logger.setLevel(logging.WARNING)


class _Gx:
    """One ephemeral GX context and SQL datasource per call of `validate_batches`."""

    def __init__(self) -> None:
        _quiet_gx()  # before the import: importing GX logs a line per public function
        # Great Expectations takes seconds to import: only when a batch is validated
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        _quiet_gx()  # the import set some of its loggers to INFO
        # a generic SQL datasource on purpose: add_postgres rejects the Unix-socket URL of the embedded server
        warnings.filterwarnings("ignore", message="You are using a generic SQLDatasource")
        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        _quiet_gx()
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.datasource = self.context.data_sources.add_sql(
            name="warehouse", connection_string=warehouse.sqlalchemy_url(role="loader")
        )

    def validate(self, name: str, table: str, expectations: list[dict], meta: dict | None, index: list[str], rows: int):
        """Validate a scratch table; failing rows are reported by the `index` columns."""
        suite = self.gx.ExpectationSuite(name=name, expectations=expectations, meta=meta)
        asset = self.datasource.add_query_asset(name=name, query=f"select * from {table}")
        try:
            batch = asset.add_batch_definition_whole_table("batch").get_batch()
            # partial_unexpected_count also caps unexpected_index_list (default 20): lift it to the row count
            return batch.validate(
                suite,
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": index,
                    "partial_unexpected_count": max(rows, 20),
                    "return_unexpected_index_query": False,
                },
            )
        finally:
            self.datasource.delete_asset(name)


def validate_batches(
    conn: psycopg.Connection, results: list[FileResult], relations: dict | None = None, batch_rules: bool = True
) -> dict[int, Verdict]:
    """Validate staged batches (an `ingestion.validation.Validator`), each in its raw partition
    unless `relations` names another table by batch id (a quarantine retry).

    The batches of one source are validated together, so a night's cost does not grow with its
    number of files: their rows go into one scratch table (derived columns computed once), the row
    rules run once over it and report failing rows by (batch, line); the batch rules (volume, an
    empty column) are judged per file from a second scratch table of one row per batch, built from
    the suite's batch expectations (`_batch_rule_columns`). One Data Docs page per source and night."""
    gx = _Gx()
    verdicts: dict[int, Verdict] = {}
    for source in dict.fromkeys(r.source for r in results):
        group = [r for r in results if r.source == source]
        verdicts.update(_validate_source(conn, gx, source, group, relations or {}, batch_rules))
    return verdicts


def _validate_source(
    conn: psycopg.Connection, gx: _Gx, source: str, group: list[FileResult], relations: dict, batch_rules: bool
) -> dict[int, Verdict]:
    spec = suite_definition(source)
    first = min(r.batch_id for r in group)
    union = sql.SQL(" union all ").join(
        sql.SQL("select * from {}").format(relations.get(r.batch_id) or ledger.partition(source, r.batch_id))
        for r in group
    )
    relation = sql.SQL("({}) u").format(union)
    scratch = sql.SQL("ingest.{}").format(sql.Identifier(f"check_{source}_b{first}"))
    summary = sql.SQL("ingest.{}").format(sql.Identifier(f"check_{source}_b{first}_batch"))
    drop = sql.SQL("drop table if exists {}, {}").format(scratch, summary)
    conn.execute(drop)
    # derived columns computed once into a scratch table; each expectation then only scans it
    with conn.transaction():
        # "nip in (select nip from ingest.nip_dikenal)" is a hashed lookup only while the hash fits
        # in work_mem; past that (a national roster of 4.8 M) PostgreSQL rescans the roster per row
        conn.execute(sql.SQL("set local work_mem = {}").format(sql.Literal(VALIDATION_WORK_MEM)))
        conn.execute(
            sql.SQL("create unlogged table {} as ").format(scratch) + sql.SQL(batch_query(conn, source, relation))
        )
    try:
        rows = sum(r.rows_read for r in group)
        row_rules = [copy.deepcopy(e) for e in spec["expectations"] if not _is_batch_rule(e)]
        index = ["_batch_id", "_line"]
        outcome = gx.validate(
            f"{spec['name']}_b{first}", scratch.as_string(conn), row_rules, spec.get("meta"), index, rows
        )
        row_failures = _row_failures(conn, outcome, relation)
        batch_outcome, batch_failures = None, {}
        if batch_rules:
            batch_outcome, batch_failures = _judge_batches(conn, gx, source, group, scratch, summary)
        _trim(outcome)  # the verdicts are taken: the page needs examples, not every failing row
        page = render_data_docs(source, f"batch_{first}", outcome)
        batch_page = render_data_docs(source, f"batch_{first}_berkas", batch_outcome) if batch_outcome else None
    finally:
        conn.execute(drop)
    verdicts = {}
    for res in group:
        verdict = Verdict(row_failures=row_failures.get(res.batch_id, {}))
        verdict.batch_failures = [f["message"] for f in batch_failures.get(res.batch_id, [])]
        failed = [
            {
                "expectation": r.expectation_config.type,
                "column": r.expectation_config.kwargs.get("column"),
                "rule": (r.expectation_config.meta or {}).get("rule"),
                "level": "row",
                "unexpected_count": sum(1 for i in (r.result or {}).get("unexpected_index_list") or []
                                        if int(i["_batch_id"]) == res.batch_id),
            }
            for r in outcome.results
            if not r.success
        ]  # fmt: skip
        failed = [f for f in failed if f["unexpected_count"]] + batch_failures.get(res.batch_id, [])
        verdict.checks = {
            "suite": f"raw_{source}",
            "success": not failed,
            "evaluated": len(row_rules) + len(_batch_rule_columns(source, res.rows_read)) * bool(batch_rules),
            "failed": [{k: v for k, v in f.items() if k != "message"} for f in failed],
            "rows_quarantined_by_rules": len(verdict.row_failures),
            "blocked": bool(verdict.batch_failures),
            "validated_with": len(group),  # files validated in the same run
            "data_docs": page,
            "data_docs_batch_rules": batch_page,
        }
        verdicts[res.batch_id] = verdict
    return verdicts


def _trim(outcome, keep: int = 20) -> None:
    """Cut each result's lists of failing rows to `keep` examples. A national night fails tens of
    thousands of rows; rendered as Data Docs in full they took gigabytes of memory."""
    for r in outcome.results:
        result = r.result or {}
        for key in ("unexpected_list", "unexpected_index_list", "partial_unexpected_list",
                    "partial_unexpected_index_list", "partial_unexpected_counts"):  # fmt: skip
            if isinstance(result.get(key), list):
                result[key] = result[key][:keep]


def _row_failures(conn: psycopg.Connection, outcome, relation: sql.Composable) -> dict[int, dict[int, tuple]]:
    """batch id -> line -> (rule, message) of the first failing row rule (suite order)."""
    pending: list[tuple[int, int, dict, object]] = []  # (batch, line, meta, unexpected value)
    for r in outcome.results:
        if r.success:
            continue
        meta, column = (r.expectation_config.meta or {}), r.expectation_config.kwargs.get("column")
        for item in (r.result or {}).get("unexpected_index_list") or []:
            pending.append((int(item["_batch_id"]), int(item["_line"]), meta, item.get(column)))
    originals: dict[tuple[int, int], dict] = {}
    if any(meta.get("value_column") for _, _, meta, _ in pending):
        keys = sorted({(b, line) for b, line, meta, _ in pending if meta.get("value_column")})
        originals = {
            (b, line): record
            for b, line, record in conn.execute(
                sql.SQL(
                    """select u._batch_id, u._line, to_jsonb(u) from {} join unnest(%s::bigint[], %s::int[])
                         as k(b, l) on k.b = u._batch_id and k.l = u._line"""
                ).format(relation),
                ([b for b, _ in keys], [line for _, line in keys]),
            ).fetchall()
        }
    out: dict[int, dict[int, tuple]] = {}
    for batch_id, line, meta, value in pending:
        failures = out.setdefault(batch_id, {})
        if line in failures:
            continue
        if meta.get("value_column"):
            value = (originals.get((batch_id, line)) or {}).get(meta["value_column"])
        value = "" if value is None else str(value).strip()
        failures[line] = (meta.get("rule", "invalid"), meta.get("message", "{value}").format(value=value))
    return out


def _batch_rule_columns(source: str, rows: int, history: list[int] | None = None) -> list[tuple[str, str, dict]]:
    """The suite's batch expectations that apply to a file of `rows` rows, each as a boolean test
    over the one-row-per-batch table (`_rows`, and `_n_<column>` = its non-empty values):
    (column name, SQL test, the expectation with its bounds). A volume rule needs `history` (earlier
    files of the same stream); without enough of it, it does not apply."""
    out = []
    for k, exp in enumerate(suite_definition(source)["expectations"]):
        meta = exp.get("meta", {})
        if not _is_batch_rule(exp) or rows < meta.get("min_rows", 0):
            continue
        if exp["type"] == "expect_table_row_count_to_be_between":
            low, high = exp["kwargs"].get("min_value"), exp["kwargs"].get("max_value")
            if meta.get("history"):
                if history is None or len(history) < MIN_HISTORY:
                    continue
                median = statistics.median(history)
                low, high = int(median * VOLUME_BAND[0]), int(median * VOLUME_BAND[1]) + 1
            test = " and ".join(
                [f"_rows >= {int(low)}"] * (low is not None) + [f"_rows <= {int(high)}"] * (high is not None)
            )
            out.append(
                (f"_aturan_{k}", test or "true", copy.deepcopy(exp) | {"kwargs": {"min_value": low, "max_value": high}})
            )
        elif exp["type"] == "expect_column_values_to_not_be_null" and exp["kwargs"].get("mostly", 1) <= 1e-6:
            out.append((f"_aturan_{k}", f'"_n_{exp["kwargs"]["column"]}" > 0', exp))
        else:  # a new kind of batch rule needs its per-file form here
            raise ValueError(f"{source}: batch expectation {exp['type']} has no per-file form in gates.py")
    return out


def _judge_batches(
    conn: psycopg.Connection, gx: _Gx, source: str, group: list[FileResult], scratch, summary
) -> tuple[object | None, dict[int, list[dict]]]:
    """The batch rules, one row per batch: counts from one pass over the scratch table, then a GX
    run over boolean columns saying, per file, whether each rule holds (a rule that does not apply
    to a file holds)."""
    rules: dict[int, dict[str, tuple[str, dict]]] = {}
    for res in group:
        history = ledger.history_rows(conn, source, res.batch_id)
        rules[res.batch_id] = {n: (t, e) for n, t, e in _batch_rule_columns(source, res.rows_read, history)}
    names = list(dict.fromkeys(n for r in rules.values() for n in r))
    if not names:
        return None, {}
    columns = sorted({e["kwargs"]["column"] for r in rules.values() for _, e in r.values() if "column" in e["kwargs"]})
    counted = "".join(f', count("{c}") as "_n_{c}"' for c in columns)
    zeros = "".join(f', coalesce(c."_n_{c}", 0) as "_n_{c}"' for c in columns)
    tests = "".join(
        f", case _batch_id {''.join(f'when {b} then ({r[n][0]}) ' for b, r in rules.items() if n in r)}"
        f'else true end as "{n}"'
        for n in names
    )
    ids = ",".join(str(r.batch_id) for r in group)
    conn.execute(
        sql.SQL(
            f"""create unlogged table {{}} as select *{tests} from (
                  select b._batch_id, coalesce(c._rows, 0) as _rows{zeros}
                    from unnest(array[{ids}]::bigint[]) as b(_batch_id)
                    left join (select _batch_id, count(*) as _rows{counted} from {{}} group by _batch_id) c
                      using (_batch_id)) s"""
        ).format(summary, scratch)
    )
    some = {n: next(r[n][1] for r in rules.values() if n in r) for n in names}
    expectations = [
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": n, "value_set": [True]}, "meta": e["meta"]}
        for n, e in some.items()
    ]
    outcome = gx.validate(f"raw_{source}_b{min(rules)}_berkas", summary.as_string(conn), expectations, None,
                          ["_batch_id"], len(group))  # fmt: skip
    counts = dict(conn.execute(sql.SQL("select _batch_id, _rows from {}").format(summary)).fetchall())
    failures: dict[int, list[dict]] = {}
    for r, name in zip(outcome.results, names, strict=True):
        for item in (r.result or {}).get("unexpected_index_list") or []:
            batch_id = int(item["_batch_id"])
            exp = rules[batch_id][name][1]
            expected = f"{exp['kwargs'].get('min_value')}–{exp['kwargs'].get('max_value')}"
            failures.setdefault(batch_id, []).append(
                {
                    "expectation": exp["type"],
                    "column": exp["kwargs"].get("column"),
                    "rule": exp["meta"].get("rule"),
                    "level": "batch",
                    "unexpected_count": None,
                    "message": exp["meta"]
                    .get("message", exp["type"])
                    .format(value=counts[batch_id], expected=expected),
                }
            )
    return outcome, failures


def data_docs_dir() -> Path:
    return config.home() / "data_docs"


def render_data_docs(source: str, name: str, outcome) -> str | None:
    """A GX validation page under $KINERJA_HOME/data_docs/<source>/<name>.html: the row rules of a
    source's night (named after its first batch), or its batch rules (`…_berkas`)."""
    try:
        # Great Expectations is imported already when a result exists; kept local with its only use
        from great_expectations.render.renderer import ValidationResultsPageRenderer
        from great_expectations.render.view import DefaultJinjaPageView

        page = DefaultJinjaPageView().render(ValidationResultsPageRenderer().render(outcome))
    except Exception as exc:  # rendering is a report: never fail a load over it
        logging.getLogger(__name__).warning("Data Docs page %s/%s not rendered: %s", source, name, exc)
        return None
    path = data_docs_dir() / source / f"{name}.html"
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
