"""Run a source's suite on one loaded batch, inside PostgreSQL (a SQL query asset restricted to the
batch), and record the outcome on the batch's ledger row."""

from __future__ import annotations

import json
import logging
import warnings
from functools import lru_cache
from pathlib import Path

SUITES_DIR = Path(__file__).resolve().parent / "suites"


@lru_cache(maxsize=None)
def suite_definition(source: str) -> dict:
    return json.loads((SUITES_DIR / f"{source}.json").read_text())


def validate_batches(results: list) -> None:
    """`results` are loader FileResults with status LOADED; their `checks` are filled in place."""
    import great_expectations as gx

    from ingestion import ledger, warehouse

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    # a generic SQL datasource on purpose: add_postgres rejects the Unix-socket URL of the embedded server
    warnings.filterwarnings("ignore", message="You are using a generic SQLDatasource")
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    datasource = context.data_sources.add_sql(name="warehouse", connection_string=warehouse.sqlalchemy_url())
    suites = {}
    with warehouse.connect(autocommit=True) as conn:
        for res in results:
            if res.source not in suites:
                spec = suite_definition(res.source)
                suites[res.source] = context.suites.add(gx.ExpectationSuite(
                    name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta")))
            asset = datasource.add_query_asset(
                name=f"{res.source}_batch_{res.batch_id}",
                query=f"select * from raw.{res.source} where _batch_id = {int(res.batch_id)}")
            batch = asset.add_batch_definition_whole_table("batch").get_batch()
            outcome = batch.validate(suites[res.source], result_format="SUMMARY")
            failed = []
            for r in outcome.results:
                if not r.success:
                    cfg = r.expectation_config
                    failed.append({"expectation": cfg.type, "column": cfg.kwargs.get("column"),
                                   "unexpected_count": (r.result or {}).get("unexpected_count")})
            res.checks = {"suite": suites[res.source].name, "success": bool(outcome.success),
                          "evaluated": len(outcome.results), "failed": failed}
            ledger.record_checks(conn, res.batch_id, res.checks)
