"""`kinerja stack`: what docker-compose runs, as local processes under $KINERJA_HOME/stack.

supervisord (the `supervisor` package) keeps each process up — restarted when it dies, as
compose's `restart:` does: the embedded warehouse (unless KINERJA_DATABASE_URL points elsewhere),
then Airflow's api-server, scheduler, dag-processor and triggerer (LocalExecutor), with Airflow's
metadata in the `airflow` database of the same server. When the warehouse restarts, Airflow's
processes lose their database and exit; supervisord starts them again until it is back.
Every process gets its environment from kinerja/core/env.py, the same definition compose uses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import httpx
import psycopg

from kinerja import warehouse
from kinerja.core import config, env
from kinerja.core.errors import KinerjaError

AIRFLOW = ("api-server", "scheduler", "dag-processor", "triggerer")
BIN = Path(sys.executable).parent


def stack_dir() -> Path:
    return config.home() / "stack"


def conf_path() -> Path:
    return stack_dir() / "supervisord.conf"


@dataclass
class Stack:
    url: str  # the Airflow UI and API
    user: str
    password: str
    processes: dict[str, str]  # name -> supervisord state (RUNNING, STARTING, BACKOFF, ...)


def _program(name: str, command: str, log: Path, extra: str = "") -> str:
    return f"""
[program:{name}]
command={command}
autorestart=true
startsecs=5
startretries=1000
stopasgroup=true
killasgroup=true
stopwaitsecs=30
redirect_stderr=true
stdout_logfile={log}
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=2
{extra}"""


def write_conf(socket_dir: str | None) -> Path:
    """supervisord's configuration: the warehouse first (embedded only), then Airflow."""
    d = stack_dir()
    (d / "logs").mkdir(parents=True, exist_ok=True)
    text = f"""; written by `kinerja stack up`; edit kinerja/stack/processes.py instead
[unix_http_server]
file={d / "supervisor.sock"}
[supervisord]
logfile={d / "supervisord.log"}
pidfile={d / "supervisord.pid"}
childlogdir={d / "logs"}
directory={config.home()}
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://{d / "supervisor.sock"}
"""
    if socket_dir:
        from pgserver._commands import POSTGRES_BIN_PATH  # the embedded server's binaries only

        postgres = Path(POSTGRES_BIN_PATH) / "postgres"
        user = "user=pgserver" if os.geteuid() == 0 else ""  # PostgreSQL refuses to run as root
        text += _program(
            "warehouse",
            f"{postgres} -D {config.pgdata()} -k {socket_dir} -h ''",
            d / "logs" / "warehouse.log",
            f"priority=1\nstopsignal=INT\n{user}",  # SIGINT: PostgreSQL's fast shutdown
        )
    for name in AIRFLOW:
        extra = "priority=10"
        if name == "api-server":
            extra += f"\n; the UI and the REST API on port {env.airflow_port()}"
        # A process that dies leaves its children behind (a scheduler's LocalExecutor workers,
        # holding open transactions and row locks the next scheduler would wait on forever).
        # supervisord starts each program as a process-group leader: before starting again, kill
        # what is left of the previous group, as a container's end does under compose.
        group = d / f"{name}.pgid"
        command = (
            f"/bin/sh -c '[ -s {group} ] && /bin/kill -s KILL -- -$(cat {group}) 2>/dev/null; "
            f"echo $$ > {group}; exec {BIN / 'airflow'} {name}'"
        )
        text += _program(f"airflow-{name}", command, d / "logs" / f"airflow-{name}.log", extra)
    conf_path().write_text(text)
    return conf_path()


def _supervisorctl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "supervisorctl"), "-c", str(conf_path()), *args], capture_output=True, text=True, timeout=120
    )


def _supervisord_pid() -> int | None:
    pidfile = stack_dir() / "supervisord.pid"
    if not pidfile.exists():
        return None
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def states() -> dict[str, str]:
    if _supervisord_pid() is None:
        return {}
    out = _supervisorctl("status").stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            found[parts[0]] = parts[1]
    return found


def supervises(name: str) -> bool:
    """Whether the running stack has this program (e.g. the embedded `warehouse`)."""
    return name in states()


def control(action: str, name: str = "all") -> str:
    """supervisorctl start / stop / restart of one program (or all); returns what it printed."""
    proc = _supervisorctl(action, name)
    if "ERROR" in proc.stdout and not any(ok in proc.stdout for ok in ("already started", "not running")):
        raise KinerjaError(f"supervisorctl {action} {name}: {proc.stdout.strip()}")
    return proc.stdout.strip()


def _migrate(environ: dict[str, str]) -> None:
    """`airflow db migrate` once per Airflow version and metadata database (compose's airflow-init)."""
    marker = config.airflow_home() / f".migrated-{version('apache-airflow')}"
    target = environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    if marker.exists() and marker.read_text() == target:
        return
    log = stack_dir() / "logs" / "airflow-db-migrate.log"
    with log.open("w") as fh:
        proc = subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=environ, stdout=fh, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        raise KinerjaError(f"`airflow db migrate` failed; see {log}")
    marker.write_text(target)


def _ensure_airflow_database(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = 'airflow'").fetchone():
            conn.execute("create database airflow")


def environment(landing: Path | None = None) -> dict[str, str]:
    """The stack's environment (also what tests give `airflow dags test`)."""
    return env.stack(warehouse.url(), landing)


def up(landing: Path | None = None, wait: float = 240) -> Stack:
    """Start the stack (idempotent) and wait until the API answers and the scheduler is healthy."""
    stack_dir().mkdir(parents=True, exist_ok=True)
    (stack_dir() / "logs").mkdir(exist_ok=True)
    if _supervisord_pid() is None:
        url = warehouse.start()
        _ensure_airflow_database(url)
        environ = environment(landing)
        _migrate(environ)
        socket_dir = None if warehouse.is_external() else warehouse.socket_dir()
        write_conf(socket_dir)
        for stale in stack_dir().glob("*.pgid"):  # groups of a stack that is gone: nothing to clean
            stale.unlink()
        if socket_dir:
            warehouse.stop()  # handed over to supervisord, which restarts it when it dies
        proc = subprocess.run(
            [str(BIN / "supervisord"), "-c", str(conf_path())], env=environ, capture_output=True, text=True
        )
        if proc.returncode != 0:
            raise KinerjaError(f"supervisord did not start: {proc.stderr.strip() or proc.stdout.strip()}")
    else:
        _supervisorctl("start", "all")
    user, password = env.airflow_login()
    base = f"http://localhost:{env.airflow_port()}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if healthy(base):
            return Stack(base, user, password, states())
        time.sleep(2)
    raise KinerjaError(f"the Airflow stack did not become healthy in {wait:.0f} s; logs: {stack_dir() / 'logs'}")


def healthy(base: str) -> bool:
    """The api-server answers and the scheduler, dag-processor and triggerer sent heartbeats."""
    try:
        body = httpx.get(f"{base}/api/v2/monitor/health", timeout=5).json()
    except (httpx.HTTPError, ValueError):
        return False
    parts = ("metadatabase", "scheduler", "dag_processor", "triggerer")
    return all((body.get(p) or {}).get("status") == "healthy" for p in parts)


def down() -> bool:
    """Stop every process of the stack, the warehouse included; False when it was not running."""
    pid = _supervisord_pid()
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)  # supervisord stops its programs, then exits
    for _ in range(120):
        if _supervisord_pid() is None:
            return True
        time.sleep(0.5)
    raise KinerjaError(f"supervisord (pid {pid}) did not stop in 60 s")


def status() -> Stack | None:
    found = states()
    if not found:
        return None
    user, password = env.airflow_login()
    return Stack(f"http://localhost:{env.airflow_port()}", user, password, found)
