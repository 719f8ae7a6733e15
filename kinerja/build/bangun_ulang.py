"""Which dates and months the incremental models rebuild (partition-replace by date or month).

The event-grain attendance models (taps, expected days, daily classification, fct_kehadiran_harian)
are incremental: each build deletes and rebuilds the local dates from `sejak` on. This module
decides `sejak` before dbt runs and records it in `ingest.bangun_ulang`, which the models read:

- new `kehadiran` or `cuti` batches since the last successful build -> the earliest local date
  they can touch (a tap's date, minus a day for time zones; every version's leave range);
- the calendar reaching further (`tanggal_sampai`: a named month's end, else the end of the
  latest tap's month up to yesterday) -> the day after the last built date;
- anything else that changed -> everything (`-infinity`): reference data (roster, units,
  schedules, regional holidays), rows added to or released from older batches (quarantine retry,
  release), the policy seeds, the dbt models' code, the holidays package, or a shorter calendar.

The monthly models (discipline, predikat per employee and unit) rebuild the months from
`bulan_sejak` on: the month of `sejak`, and the earliest month new batches of the other event
sources touch (every version's creation date of a ticket that changed, an SKM answer's date, a
360 or SKP period). New batches of those sources are events too: they leave the attendance dates
alone instead of rebuilding everything.

The state advances only after a build succeeded (`commit`), so a failed build is simply redone
from the last good state: rebuilding a date twice gives the same rows."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass
from importlib.metadata import version
from zoneinfo import ZoneInfo

import psycopg

from kinerja.core import config

ACARA = ("kehadiran", "cuti")  # event sources of the attendance chain
BULANAN = ("tiket_layanan", "survei_skm", "survei_perilaku", "skp")  # event sources of the monthly models
PERISTIWA = ACARA + BULANAN  # a new batch of these is a window, never a reason to rebuild everything
DDL = """
create table if not exists ingest.bangun_ulang (
    id               integer primary key default 1 check (id = 1),
    sejak            date,          -- first date the running build rebuilds; -infinity = all
    batch_maks       bigint,        -- state of the last successful build ...
    sidik            text,          -- ... fingerprint of everything but new event batches
    tanggal_sampai   date,
    rencana_batch    bigint,        -- what the running build will record on success
    rencana_sidik    text,
    rencana_sampai   date,
    diperbarui_pada  timestamptz not null default now()
);
insert into ingest.bangun_ulang (id) values (1) on conflict do nothing;
-- first month the monthly models rebuild (-infinity = all); added after the table first shipped
alter table ingest.bangun_ulang add column if not exists bulan_sejak date;
"""


def _code_fingerprint() -> str:
    """Seeds (policy), model SQL and macros, and the holidays package: a change to any of them
    can change any date."""
    digest = hashlib.sha256(version("holidays").encode())
    root = config.DBT_PROJECT_DIR
    for folder in ("seeds", "models", "macros"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".csv", ".sql"):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _sidik(conn: psycopg.Connection, upto: int, code: str) -> str:
    """Everything the attendance chain reads except event batches newer than `upto` (`code`: the
    code fingerprint)."""
    ledger = conn.execute(
        """select count(*), coalesce(sum(rows_loaded), 0),
                  coalesce(max(batch_id) filter (where source <> all(%(acara)s)), 0)
             from ingest.ledger where status = 'LOADED' and (batch_id <= %(upto)s or source <> all(%(acara)s))""",
        {"upto": upto, "acara": list(PERISTIWA)},
    ).fetchone()
    return hashlib.sha256(f"{ledger}|{code}".encode()).hexdigest()


def _earliest_new_date(conn: psycopg.Connection, after: int) -> dt.date | None:
    """The earliest local date that event batches newer than `after` can touch."""
    return conn.execute(
        """select least(
               -- the written wall-clock date; a day earlier covers any zone or offset (all < 24 h apart)
               (select min(ingest.parse_timestamp(btrim(waktu))::date) - 1
                  from raw.kehadiran k join ingest.ledger l on l.batch_id = k._batch_id
                 where l.status = 'LOADED' and k._batch_id > %(after)s),
               (select min(ingest.parse_date(btrim(c.tanggal_mulai)))
                  from raw.cuti c join ingest.ledger l on l.batch_id = c._batch_id
                 where l.status = 'LOADED'
                   and btrim(c.nomor) in (select btrim(n.nomor) from raw.cuti n where n._batch_id > %(after)s)))""",
        {"after": after},
    ).fetchone()[0]


def _sampai_dari_data(conn: psycopg.Connection, after: int, sampai: dt.date | None) -> dt.date | None:
    """The calendar's last day when no month is named: the end of the month of the latest tap,
    but never today or later in Jakarta (days not yet reported are not absences). Only batches
    newer than the last build are read, so the cost does not grow with history."""
    latest = conn.execute(
        """select max(ingest.parse_timestamp(btrim(waktu))::date)
             from raw.kehadiran k join ingest.ledger l on l.batch_id = k._batch_id
            where l.status = 'LOADED' and k._batch_id > %s""",
        (after,),
    ).fetchone()[0]
    latest = max((d for d in (latest, sampai) if d is not None), default=None)
    if latest is None:
        return None
    akhir = latest.replace(day=calendar.monthrange(latest.year, latest.month)[1])
    kemarin = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date() - dt.timedelta(days=1)
    return min(akhir, kemarin)


# per monthly source: the earliest date its new batches (ids in `baru`) can touch
_TERSENTUH = {
    # a ticket's new version can move it in every month since it was created: all its versions count
    "tiket_layanan": """select min(ingest.parse_date(btrim(t.dibuat_pada))) - 1
                          from raw.tiket_layanan t join ingest.ledger l on l.batch_id = t._batch_id
                         where l.status = 'LOADED' and btrim(t.tiket_id) in (
                               select btrim(n.tiket_id) from raw.tiket_layanan n where n._batch_id = any(%(baru)s))""",
    "survei_skm": """select min(ingest.parse_date(btrim(tanggal))) - 1 from raw.survei_skm
                      where _batch_id = any(%(baru)s)""",
    "survei_perilaku": """select min(ingest.parse_date(btrim(periode) || '-01')) from raw.survei_perilaku
                           where _batch_id = any(%(baru)s)""",
    "skp": "select min(ingest.parse_date(btrim(periode) || '-01')) from raw.skp where _batch_id = any(%(baru)s)",
}


def _earliest_new_month(conn: psycopg.Connection, after: int) -> dt.date | None:
    """The earliest month (its first day) that new batches of the monthly event sources touch; a
    day before a written date covers any time zone."""
    found = []
    for source, query in _TERSENTUH.items():
        baru = [
            r[0]
            for r in conn.execute(
                "select batch_id from ingest.ledger where status = 'LOADED' and source = %s and batch_id > %s",
                (source, after),
            )
        ]
        if baru:
            found.append(conn.execute(query, {"baru": baru}).fetchone()[0])
    found = [d for d in found if d is not None]
    return min(found).replace(day=1) if found else None


@dataclass
class Rencana:
    """The coming build's plan."""

    sejak: dt.date | None  # first date the incremental models rebuild (None = everything)
    bulan_sejak: dt.date | None  # first month the monthly incremental models rebuild (None = all)
    sampai: dt.date | None  # the calendar's last day
    berubah: bool  # False: nothing the warehouse reads changed since the last successful build


def plan(conn: psycopg.Connection, tanggal_sampai: str | None) -> Rencana:
    """Decide and record the rebuild window of the coming build.
    `tanggal_sampai` (a named month's last day) or else the data decide the calendar's end, so
    the marts do not depend on who started the build."""
    conn.execute(DDL)
    batch, sidik, sampai = conn.execute(
        "select batch_maks, sidik, tanggal_sampai from ingest.bangun_ulang where id = 1"
    ).fetchone()
    now_batch = conn.execute("select coalesce(max(batch_id), 0) from ingest.ledger where status = 'LOADED'").fetchone()[
        0
    ]
    if tanggal_sampai:
        now_sampai = dt.date.fromisoformat(tanggal_sampai)
    else:
        now_sampai = _sampai_dari_data(conn, batch or 0, sampai if batch is not None else None)
    code = _code_fingerprint()
    now_sidik = _sidik(conn, now_batch, code)
    sejak: dt.date | None = None
    if (
        batch is not None
        and sidik == _sidik(conn, batch, code)
        and not (sampai and now_sampai and now_sampai < sampai)
        and (sampai is None) == (now_sampai is None)
    ):
        candidates = [
            d
            for d in (_earliest_new_date(conn, batch), sampai + dt.timedelta(days=1) if sampai else None)
            if d is not None
        ]
        # nothing new: an empty window far ahead keeps the built rows as they are
        sejak = min(candidates) if candidates else dt.date(9999, 12, 31)
    bulan_sejak = None
    if sejak is not None:
        months = [d for d in (sejak.replace(day=1), _earliest_new_month(conn, batch)) if d is not None]
        bulan_sejak = min(months)
    conn.execute(
        """update ingest.bangun_ulang set sejak = %s, bulan_sejak = %s, rencana_batch = %s, rencana_sidik = %s,
                  rencana_sampai = %s, diperbarui_pada = now() where id = 1""",
        (sejak or "-infinity", bulan_sejak or "-infinity", now_batch, now_sidik, now_sampai),
    )
    changed = (batch, sidik, sampai) != (now_batch, now_sidik, now_sampai)
    return Rencana(sejak, bulan_sejak, now_sampai, berubah=changed)


def commit(conn: psycopg.Connection) -> None:
    """After a successful build: its plan becomes the state the next window is measured from."""
    conn.execute(
        """update ingest.bangun_ulang set batch_maks = rencana_batch, sidik = rencana_sidik,
                  tanggal_sampai = rencana_sampai, diperbarui_pada = now() where id = 1"""
    )
