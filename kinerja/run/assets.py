"""Airflow Assets shared by the DAGs: one per source family's raw tables."""

from __future__ import annotations

from airflow.sdk import Asset


def raw_asset(family: str) -> Asset:
    return Asset(name=f"kinerja_raw_{family}", uri=f"kinerja://raw/{family}")
