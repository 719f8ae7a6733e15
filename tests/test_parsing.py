"""The SQL parsers of sources.md's date formats (kinerja/warehouse/sql/functions.sql): the fast path by
shape must give exactly what the general regex path gives, for valid and invalid values alike."""

from __future__ import annotations

import datetime as dt
import itertools

import psycopg

from ingestion import ledger

DAYS = ["00", "01", "28", "29", "30", "31", "32"]
MONTHS = ["00", "01", "02", "04", "12", "13"]
YEARS = ["1899", "1900", "2000", "2024", "2026", "2100", "2200", "2201"]
TIMES = [
    "",
    " 07:05",
    " 07:05:09",
    "T07:05:09",
    " 7:05",
    " 24:00",
    " 23:60",
    " 23:59:60",
    " 23:59:59",
    " 07:05:09.123",
    " 07:05:09Z",
    " 07:05:09+07:00",
    "T07:05+0800",
    " 07",
    " 07:05:09 ",
    "x",
]


def _values() -> list[str]:
    out = []
    for y, m, d in itertools.product(YEARS, MONTHS, DAYS):
        for date in (f"{y}-{m}-{d}", f"{d}/{m}/{y}", f"{d}-{m}-{y}", f"{d}/{m}-{y}", f"{y}/{m}/{d}"):
            out.extend(date + t for t in TIMES)
    return out + ["", " ", "abc", "1.98001E+17", "01/03/2026  07:00", "2026-3-1 07:00", "٠١/٠٣/٢٠٢٦ 07:00"]


def test_fast_parsers_equal_the_general_ones(fresh_db):
    values = _values()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        ledger.ensure_schema(conn)
        differ = conn.execute(
            """select v, ingest.parse_timestamp(v), ingest.parse_timestamp_general(v),
                      ingest.parse_date(v), ingest.parse_date_general(v)
                 from unnest(%s::text[]) v
                where ingest.parse_timestamp(v) is distinct from ingest.parse_timestamp_general(v)
                   or ingest.parse_date(v) is distinct from ingest.parse_date_general(v)""",
            (values,),
        ).fetchall()
        assert differ == []
        parsed = dict(
            conn.execute("select v, ingest.parse_timestamp(v) from unnest(%s::text[]) v", (values,)).fetchall()
        )
    assert len(values) > 4000
    assert parsed["29/02/2024 07:05:09"] == dt.datetime(2024, 2, 29, 7, 5, 9)
    assert parsed["29/02/2026 07:05:09"] is None  # not a leap year
    assert parsed["29-02-2000 07:05"] == dt.datetime(2000, 2, 29, 7, 5)
    assert parsed["29/02/2100 07:05"] is None  # century, not a leap year
    assert parsed["31-04-2026 07:05:09"] is None
    assert parsed["2026-12-31T07:05:09"] == dt.datetime(2026, 12, 31, 7, 5, 9)
    assert parsed["2026-01-01 24:00"] is None
    assert parsed["2026-01-01 7:05"] == dt.datetime(2026, 1, 1, 7, 5)
    assert parsed["2026-01-01 07:05:09+07:00"] == dt.datetime(2026, 1, 1, 7, 5, 9)  # wall clock, offset apart
    assert parsed["2201-01-01 07:05"] is None
