"""Monthly publication: an instansi's scored month frozen into append-only `laporan` tables.

Why a copy and not a view: the marts are rebuilt every night and late files change them; an
inspectorate must be able to act on, and later cite, numbers that never move. So a publication
copies the month's rows, names them (publikasi_id) and fingerprints them (checksum). Publishing
again compares the fingerprint: unchanged data creates nothing; changed data creates revision
n + 1 with its reason and a per-column change list, and revision n stays as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from kinerja import warehouse
from kinerja.core.errors import KinerjaError

LAPORAN_SQL = Path(__file__).with_name("sql") / "laporan.sql"
META = ("publikasi_id", "revisi", "diterbitkan_pada")


@dataclass(frozen=True)
class Beku:
    """One frozen table: its mart, the key that identifies a row in a change list, the month filter."""

    tabel: str
    mart: str
    kunci: tuple[str, ...]
    saring: str  # SQL over the mart's columns, with %(instansi)s and %(periode)s
    dinilai: bool = True  # part of the checksum and the change list (False: descriptive only)


FROZEN = (
    Beku("kinerja_pegawai_bulanan", "fct_kinerja_pegawai_bulanan", ("nip",), "periode = %(periode)s"),
    Beku("disiplin_bulanan", "fct_disiplin_bulanan", ("nip",), "periode = %(periode)s"),
    Beku("layanan_bulanan", "fct_layanan_bulanan", ("nip",), "periode = %(periode)s"),
    Beku("ikm_unit", "fct_ikm_unit", ("unit_kode",), "jenis_periode = 'BULAN' and periode_mulai = %(periode)s"),
    Beku("kinerja_unit_bulanan", "fct_kinerja_unit_bulanan", ("unit_kode",), "periode = %(periode)s"),
    # names of units as they stood at publication: the report of a revision never renames them,
    # but a renamed unit is no reason for a new revision
    Beku("unit_kerja", "dim_unit_kerja", ("unit_kode",), "true", dinilai=False),
)


class NothingToPublish(KinerjaError):
    pass


@dataclass
class Publikasi:
    publikasi_id: str
    instansi_kode: str
    periode: dt.date
    revisi: int
    diterbitkan_pada: dt.datetime
    jumlah_baris: int
    checksum: str
    alasan_revisi: str | None
    baru: bool  # False: the data equals the latest revision, nothing was created
    perubahan: int = 0  # rows of the change list (revision >= 2)

    def to_dict(self) -> dict:
        return asdict(self)


def periode_of(month: str) -> dt.date:
    try:
        return dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise KinerjaError(f"month {month!r} is not YYYY-MM") from None


def publish(month: str, instansi: str | None = None, alasan: str | None = None) -> list[Publikasi]:
    """Publish a month for one instansi, or for every instansi the marts hold for that month."""
    periode = periode_of(month)
    with warehouse.connect(autocommit=True, role="transformer") as conn:
        if conn.execute("select to_regclass('marts.fct_kinerja_pegawai_bulanan')").fetchone()[0] is None:
            raise NothingToPublish("the marts are not built yet: run `kinerja transform` (or `kinerja run`) first")
        setup(conn)
        if instansi:
            codes = [instansi]
        else:
            codes = [
                r[0]
                for r in conn.execute(
                    "select distinct instansi_kode from marts.fct_kinerja_pegawai_bulanan "
                    "where periode = %s order by 1",
                    (periode,),
                )
            ]
        if not codes:
            raise NothingToPublish(f"no scored rows for {month} in marts.fct_kinerja_pegawai_bulanan")
        kolom = columns(conn)  # once for every instansi: the frozen tables do not change during a publish
        return [publish_one(conn, code, periode, alasan, kolom) for code in codes]


def setup(conn: psycopg.Connection) -> None:
    """laporan.sql, then one frozen table per mart, its columns following the mart's."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext('kinerja laporan.sql'))")
        conn.execute(LAPORAN_SQL.read_text())
        for beku in FROZEN:
            target = sql.Identifier("laporan", beku.tabel)
            created = conn.execute("select to_regclass(%s) is null", (f"laporan.{beku.tabel}",)).fetchone()[0]
            if created:
                conn.execute(
                    sql.SQL(
                        "create table {} (publikasi_id text not null references laporan.publikasi, "
                        "revisi integer not null, diterbitkan_pada timestamptz not null)"
                    ).format(target)
                )
                conn.execute(sql.SQL("create index on {} (publikasi_id)").format(target))
            have = set(_columns(conn, f"laporan.{beku.tabel}"))
            for name, typ in _typed_columns(conn, f"marts.{beku.mart}"):
                if name not in have:  # a column the mart gained: earlier revisions read it as null
                    conn.execute(sql.SQL("alter table {} add column {} " + typ).format(target, sql.Identifier(name)))
            conn.execute("select laporan.lindungi(%s::regclass)", (f"laporan.{beku.tabel}",))


def publish_one(
    conn: psycopg.Connection,
    instansi: str,
    periode: dt.date,
    alasan: str | None = None,
    kolom: dict[str, list[str]] | None = None,
) -> Publikasi:
    """One instansi's month: a new revision when its rows differ from the latest one, else nothing.
    One transaction under an advisory lock per (instansi, month): two publishers never both make
    revision n + 1 (the unique key would refuse the second anyway)."""
    params = {"instansi": instansi, "periode": periode}
    kolom = kolom or columns(conn)
    with conn.transaction():
        conn.execute(
            "select pg_advisory_xact_lock(hashtext('kinerja publish'), hashtext(%s))", (f"{instansi}/{periode}",)
        )
        latest = conn.execute(
            """select publikasi_id, revisi, diterbitkan_pada, jumlah_baris, checksum, alasan_revisi, batch_terakhir
                 from laporan.publikasi where instansi_kode = %s and periode = %s order by revisi desc limit 1""",
            (instansi, periode),
        ).fetchone()
        checksum = checksum_marts(conn, params, kolom)
        if latest and latest[4] == checksum:
            return Publikasi(latest[0], instansi, periode, latest[1], latest[2], latest[3], checksum, latest[5], False)
        jumlah = conn.execute(
            "select count(*) from marts.fct_kinerja_pegawai_bulanan where instansi_kode = %(instansi)s "
            "and periode = %(periode)s",
            params,
        ).fetchone()[0]
        if not jumlah:
            raise NothingToPublish(f"no scored rows for instansi {instansi} in {periode:%Y-%m}")
        revisi = latest[1] + 1 if latest else 1
        publikasi_id = f"{instansi}-{periode:%Y%m}-r{revisi}"
        now, batch, versi = conn.execute(
            """select now(), (select coalesce(max(batch_id), 0) from ingest.ledger),
                      (select string_agg(distinct versi_kebijakan, ', ') from marts.fct_kinerja_pegawai_bulanan
                        where instansi_kode = %(instansi)s and periode = %(periode)s)""",
            params,
        ).fetchone()
        changes = 0
        if latest:
            changes = _diff_into_temp(conn, latest[0], params, kolom)
            alasan = alasan or _alasan(conn, latest, changes)
        conn.execute(
            """insert into laporan.publikasi (publikasi_id, instansi_kode, periode, revisi, diterbitkan_pada,
                   jumlah_baris, checksum, alasan_revisi, batch_terakhir, versi_kebijakan)
               values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
            (publikasi_id, instansi, periode, revisi, now, jumlah, checksum, alasan if latest else None, batch, versi),
        )
        for beku in FROZEN:
            cols = sql.SQL(", ").join(map(sql.Identifier, kolom[beku.tabel]))
            conn.execute(
                sql.SQL(
                    "insert into {} (publikasi_id, revisi, diterbitkan_pada, {cols}) "
                    "select %(id)s, %(revisi)s, %(now)s, {cols} from {} where instansi_kode = %(instansi)s and "
                    + beku.saring
                ).format(sql.Identifier("laporan", beku.tabel), sql.Identifier("marts", beku.mart), cols=cols),
                {**params, "id": publikasi_id, "revisi": revisi, "now": now},
            )
        _kelengkapan(conn, publikasi_id, params)
        if latest:
            conn.execute(
                """insert into laporan.publikasi_perubahan (publikasi_id, instansi_kode, periode, revisi,
                       revisi_sebelumnya, urutan, tabel, kunci, perubahan, kolom, nilai_lama, nilai_baru)
                   select %s, %s, %s, %s, %s,
                          row_number() over (order by kolom = 'predikat_kinerja' desc, tabel_urutan, kunci, kolom),
                          tabel, kunci, perubahan, kolom, nilai_lama, nilai_baru
                     from pg_temp.perubahan_baru""",
                (publikasi_id, instansi, periode, revisi, latest[1]),
            )
            conn.execute("drop table pg_temp.perubahan_baru")
    return Publikasi(publikasi_id, instansi, periode, revisi, now, jumlah, checksum, alasan, True, changes)


def _columns(conn: psycopg.Connection, table: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "select attname from pg_attribute where attrelid = %s::regclass and attnum > 0 and not attisdropped "
            "order by attnum",
            (table,),
        )
    ]


def _typed_columns(conn: psycopg.Connection, table: str) -> list[tuple[str, str]]:
    return conn.execute(
        "select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = %s::regclass "
        "and attnum > 0 and not attisdropped order by attnum",
        (table,),
    ).fetchall()


def _mart_columns(conn: psycopg.Connection, beku: Beku) -> list[str]:
    """The frozen table's data columns (the mart's, in the frozen table's order)."""
    mart = set(_columns(conn, f"marts.{beku.mart}"))
    return [c for c in _columns(conn, f"laporan.{beku.tabel}") if c not in META and c in mart]


def _rows_md5(conn: psycopg.Connection, relation: sql.Composable, cols: list[str], where: sql.Composable, params):
    query = sql.SQL(
        "select md5(coalesce(string_agg(r::text, E'\\n' order by r::text), '')) from (select {} from {} where {}) r"
    ).format(sql.SQL(", ").join(map(sql.Identifier, cols)), relation, where)
    return conn.execute(query, params).fetchone()[0]


def columns(conn: psycopg.Connection) -> dict[str, list[str]]:
    """Each frozen table's data columns (the mart's, in the frozen table's order)."""
    return {b.tabel: _mart_columns(conn, b) for b in FROZEN}


def checksum_marts(conn: psycopg.Connection, params: dict, kolom: dict[str, list[str]] | None = None) -> str:
    """The fingerprint the month would have if published now (scored tables only)."""
    kolom = kolom or columns(conn)
    parts = [
        _rows_md5(
            conn,
            sql.Identifier("marts", b.mart),
            kolom[b.tabel],
            sql.SQL("instansi_kode = %(instansi)s and " + b.saring),
            params,
        )
        for b in FROZEN
        if b.dinilai
    ]
    return conn.execute("select md5(%s)", ("".join(parts),)).fetchone()[0]


def checksum_frozen(conn: psycopg.Connection, publikasi_id: str) -> str:
    """The same fingerprint recomputed from a revision's frozen rows: equal to its stored checksum
    as long as nothing touched them."""
    parts = []
    for b in FROZEN:
        if not b.dinilai:
            continue
        cols = [c for c in _columns(conn, f"laporan.{b.tabel}") if c not in META]
        parts.append(
            _rows_md5(
                conn,
                sql.Identifier("laporan", b.tabel),
                cols,
                sql.SQL("publikasi_id = %(id)s"),
                {"id": publikasi_id},
            )
        )
    return conn.execute("select md5(%s)", ("".join(parts),)).fetchone()[0]


def _diff_into_temp(conn: psycopg.Connection, previous: str, params: dict, kolom: dict[str, list[str]]) -> int:
    """Rows added, removed and each changed column, previous revision vs the marts now, into
    pg_temp.perubahan_baru (dropped at the end of the publish)."""
    conn.execute(
        "create temp table perubahan_baru (tabel_urutan int, tabel text, kunci text, perubahan text, "
        "kolom text, nilai_lama text, nilai_baru text) on commit drop"
    )
    for urutan, b in enumerate(FROZEN):
        if not b.dinilai:
            continue
        cols = kolom[b.tabel]
        key = sql.SQL("concat_ws('|', {})").format(sql.SQL(", ").join(map(sql.Identifier, b.kunci)))
        select_cols = sql.SQL(", ").join(map(sql.Identifier, cols))
        conn.execute(
            sql.SQL(
                """insert into pg_temp.perubahan_baru
                   with lama as (
                       select {key} as kunci, to_jsonb(t) as j
                         from (select {cols} from {frozen} where publikasi_id = %(previous)s) t),
                   baru as (
                       select {key} as kunci, to_jsonb(t) as j
                         from (select {cols} from {mart} where instansi_kode = %(instansi)s and """
                + b.saring
                + """) t)
                   select %(urutan)s, %(tabel)s, coalesce(b.kunci, l.kunci),
                          case when l.kunci is null then 'ditambah' when b.kunci is null then 'dihapus'
                               else 'diubah' end,
                          d.kolom, l.j ->> d.kolom, b.j ->> d.kolom
                     from lama l
                     full join baru b on b.kunci = l.kunci
                     left join lateral (
                         select k as kolom from jsonb_object_keys(b.j) k
                          where l.kunci is not null and b.kunci is not null and l.j -> k is distinct from b.j -> k
                     ) d on true
                    where l.kunci is null or b.kunci is null or d.kolom is not null"""
            ).format(
                key=key,
                cols=select_cols,
                frozen=sql.Identifier("laporan", b.tabel),
                mart=sql.Identifier("marts", b.mart),
            ),
            {**params, "previous": previous, "urutan": urutan, "tabel": b.tabel},
        )
    return conn.execute("select count(*) from pg_temp.perubahan_baru").fetchone()[0]


def _alasan(conn: psycopg.Connection, latest, changes: int) -> str:
    """The reason of a revision, when the publisher gave none: the files loaded since the
    previous revision and what they changed."""
    files = conn.execute(
        "select source, count(*) from ingest.ledger where batch_id > %s and status = 'LOADED' group by 1 order by 1",
        (latest[6],),
    ).fetchall()
    pegawai, predikat = conn.execute(
        """select count(distinct kunci) filter (where tabel = 'kinerja_pegawai_bulanan'),
                  count(*) filter (where kolom = 'predikat_kinerja')
             from pg_temp.perubahan_baru"""
    ).fetchone()
    berkas = ", ".join(f"{s} {n}" for s, n in files) or "tidak ada berkas baru"
    return (
        f"Data terlambat atau koreksi setelah revisi {latest[1]}: berkas baru dimuat ({berkas}); "
        f"{changes} perubahan nilai, {pegawai} pegawai berubah, {predikat} predikat berubah."
    )


def _kelengkapan(conn: psycopg.Connection, publikasi_id: str, params: dict) -> None:
    """Data completeness as it stood at publication: per source, the ledger's files and rows, and
    the month's silence warnings (days, units, devices with no data)."""
    peringatan = conn.execute("select to_regclass('ingest.peringatan') is not null").fetchone()[0]
    silence = (
        """coalesce((select array_agg(p.pesan order by p.tanggal, p.kunci) from ingest.peringatan p
                      where p.source = l.source and p.tanggal >= %(periode)s
                        and p.tanggal < %(periode)s + interval '1 month'), '{}')"""
        if peringatan
        else "'{}'::text[]"
    )
    conn.execute(
        f"""insert into laporan.kelengkapan_data (publikasi_id, instansi_kode, periode, sumber, jumlah_berkas,
                berkas_ditolak, baris_dibaca, baris_dimuat, baris_karantina, peringatan)
            select %(id)s, %(instansi)s, %(periode)s, l.source, count(*),
                   count(*) filter (where l.status in ('REJECTED', 'BLOCKED')),
                   coalesce(sum(l.rows_read), 0), coalesce(sum(l.rows_loaded), 0),
                   coalesce(sum(l.rows_quarantined), 0), {silence}
              from ingest.ledger l
             group by l.source""",
        {**params, "id": publikasi_id},
    )


def revisions(conn: psycopg.Connection, instansi: str, periode: dt.date) -> list[dict]:
    """Every revision of an instansi's month, oldest first."""
    cur = conn.execute(
        """select publikasi_id, revisi, diterbitkan_pada, jumlah_baris, checksum, alasan_revisi
             from laporan.publikasi where instansi_kode = %s and periode = %s order by revisi""",
        (instansi, periode),
    )
    names = [d.name for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]
