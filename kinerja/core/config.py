"""Where things live. Everything resolves from two environment variables:
KINERJA_HOME (default ./.kinerja) and KINERJA_DATABASE_URL (default: the embedded server)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DAGS_DIR = PROJECT_ROOT / "dags"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations" / "suites"


def home() -> Path:
    """The state folder; absolute so Airflow tasks and dbt subprocesses agree on it."""
    return Path(os.environ.get("KINERJA_HOME", ".kinerja")).resolve()


def pgdata() -> Path:
    return home() / "pgdata"


def dbt_target_dir() -> Path:
    """dbt's target (manifest, compiled SQL): state, so under $KINERJA_HOME, not in the repository."""
    return home() / "dbt" / "target"


def airflow_home() -> Path:
    return home() / "airflow"


def hash_key() -> bytes:
    """Secret for keyed hashes of 360 raters' NIPs. From KINERJA_HASH_KEY, else a key made once
    under $KINERJA_HOME (never in the repository)."""
    value = os.environ.get("KINERJA_HASH_KEY")
    if value:
        return value.encode()
    path = home() / "secrets" / "hash_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def copy_split() -> tuple[int, int]:
    """How a big plain CSV is split into parallel COPY streams: how many (KINERJA_COPY_STREAMS;
    default the cores, at most 4; 1 turns splitting off) and from what file size in bytes
    (KINERJA_COPY_SPLIT_BYTES, default 4 MiB: below it the extra connections cost more than a
    second core gains)."""
    streams = os.environ.get("KINERJA_COPY_STREAMS")
    count = max(1, int(streams)) if streams else max(1, min(4, os.cpu_count() or 1))
    return count, int(os.environ.get("KINERJA_COPY_SPLIT_BYTES", 4 << 20))
