"""`kinerja bi up|down|status` (the `make bi` target): Superset as a local process under
$KINERJA_HOME/bi. Superset's pins (SQLAlchemy 1.4, pandas 2.1, Flask-AppBuilder) clash with
Airflow's, so it lives in its own virtual environment (`.venv-bi`, from
dashboards/superset/requirements.lock, made by `make bi-setup`) and is driven through
dashboards/superset/kinerja_superset.py, the same script the compose service runs."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kinerja.core import config, env
from kinerja.core.errors import KinerjaError
from kinerja.warehouse import connection as warehouse

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "dashboards" / "superset" / "kinerja_superset.py"
USER = "admin"


class BiUnavailable(KinerjaError):
    """Superset cannot be installed, prepared or started; the message says what to do."""


@dataclass
class Dasbor:
    url: str
    user: str
    password: str
    running: bool
    log: Path


def venv() -> Path:
    return Path(os.environ.get("KINERJA_BI_VENV", ROOT / ".venv-bi"))


def port() -> int:
    return int(os.environ.get("KINERJA_BI_PORT", "8088"))


def state_dir() -> Path:
    return config.home() / "bi"


def address() -> str:
    return f"http://127.0.0.1:{port()}"


def environment() -> dict[str, str]:
    # the warehouse as BI sees it: the read-only role, never the owner
    return {**os.environ, "KINERJA_HOME": str(config.home()), "KINERJA_BI_URL": warehouse.url(role="bi")}


def _python() -> Path:
    python = venv() / "bin" / "python"
    if not python.exists():
        raise BiUnavailable(f"Superset's virtual environment {venv()} is missing: run `make bi-setup` (or `make bi`)")
    return python


def _run(*args: str) -> None:
    done = subprocess.run([str(_python()), str(RUNNER), *args], env=environment(), capture_output=True, text=True)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise BiUnavailable(" ".join(lines[-3:]) if lines else f"{RUNNER.name} {args[0]} failed")


def login() -> tuple[str, str]:
    return USER, env.secret("superset_admin_password")


def _pid() -> int | None:
    try:
        pid = int((state_dir() / "superset.pid").read_text().strip())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None


def healthy() -> bool:
    try:
        with urllib.request.urlopen(f"{address()}/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def status() -> Dasbor:
    user, password = login()
    return Dasbor(address(), user, password, _pid() is not None and healthy(), state_dir() / "superset.log")


def prepare(force: bool = False) -> None:
    """Metadata, the admin login and the dashboard (imported when its files changed)."""
    warehouse.start()  # the roles, kinerja_bi among them, exist before Superset logs in
    _run("prepare", *(["--force"] if force else []))


def up(force_import: bool = False, timeout: float = 120) -> Dasbor:
    """Prepare, then start Superset in the background unless it already runs; waits until healthy."""
    prepare(force_import)
    if _pid() is None:
        _run("serve", "--daemon", "--port", str(port()))
    deadline = time.monotonic() + timeout
    while not healthy():
        if time.monotonic() > deadline:
            raise BiUnavailable(
                f"Superset did not answer on {address()} within {timeout:.0f} s: see {state_dir()}/superset.log"
            )
        time.sleep(1)
    return status()


def down(timeout: float = 30) -> bool:
    pid = _pid()
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid() is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    return True


def export(out: Path) -> None:
    """The dashboard as it is in Superset now, back into `out` (review the diff, then commit)."""
    _run("export", "--out", str(out))
