"""Noticing silence: a source, a unit or a device (`mesin_id`) that exported on earlier working
days and sent nothing for a working day, and a file whose quarantine share is far above its
source's history. A missing export looks exactly like a day of absences in the marts (everyone
TK), so it must be seen before anyone scores the month.

Warnings are rows of `ingest.peringatan` (one per kind, source, key and day: a rerun adds none),
shown by `kinerja status`, written to the ingest task's log and sent as notifications. Only the
batches loaded in the last LOOKBACK_DAYS are read, so the cost does not grow with history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays
import psycopg

from ingestion import ledger

LOOKBACK_DAYS = 14
# a device or unit is expected on a day when it reported on at least this many earlier working days
MIN_EARLIER_DAYS = 2
# a file's quarantine share is unusual above max(FLOOR, FACTOR x the source's median share), with
# at least MIN_ROWS rows quarantined (one bad row of a four-row file is not a pattern) and
# MIN_HISTORY earlier files to compare with
SHARE_FLOOR, SHARE_FACTOR, MIN_ROWS, MIN_HISTORY = 0.05, 3.0, 10, 3


@dataclass
class Peringatan:
    jenis: str
    source: str
    kunci: str
    tanggal: dt.date | None
    pesan: str


def _tap_days(conn: psycopg.Connection) -> list[tuple[str, str | None, dt.date]]:
    """(mesin_id, unit_kode, local date) of the taps of recent kehadiran batches, one per triple."""
    if not conn.execute(
        "select to_regclass('raw.kehadiran') is not null and to_regclass('raw.pegawai') is not null"
    ).fetchone()[0]:
        return []
    return conn.execute(
        """with recent as (
               select batch_id from ingest.ledger
                where source = 'kehadiran' and status in ('LOADED', 'BLOCKED')
                  and loaded_at > now() - make_interval(days => %(days)s)),
           roster as (
               select distinct on (btrim(nip)) btrim(nip) as nip, btrim(unit_kode) as unit_kode
                 from raw.pegawai
                where _batch_id in (select batch_id from ingest.ledger where source = 'pegawai' and status = 'LOADED')
                order by btrim(nip), _batch_id desc)
           select distinct coalesce(nullif(btrim(k.mesin_id), ''), '(tanpa mesin)'), r.unit_kode,
                  ingest.parse_timestamp(btrim(k.waktu))::date
             from raw.kehadiran k left join roster r on r.nip = btrim(k.nip)
            where k._batch_id in (select batch_id from recent)
              and ingest.parse_timestamp(btrim(k.waktu)) is not null""",
        {"days": LOOKBACK_DAYS},
    ).fetchall()


def _working_days(conn: psycopg.Connection, first: dt.date, last: dt.date) -> list[dt.date]:
    """Monday to Friday minus the national calendar and the loaded `hari_libur` rows (a MASUK row
    makes a day a working day)."""
    years = range(first.year, last.year + 1)
    national = holidays.country_holidays("ID", years=years, categories=("public", "government"))
    local: dict[dt.date, str] = {}
    if conn.execute("select to_regclass('raw.hari_libur') is not null").fetchone()[0]:
        local = dict(
            conn.execute(
                """select ingest.parse_date(btrim(h.tanggal)), btrim(h.jenis)
                     from raw.hari_libur h join ingest.ledger l on l.batch_id = h._batch_id
                    where l.status = 'LOADED' and ingest.parse_date(btrim(h.tanggal)) between %s and %s""",
                (first, last),
            ).fetchall()
        )
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return [
        d for d in days if local.get(d) == "MASUK" or (d.isoweekday() <= 5 and d not in national and d not in local)
    ]


def _silent(seen: dict[str, set[dt.date]], days: list[dt.date]) -> list[tuple[str, dt.date]]:
    """(key, day) for every working day a key sent nothing after reporting on enough earlier days."""
    found = []
    for key, dates in seen.items():
        for i, day in enumerate(days):
            if day not in dates and sum(1 for d in days[:i] if d in dates) >= MIN_EARLIER_DAYS:
                found.append((key, day))
    return found


def attendance_silence(conn: psycopg.Connection) -> list[Peringatan]:
    rows = _tap_days(conn)
    if not rows:
        return []
    all_days = {d for _, _, d in rows}
    days = _working_days(conn, min(all_days), max(all_days))
    found = [
        Peringatan("SUMBER_SENYAP", "kehadiran", "kehadiran", d, f"tidak ada data kehadiran sama sekali pada {d}")
        for d in days
        if d not in all_days
    ]
    active = [d for d in days if d in all_days]  # a source-wide gap is reported once, above
    by_device: dict[str, set[dt.date]] = {}
    by_unit: dict[str, set[dt.date]] = {}
    for mesin, unit, day in rows:
        by_device.setdefault(mesin, set()).add(day)
        if unit:
            by_unit.setdefault(unit, set()).add(day)
    for mesin, day in _silent(by_device, active):
        found.append(
            Peringatan("MESIN_SENYAP", "kehadiran", mesin, day, f"mesin {mesin} tidak mengirim data pada {day}")
        )
    for unit, day in _silent(by_unit, active):
        found.append(Peringatan("UNIT_SENYAP", "kehadiran", unit, day, f"unit {unit} tanpa data kehadiran pada {day}"))
    return found


def quarantine_share(conn: psycopg.Connection, batch_ids: list[int]) -> list[Peringatan]:
    """New files whose share of quarantined rows is far above their source's median."""
    rows = conn.execute(
        """select l.rows_quarantined, l.source, l.path, l.rows_quarantined::float / nullif(l.rows_read, 0),
                  h.median, h.files
             from ingest.ledger l
             cross join lateral (
                 select percentile_cont(0.5) within group (order by p.rows_quarantined::float / p.rows_read) as median,
                        count(*) as files
                   from ingest.ledger p
                  where p.source = l.source and p.batch_id < l.batch_id and p.rows_read > 0
                    and p.status in ('LOADED', 'BLOCKED')) h
            where l.batch_id = any(%s)""",
        (batch_ids,),
    ).fetchall()
    found = []
    for quarantined, source, path, share, median, files in rows:
        if share is None or files < MIN_HISTORY or quarantined < MIN_ROWS:
            continue
        bar = max(SHARE_FLOOR, SHARE_FACTOR * (median or 0))
        if share > bar:
            found.append(
                Peringatan(
                    "KARANTINA_TINGGI",
                    source,
                    path,
                    None,
                    f"{path}: {share:.1%} baris dikarantina, biasanya {median or 0:.1%} ({files} berkas sebelumnya)",
                )
            )
    return found


def check(conn: psycopg.Connection, sources: list[str], batch_ids: list[int]) -> list[Peringatan]:
    """Tonight's new warnings for these sources (ones already recorded are not repeated)."""
    ledger.ensure_schema(conn)
    found = quarantine_share(conn, batch_ids)
    if "kehadiran" in sources:
        found += attendance_silence(conn)
    new = []
    for p in found:
        inserted = conn.execute(
            """insert into ingest.peringatan (jenis, source, kunci, tanggal, pesan) values (%s, %s, %s, %s, %s)
               on conflict do nothing returning peringatan_id""",
            (p.jenis, p.source, p.kunci, p.tanggal, p.pesan),
        ).fetchone()
        if inserted:
            new.append(p)
    return new


def recent(conn: psycopg.Connection, limit: int = 50) -> list[dict]:
    ledger.ensure_schema(conn)
    rows = conn.execute(
        """select jenis, source, kunci, tanggal, pesan, dibuat_pada from ingest.peringatan
            order by dibuat_pada desc, tanggal desc nulls last, kunci limit %s""",
        (limit,),
    ).fetchall()
    return [dict(zip(["jenis", "source", "kunci", "tanggal", "pesan", "dibuat_pada"], r, strict=True)) for r in rows]
