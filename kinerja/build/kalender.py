"""The national calendar from the `holidays` package (public holidays and cuti bersama ASN), written
into raw.libur_nasional so dbt models can join it. Regional holidays and corrections arrive as the
`hari_libur` source."""

from __future__ import annotations

import datetime as dt

import holidays
import psycopg

FIRST_YEAR = 2015


def national_holidays(years: range) -> list[tuple[dt.date, str, str]]:
    rows = []
    for kategori in ("public", "government"):
        cal = holidays.country_holidays("ID", years=list(years), categories=(kategori,), language="id")
        rows += [
            (day, name, "LIBUR_NASIONAL" if kategori == "public" else "CUTI_BERSAMA")
            for day, name in sorted(cal.items())
        ]
    return rows


def refresh(conn: psycopg.Connection, last_year: int | None = None) -> int:
    """Replace raw.libur_nasional atomically; returns the number of dates."""
    years = range(FIRST_YEAR, (last_year or dt.date.today().year + 1) + 1)
    rows = national_holidays(years)
    with conn.transaction():
        conn.execute("create schema if not exists raw")
        conn.execute(
            "create table if not exists raw.libur_nasional (tanggal date not null, nama text not null, "
            "kategori text not null)"
        )
        conn.execute("delete from raw.libur_nasional")
        with conn.cursor().copy("copy raw.libur_nasional (tanggal, nama, kategori) from stdin") as copy:
            for row in rows:
                copy.write_row(row)
    return len(rows)
