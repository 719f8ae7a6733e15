"""Load landing files into `raw`. Two short transactions per file, so a kill at any point leaves
no half-loaded batch visible:

1. stage: ledger row (PENDING) + a new raw partition filled by COPY; malformed records go to the
   quarantine. Staging models never read PENDING batches.
2. finalize, after the Great Expectations gate: rows that broke a row rule move to the quarantine
   with rule and message, and the batch becomes LOADED, or BLOCKED when a batch rule failed.

A PENDING batch found later (the loader was killed between the two) is discarded and redone.
Plain CSV streams straight into COPY (PostgreSQL parses it and checks the encoding), a big one
split at line ends into parallel streams, one per core; everything else (XLSX, JSONL, extra
columns, hashed columns, broken records) goes through the Python reader."""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

import psycopg
from psycopg import sql

from kinerja import warehouse
from kinerja.core import config
from kinerja.core.errors import FileRejected

from . import ledger
from .landing import LandingFile, Reader, discover
from .ledger import FileResult
from .sources import SKM_PII_COLUMNS, SOURCES, Source
from .validation import Validator, Verdict

_CHUNK = 1 << 20
_STREAM_LOCK = 7_140_002  # advisory lock class (with the batch id) held while a batch's streams load
_COPY_FALLBACK = (
    psycopg.errors.BadCopyFileFormat,
    psycopg.errors.CharacterNotInRepertoire,
    psycopg.errors.UntranslatableCharacter,
    psycopg.errors.InvalidTextRepresentation,
)


def _hasher(positions: list[int]) -> Callable[[list], list]:
    if not positions:
        return lambda values: values
    key = config.hash_key()

    def apply(values: list) -> list:
        for p in positions:
            if values[p] is not None:
                values[p] = hmac.new(key, values[p].encode(), hashlib.sha256).hexdigest()
        return values

    return apply


def _csv_header(path: Path) -> tuple[list[str], str, str]:
    """Column names, delimiter and PostgreSQL encoding name from a CSV's first line."""
    with path.open("rb") as fh:
        first = fh.readline(1 << 16)
    try:
        text, encoding = first.decode("utf-8-sig"), "UTF8"
    except UnicodeDecodeError:
        text, encoding = first.decode("cp1252", errors="replace"), "WIN1252"
    delimiter = ";" if text.count(";") > text.count(",") else ","
    header = next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter), [])
    return [h.strip().lower() for h in header], delimiter, encoding


def _scan(path: Path, source: Source) -> tuple[str, list[tuple[int, int]]]:
    """SHA-256 of the file, read once; for a plain CSV big enough to be worth it, also where to split
    it for parallel COPY: the byte offset and record number where each stream after the first begins,
    always just after a line end. A file with any quote character is never split, since a quoted
    field may hold a line end; without one, every record is one line and its number is the line's."""
    digest = hashlib.sha256()
    size = path.stat().st_size
    streams, min_bytes = config.copy_split()
    splittable = path.suffix.lower() in (".csv", ".txt") and not source.hashed and streams > 1 and size >= min_bytes
    targets = [size * k // streams for k in range(1, streams)] if splittable else []
    splits: list[tuple[int, int]] = []
    offset = lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            if splittable and b'"' in chunk:
                splittable = False
            if splittable and targets:
                # split just after the first line end at or past each target offset
                pos = 0
                while targets and (found := chunk.find(b"\n", max(targets[0] - offset, pos))) >= 0:
                    targets.pop(0)
                    splits.append((offset + found + 1, lines + chunk.count(b"\n", 0, found + 1) + 1))
                    pos = found + 1
                lines += chunk.count(b"\n")  # only needed up to the last split
            offset += len(chunk)
    # a split at the very end would be an empty stream
    return digest.hexdigest(), [s for s in splits if s[0] < size] if splittable else []


def _fast_copy(
    conn: psycopg.Connection, source: Source, path: Path, batch_id: int, splits: list[tuple[int, int]]
) -> tuple[int, str, str] | None:
    """COPY the file's bytes into the batch partition; None when the file needs the Python reader."""
    if path.suffix.lower() not in (".csv", ".txt") or source.hashed:
        return None
    header, delimiter, encoding = _csv_header(path)
    if (
        not header
        or len(set(header)) != len(header)
        or any(h not in source.columns for h in header)
        or not source.required.issubset(header)
    ):
        return None
    cols = sql.SQL(", ").join(sql.Identifier(h) for h in header)
    for enc in (encoding, "WIN1252") if encoding == "UTF8" else (encoding,):

        def copy(table: sql.Composable, header: bool, enc: str = enc) -> sql.Composed:
            return sql.SQL("copy {} ({}) from stdin with (format csv, header {}, delimiter {}, encoding {})").format(
                table, cols, sql.SQL("true" if header else "false"), sql.Literal(delimiter), sql.Literal(enc)
            )

        try:
            with conn.transaction():  # savepoint: a failed attempt leaves nothing
                if splits:
                    rows = _copy_streams(conn, source, path, batch_id, copy, splits)
                else:
                    rows = _copy_stream(conn, f"{source.name}_b{batch_id}", path, batch_id, copy)
                return rows, enc, delimiter
        except (psycopg.errors.CharacterNotInRepertoire, psycopg.errors.UntranslatableCharacter):
            continue
        except _COPY_FALLBACK:
            return None
    return None


def _copy_stream(
    conn: psycopg.Connection,
    name: str,
    path: Path,
    batch_id: int,
    copy: Callable,
    begin: int = 0,
    end: int | None = None,
    first_line: int = 2,
) -> int:
    """COPY bytes [begin, end) of the file into raw.<name>. Defaults fill the batch id and the record
    number (the header is record 1) while COPY streams; they are dropped again afterwards."""
    table = sql.SQL("raw.{}").format(sql.Identifier(name))
    seq = sql.SQL("raw.{}").format(sql.Identifier(f"{name}_line"))
    conn.execute(
        sql.SQL(
            "create sequence {seq} start {n} cache 100000; alter table {t} alter _batch_id "
            "set default {id}, alter _line set default nextval({name})"
        ).format(
            seq=seq, n=sql.Literal(first_line), t=table, id=sql.Literal(batch_id), name=sql.Literal(seq.as_string(conn))
        )
    )
    with conn.cursor() as cur:
        with cur.copy(copy(table, begin == 0)) as cp, path.open("rb") as fh:
            fh.seek(begin)
            left = (end if end is not None else 1 << 62) - begin
            while left > 0 and (chunk := fh.read(min(_CHUNK, left))):
                cp.write(chunk)
                left -= len(chunk)
        rows = cur.rowcount
    conn.execute(
        sql.SQL("alter table {} alter _batch_id drop default, alter _line drop default; drop sequence {}").format(
            table, seq
        )
    )
    return rows


def _copy_streams(
    conn: psycopg.Connection, source: Source, path: Path, batch_id: int, copy: Callable, splits: list[tuple[int, int]]
) -> int:
    """One big CSV as parallel COPY streams, each on its own connection into its own table; the
    tables become range partitions (by record number) of the batch partition in the caller's
    transaction, so the batch still appears all at once or not at all. A stream's table is
    committed before that; if the caller dies first it is an orphan, dropped by the next load
    (`drop_orphan_streams`), which knows it from the advisory lock the caller held."""
    conn.execute("select pg_advisory_xact_lock(%s, %s)", (_STREAM_LOCK, batch_id))
    part = ledger.partition(source.name, batch_id)
    # per stream: bytes [begin, end) and record numbers [first, next); None = open end
    starts = [(0, 2)] + splits
    streams = [
        (begin, first, nxt[0] if nxt else None, nxt[1] if nxt else None)
        for (begin, first), nxt in zip(starts, splits + [None], strict=False)
    ]
    names = [f"{source.name}_b{batch_id}_s{k}" for k in range(len(streams))]
    tables = [sql.SQL("raw.{}").format(sql.Identifier(n)) for n in names]
    columns = sql.SQL(", ").join(
        [sql.SQL("_batch_id bigint not null, _line integer not null")]
        + [sql.SQL("{} text").format(sql.Identifier(c)) for c in source.raw_columns]
    )
    barrier = threading.Barrier(len(streams))
    outcome: list[object] = [None] * len(streams)

    def stream(k: int) -> None:
        begin, first, end, nxt = streams[k]
        # the check constraint equals the partition constraint, so attaching needs no scan
        check = sql.SQL("_batch_id = {}::bigint").format(sql.Literal(batch_id))
        if k > 0:
            check += sql.SQL(" and _line >= {}").format(sql.Literal(first))
        if nxt is not None:
            check += sql.SQL(" and _line < {}").format(sql.Literal(nxt))
        try:
            # a stream only touches objects of its own; a lock wait would mean a bug, and must not
            # hang the load with the other streams waiting at the barrier
            with (
                psycopg.connect(conn.info.dsn, password=conn.info.password, options="-c lock_timeout=60s") as worker,
                worker.transaction(),
            ):
                worker.execute(sql.SQL("create table {} ({}, check ({}))").format(tables[k], columns, check))
                outcome[k] = _copy_stream(worker, names[k], path, batch_id, copy, begin, end, first)
                barrier.wait()  # commit only when every stream has copied its part
        except BaseException as exc:
            outcome[k] = exc
            barrier.abort()

    threads = [threading.Thread(target=stream, args=(k,), name=f"copy-{k}") for k in range(len(streams))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = [o for o in outcome if isinstance(o, BaseException) and not isinstance(o, threading.BrokenBarrierError)]
    if failed:
        raise failed[0]
    conn.execute(
        sql.SQL(
            "drop table {p}; create table {p} partition of raw.{s} for values in ({id}) partition by range (_line)"
        ).format(p=part, s=sql.Identifier(source.name), id=sql.Literal(batch_id))
    )
    for k, (table, (_, first, _, nxt)) in enumerate(zip(tables, streams, strict=False)):
        conn.execute(
            sql.SQL("alter table {} attach partition {} for values from ({}) to ({})").format(
                part,
                table,
                sql.SQL("minvalue") if k == 0 else sql.Literal(first),
                sql.SQL("maxvalue") if nxt is None else sql.Literal(nxt),
            )
        )
    return sum(outcome)  # type: ignore[arg-type]


def drop_orphan_streams(conn: psycopg.Connection) -> None:
    """Drop stream tables of parallel COPYs whose load died before attaching them."""
    rows = conn.execute(
        """select c.relname, substring(c.relname from '_b([0-9]+)_s[0-9]+$')::bigint
             from pg_class c where c.relnamespace = 'raw'::regnamespace and c.relkind = 'r'
              and not c.relispartition and c.relname ~ '_b[0-9]+_s[0-9]+$'"""
    ).fetchall()
    for name, batch_id in rows:
        with conn.transaction():
            if conn.execute("select pg_try_advisory_xact_lock(%s, %s)", (_STREAM_LOCK, batch_id)).fetchone()[0]:
                conn.execute(sql.SQL("drop table raw.{}").format(sql.Identifier(name)))


def _python_copy(conn: psycopg.Connection, source: Source, reader: Reader, batch_id: int, quarantined: list) -> int:
    hash_row = _hasher([source.columns.index(c) for c in source.hashed])
    cols = sql.SQL(", ").join(sql.Identifier(c) for c in ("_batch_id", "_line", *source.raw_columns))
    # survey lines may carry personal data or a rater's NIP in clear: never copy them to the quarantine
    private = source.name == "survei_skm" or bool(source.hashed)
    read = 0
    with conn.cursor().copy(
        sql.SQL("copy {} ({}) from stdin").format(ledger.partition(source.name, batch_id), cols)
    ) as copy:
        for row in reader.rows():
            read += 1
            if row.values is None:
                record = (
                    f"[withheld: may contain personal data; see line {row.line} of the file]" if private else row.record
                )
                quarantined.append((row.line, record, "malformed_record", row.problem or ""))
            else:
                copy.write_row([batch_id, row.line, *hash_row(row.values)])
    return read


def stage_file(conn: psycopg.Connection, lf: LandingFile, staged_now: Collection[str] = ()) -> FileResult:
    """Phase 1. Never raises for bad content: a bad file comes back REJECTED with a reason.
    `staged_now`: digests staged earlier in this run and not yet final (a night's files of a source
    are validated together): a copy of one of them is SKIPPED, not taken for a killed load."""
    source = SOURCES[lf.source]
    digest, splits = _scan(lf.path, source)
    result = FileResult(lf.source, str(lf.path), digest, "SKIPPED")
    known = ledger.lookup(conn, digest)
    if known and (known[1] in ledger.FINAL or digest in staged_now):
        return result
    if known:  # PENDING: a load that was killed before it finished
        ledger.discard(conn, known[0], known[2])

    quarantined: list[tuple[int | None, str, str, str]] = []
    reader = Reader(source, lf.path)
    encoding = delimiter = None
    try:
        with conn.transaction():
            batch_id = conn.execute(
                "insert into ingest.ledger (source, path, sha256, status) values (%s, %s, %s, 'PENDING') "
                "returning batch_id",
                (lf.source, str(lf.path), digest),
            ).fetchone()[0]
            result.batch_id, result.status = batch_id, "PENDING"
            ledger.create_partition(conn, lf.source, batch_id)
            try:
                with conn.transaction():
                    fast = _fast_copy(conn, source, lf.path, batch_id, splits)
                    if fast:
                        result.rows_read, encoding, delimiter = fast
                        reader.extra_columns = []
                    else:
                        result.rows_read = _python_copy(conn, source, reader, batch_id, quarantined)
                        encoding, delimiter = reader.encoding, reader.delimiter
            except (FileRejected, UnicodeDecodeError, csv.Error) as exc:
                reason = (
                    str(exc)
                    if isinstance(exc, FileRejected)
                    else (
                        f"{lf.path.name}: cannot be read as text ({exc.__class__.__name__}); "
                        "export it again as CSV (UTF-8 or Windows-1252) or XLSX"
                    )
                )
                result.status, result.reason, result.rows_read = "REJECTED", reason, 0
                quarantined.clear()
                conn.execute(sql.SQL("drop table {}").format(ledger.partition(lf.source, batch_id)))
            if quarantined:
                with conn.cursor().copy(
                    "copy ingest.quarantine (batch_id, source, line, record, rule, message) from stdin"
                ) as copy:
                    for line, record, rule, message in quarantined:
                        copy.write_row([batch_id, lf.source, line, record, rule, message])
            result.rows_quarantined = len(quarantined)
            result.rows_loaded = result.rows_read - result.rows_quarantined
            extra = list(reader.extra_columns)
            notes = []
            if lf.source == "survei_skm" and SKM_PII_COLUMNS.intersection(extra):
                notes.append("personal columns dropped: " + ", ".join(sorted(SKM_PII_COLUMNS.intersection(extra))))
            if result.status != "REJECTED" and extra:
                notes.append(f"extra columns ignored: {', '.join(extra)}")
            if notes:
                result.reason = "; ".join(notes)
            conn.execute(
                """update ingest.ledger set status = %s, rows_read = %s, rows_loaded = %s, rows_quarantined = %s,
                          reason = %s, extra_columns = %s, encoding = %s, delimiter = %s where batch_id = %s""",
                (
                    result.status,
                    result.rows_read,
                    result.rows_loaded,
                    result.rows_quarantined,
                    result.reason,
                    extra or None,
                    encoding,
                    delimiter,
                    batch_id,
                ),
            )
    except psycopg.errors.UniqueViolation:
        # Another task staged the same content between our lookup and our insert.
        return FileResult(lf.source, str(lf.path), digest, "SKIPPED")
    return result


def finalize(conn: psycopg.Connection, res: FileResult, verdict: Verdict | None = None) -> None:
    """Phase 2: quarantine rows that broke a row rule; LOADED, or BLOCKED on a batch rule."""
    part = ledger.partition(res.source, res.batch_id)
    with conn.transaction():
        if verdict and verdict.row_failures:
            lines = sorted(verdict.row_failures)
            conn.execute(
                sql.SQL(
                    """insert into ingest.quarantine (batch_id, source, line, record, rule, message)
                   select r._batch_id, %s, r._line, (to_jsonb(r) - '_batch_id' - '_line')::text, f.rule, f.message
                     from {} r join unnest(%s::int[], %s::text[], %s::text[]) as f(line, rule, message)
                       on f.line = r._line"""
                ).format(part),
                (
                    res.source,
                    lines,
                    [verdict.row_failures[n][0] for n in lines],
                    [verdict.row_failures[n][1] for n in lines],
                ),
            )
            conn.execute(sql.SQL("delete from {} where _line = any(%s)").format(part), (lines,))
            res.rows_quarantined += len(lines)
            res.rows_loaded -= len(lines)
        res.status = "BLOCKED" if verdict and verdict.batch_failures else "LOADED"
        if res.status == "BLOCKED":
            res.reason = "; ".join(verdict.batch_failures)
        res.checks = verdict.checks if verdict else {}
        conn.execute(
            """update ingest.ledger set status = %s, rows_loaded = %s, rows_quarantined = %s, reason = %s,
                      checks = %s where batch_id = %s""",
            (
                res.status,
                res.rows_loaded,
                res.rows_quarantined,
                res.reason,
                json.dumps(res.checks) if res.checks else None,
                res.batch_id,
            ),
        )
        if res.status == "LOADED" and res.source in ("pegawai", "unit_kerja"):
            key, table = ("nip", "nip_dikenal") if res.source == "pegawai" else ("unit_kode", "unit_dikenal")
            conn.execute(
                sql.SQL(
                    "insert into ingest.{} ({}, batch_id) select distinct btrim({}), {} from {} where {} is not null "
                    "on conflict do nothing"
                ).format(
                    sql.Identifier(table),
                    sql.Identifier(key),
                    sql.Identifier(key),
                    sql.Literal(res.batch_id),
                    part,
                    sql.Identifier(key),
                )
            )


def ingest(
    landing: Path,
    source: str | None = None,
    sources: Iterable[str] | None = None,
    validator: Validator | None = None,
    progress: Callable[[FileResult], None] | None = None,
    rehash: bool = False,
) -> list[FileResult]:
    """Load every new file of the landing folder (optionally only some sources). Sources go in
    contract order, reference data first, so each batch is checked against the roster and units
    loaded before it. Without a validator every parsed row is loaded (the bench's P1).

    A file whose path, size and modification time equal those recorded when it was last read is
    not read again (SKIPPED from the record); `rehash=True` hashes every file instead, so content
    changed behind an unchanged size and time is found too."""
    landing = landing.resolve()
    wanted = set(sources) if sources is not None else None
    files = [f for f in discover(landing, source) if wanted is None or f.source in wanted]
    results: list[FileResult] = []
    # autocommit: every step below is its own explicit transaction
    with warehouse.connect(autocommit=True, role="loader") as conn:
        ledger.ensure_schema(conn)
        drop_orphan_streams(conn)
        known = {} if rehash else ledger.unchanged_files(conn)
        for name in SOURCES:
            staged, seen = [], []
            for lf in (f for f in files if f.source == name):
                stat = lf.path.stat()
                fingerprint = (stat.st_size, stat.st_mtime_ns)
                before = known.get(str(lf.path))
                if before and before[:2] == fingerprint:
                    results.append(FileResult(lf.source, str(lf.path), before[2], "SKIPPED"))
                    continue
                res = stage_file(conn, lf, {r.sha256 for r in staged})
                results.append(res)
                seen.append((str(lf.path), *fingerprint, res.sha256))
                if res.status == "PENDING":
                    staged.append(res)
            verdicts = validator(conn, staged) if staged and validator else {}
            for res in staged:
                finalize(conn, res, verdicts.get(res.batch_id))
                if progress:
                    progress(res)
            ledger.remember_files(conn, seen)
    return results
