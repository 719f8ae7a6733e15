"""The landing zone: find files, fingerprint them, and read them as rows of text in the
contract's column order, whatever the format (CSV `,`/`;` in UTF-8/Windows-1252, XLSX, JSONL)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kinerja.core.errors import FileRejected

from .sources import SOURCES, TEMPORAL_COLUMNS, Source

SUFFIXES = {".csv", ".txt", ".xlsx", ".jsonl"}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class LandingFile:
    source: str
    path: Path


@dataclass
class RawRow:
    line: int
    values: list[str | None] | None  # None when the record could not be parsed
    record: str  # the original record, for the quarantine
    problem: str | None = None


def discover(landing: Path, only: str | None = None) -> list[LandingFile]:
    """Every data file under <landing>/<source>/**, in a stable order. File names carry no meaning."""
    found: list[LandingFile] = []
    for name in SOURCES:
        if only and name != only:
            continue
        folder = landing / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith((".", "~$")):
                found.append(LandingFile(name, path))
    return found


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def detect_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when every byte decodes, else Windows-1252, the encoding of Indonesian
    Excel exports. Streams the file once."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        head = fh.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig"
        try:
            decoder.decode(head)
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _header_map(source: Source, header: list[str], path: Path) -> tuple[list[int | None], list[str]]:
    """Positions of the contract columns in the file's header, and the extra columns found."""
    names = [(h or "").strip().lower().lstrip("\ufeff") for h in header]
    if not any(names):
        raise FileRejected(f"{path.name}: the first row is empty; it must be the header row")
    index = {n: i for i, n in reversed(list(enumerate(names)))}
    missing = [c for c in source.columns if c in source.required and c not in index]
    if missing:
        raise FileRejected(
            f"{path.name}: required column {', '.join(repr(m) for m in missing)} is missing "
            f"(header found: {', '.join(n for n in names if n)})"
        )
    positions = [index.get(c) for c in source.columns]
    extra = [n for n in names if n and n not in source.columns]
    return positions, extra


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01 after Excel's 1900 leap-year bug


def _excel_temporal(value: object, kind: str | None) -> object:
    """Undo what Excel does to a temporal column: a serial number left in a cell without a date
    format, or a month `2026-03` Excel turned into the date 2026-03-01. Unambiguous cases only:
    plausible serials (1954–2119) and times of day (0 ≤ x < 1); anything else stays as it is and
    meets the validation rule for that column."""
    if kind is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if kind == "time" and 0 <= value < 1:
            return (_EXCEL_EPOCH + dt.timedelta(seconds=round(value * 86400))).strftime("%H:%M")
        if kind in ("date", "datetime") and 20000 <= value < 80000:
            moment = _EXCEL_EPOCH + dt.timedelta(seconds=round(value * 86400))
            return moment.date() if kind == "date" and moment.time() == dt.time() else moment
        return value
    if kind == "month" and isinstance(value, dt.datetime) and value.day == 1 and value.time() == dt.time():
        return value.strftime("%Y-%m")
    if kind == "date" and isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if kind == "time" and isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


def _clean(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    elif isinstance(value, float) and abs(value) >= 1e15:
        # An 18-digit NIP Excel stored as a number: keep Excel's own rendering so it is rejected.
        text = f"{value:.5E}"
    else:
        text = str(value)
    text = text.strip()
    return text or None


class Reader:
    """Rows of one landing file. `extra_columns` is known after construction (header read)."""

    def __init__(self, source: Source, path: Path) -> None:
        self.source = source
        self.path = path
        self.extra_columns: list[str] = []
        self.encoding: str | None = None
        self.delimiter: str | None = None

    def rows(self) -> Iterator[RawRow]:
        suffix = self.path.suffix.lower()
        if self.path.stat().st_size == 0:
            raise FileRejected(f"{self.path.name}: the file is empty")
        if suffix == ".jsonl":
            yield from self._jsonl()
        elif suffix == ".xlsx":
            yield from self._xlsx()
        else:
            yield from self._csv()

    def _csv(self) -> Iterator[RawRow]:
        self.encoding = detect_encoding(self.path)
        with self.path.open("r", encoding=self.encoding, newline="") as fh:
            first = fh.readline()
            if not first.strip():
                raise FileRejected(f"{self.path.name}: the first line is empty; it must be the header row")
            self.delimiter = ";" if first.count(";") > first.count(",") else ","
            header = next(csv.reader([first], delimiter=self.delimiter))
            positions, self.extra_columns = _header_map(self.source, header, self.path)
            width = len(header)
            reader = csv.reader(fh, delimiter=self.delimiter)
            line = 1  # record number, header = 1: the same numbering as the COPY fast path
            for values in reader:
                if not values or all(not v.strip() for v in values):
                    continue
                line += 1
                record = self.delimiter.join(values)
                if len(values) != width:
                    yield RawRow(
                        line, None, record, f"line {line} has {len(values)} fields where the header has {width}"
                    )
                    continue
                yield RawRow(line, [_clean(values[p]) if p is not None else None for p in positions], record)

    def _jsonl(self) -> Iterator[RawRow]:
        self.encoding = detect_encoding(self.path)
        positions_by_key: dict[str, int] = {}
        seen_extra: set[str] = set()
        with self.path.open("r", encoding=self.encoding) as fh:
            any_row = False
            for line_no, text in enumerate(fh, start=1):
                if not text.strip():
                    continue
                any_row = True
                try:
                    obj = json.loads(text)
                    if not isinstance(obj, dict):
                        raise ValueError("not an object")
                except ValueError:
                    yield RawRow(line_no, None, text.rstrip("\n"), f"line {line_no} is not a JSON object")
                    continue
                keys = {str(k).strip().lower(): v for k, v in obj.items()}
                if not positions_by_key:
                    missing = [c for c in self.source.columns if c in self.source.required and c not in keys]
                    if missing:
                        raise FileRejected(
                            f"{self.path.name}: required field {', '.join(repr(m) for m in missing)} "
                            f"is missing in the first record"
                        )
                    positions_by_key = {c: i for i, c in enumerate(self.source.columns)}
                for k in keys:
                    if k not in positions_by_key and k not in seen_extra:
                        seen_extra.add(k)
                        self.extra_columns.append(k)
                yield RawRow(line_no, [_clean(keys.get(c)) for c in self.source.columns], text.rstrip("\n"))
            if not any_row:
                raise FileRejected(f"{self.path.name}: the file has no records")

    def _xlsx(self) -> Iterator[RawRow]:
        import openpyxl  # only for .xlsx files, a few per night

        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise FileRejected(f"{self.path.name}: not a readable .xlsx workbook ({exc.__class__.__name__})") from exc
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                raise FileRejected(f"{self.path.name}: the first sheet is empty")
            positions, self.extra_columns = _header_map(
                self.source, [str(h) if h is not None else "" for h in header], self.path
            )
            kinds = [TEMPORAL_COLUMNS.get(c) for c in self.source.columns]
            for line, values in enumerate(rows, start=2):
                if values is None or all(v is None or str(v).strip() == "" for v in values):
                    continue
                record = json.dumps([_clean(v) for v in values], ensure_ascii=False)
                yield RawRow(
                    line,
                    [
                        _clean(_excel_temporal(values[p], kind)) if p is not None and p < len(values) else None
                        for p, kind in zip(positions, kinds, strict=False)
                    ],
                    record,
                )
        finally:
            book.close()
