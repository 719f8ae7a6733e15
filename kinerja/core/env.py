"""One definition of the environment every Kinerja process needs: the CLI, Airflow's processes
and tasks, dbt's profile and Great Expectations, whoever starts them.

Two inputs decide everything: KINERJA_DATABASE_URL (unset: the embedded server, whose URL the
stack passes on) and KINERJA_HOME. The settings that do not depend on the deployment live in
`deploy/kinerja.env`, which docker-compose reads as its `env_file` and `kinerja stack` reads here;
the rest is derived below."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse, urlunparse

from dotenv import dotenv_values

from . import config

ENV_FILE = config.PROJECT_ROOT / "deploy" / "kinerja.env"
# Every variable the project's code reads, with its default ("" = optional, None = required or
# derived). tests/test_compose.py checks the compose file against this list.
READ = {
    "KINERJA_DATABASE_URL": "",  # unset: the embedded server
    "KINERJA_HOME": ".kinerja",
    "KINERJA_LANDING": "/opt/kinerja/landing",
    "KINERJA_HASH_KEY": "",  # unset: a key generated once under $KINERJA_HOME/secrets
    "KINERJA_COPY_STREAMS": "",
    "KINERJA_COPY_SPLIT_BYTES": "",
    "KINERJA_NOTIFY_WEBHOOK": "",
    "KINERJA_NOTIFY_SMTP": "",
    "KINERJA_NOTIFY_TO": "",
    "KINERJA_DB_ROLES": "on",  # off: the pipeline connects as the URL's user (a server that forbids roles)
    "KINERJA_LOADER_PASSWORD": "",  # unset: generated once under $KINERJA_HOME/secrets
    "KINERJA_TRANSFORMER_PASSWORD": "",
    "KINERJA_BI_PASSWORD": "",
    "KINERJA_PUBLISH_GRACE_DAYS": "5",  # days after a month's end before publish_monthly freezes it
    "KINERJA_BI_PORT": "8088",  # Superset (`make bi`)
    "KINERJA_BI_VENV": "",  # unset: .venv-bi beside the project (made by `make bi-setup`)
    "KINERJA_AIRFLOW_PORT": "8080",
    "KINERJA_AIRFLOW_API": "",  # unset: http://localhost:$KINERJA_AIRFLOW_PORT
    "KINERJA_PGHOST": None,  # dbt's profile: derived from KINERJA_DATABASE_URL by dbt_connection()
    "KINERJA_PGPORT": None,
    "KINERJA_PGUSER": None,
    "KINERJA_PGPASSWORD": None,
    "KINERJA_PGDATABASE": None,
}


def shared() -> dict[str, str]:
    """The deployment-independent settings of deploy/kinerja.env."""
    return {k: v for k, v in dotenv_values(ENV_FILE).items() if v is not None}


def dbt_connection(url: str) -> dict[str, str]:
    """dbt's profile fields (KINERJA_PG*) from a PostgreSQL URL; a `?host=<dir>` query (a Unix
    socket directory, as the embedded server uses) wins over the URL's host."""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    return {
        "KINERJA_PGHOST": query.get("host", [parsed.hostname or "localhost"])[0],
        "KINERJA_PGPORT": str(parsed.port or 5432),
        "KINERJA_PGUSER": parsed.username or "postgres",
        "KINERJA_PGPASSWORD": parsed.password or "",
        "KINERJA_PGDATABASE": (parsed.path or "/postgres").lstrip("/") or "postgres",
    }


# The pipeline's roles (kinerja/warehouse/sql/roles.sql): the loader writes raw and ingest, the
# transformer builds the rest; `kinerja_bi` is the read-only login BI tools use.
ROLES = {"loader": "kinerja_loader", "transformer": "kinerja_transformer", "bi": "kinerja_bi"}


def roles_enabled() -> bool:
    return os.environ.get("KINERJA_DB_ROLES", "on").strip().lower() not in ("off", "0", "false", "no")


def role_password(role: str) -> str:
    """KINERJA_<ROLE>_PASSWORD, else a password generated once under $KINERJA_HOME/secrets."""
    return os.environ.get(f"KINERJA_{role.upper()}_PASSWORD") or secret(f"{ROLES[role]}_password")


def role_url(url: str, role: str) -> str:
    """The same server and database as `url`, logged in as one of the project's roles."""
    parsed = urlparse(url)
    host = parsed.netloc.rpartition("@")[2]
    return urlunparse(parsed._replace(netloc=f"{ROLES[role]}:{role_password(role)}@{host}"))


def export_dbt_connection() -> None:
    """Set dbt's KINERJA_PG* in this process from KINERJA_DATABASE_URL (when set), so a dbt run
    reads the same server whether the CLI, an Airflow task or compose started it. Pure: no file
    read, so the transform DAG may call it at import time (the rest of deploy/kinerja.env is in
    the process's environment already, put there by the stack or compose)."""
    url = os.environ.get("KINERJA_DATABASE_URL")
    if url:
        os.environ.update(dbt_connection(role_url(url, "transformer") if roles_enabled() else url))


def with_database(url: str, database: str, driver: str = "postgresql+psycopg") -> str:
    """The same server, another database, as a SQLAlchemy URL (Airflow's metadata)."""
    parsed = urlparse(url)
    return urlunparse(parsed._replace(scheme=driver, path=f"/{database}"))


def secret(name: str, make=lambda: secrets.token_urlsafe(24)) -> str:
    """A secret generated once under $KINERJA_HOME/secrets (never in the repository)."""
    path = config.home() / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def airflow_login() -> tuple[str, str]:
    """The Airflow UI's login: user `admin`, a generated password (Airflow reads it from the
    passwords file this writes)."""
    password = secret("airflow_admin_password")
    passwords = config.airflow_home() / "passwords.json"
    passwords.parent.mkdir(parents=True, exist_ok=True)
    passwords.write_text(json.dumps({"admin": password}))
    passwords.chmod(0o600)
    return "admin", password


def airflow_port() -> int:
    return int(os.environ.get("KINERJA_AIRFLOW_PORT", "8080"))


def stack(url: str, landing: Path | None = None) -> dict[str, str]:
    """The whole environment of a local stack process (and of `airflow dags test` in tests):
    the shared file, then what derives from the warehouse URL and $KINERJA_HOME."""
    home = config.airflow_home()
    airflow_db = os.environ.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN") or with_database(url, "airflow")
    airflow_login()
    port = airflow_port()
    # where task runners reach the api-server: this machine, or compose's `airflow-apiserver`
    api = os.environ.get("KINERJA_AIRFLOW_API", f"http://localhost:{port}")
    env = dict(os.environ)
    env.update(shared())
    env.update(dbt_connection(role_url(url, "transformer") if roles_enabled() else url))
    env.update(
        {
            "KINERJA_DATABASE_URL": url,
            "KINERJA_HOME": str(config.home()),
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(config.DAGS_DIR),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": airflow_db,
            # Airflow would derive an asyncpg URL, and asyncpg is not installed: psycopg does both
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": airflow_db,
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "passwords.json"),
            "AIRFLOW__API_AUTH__JWT_SECRET": secret("airflow_jwt_secret", lambda: secrets.token_hex(32)),
            "AIRFLOW__API__SECRET_KEY": secret("airflow_api_secret_key", lambda: secrets.token_hex(32)),
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__BASE_URL": f"http://localhost:{port}",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{api}/execution/",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "AIRFLOW__LOGGING__DAG_PROCESSOR_CHILD_PROCESS_LOG_DIRECTORY": str(home / "logs" / "dag_processor"),
            # the venv's binaries first: Cosmos finds `dbt` on PATH
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    if landing:
        env["KINERJA_LANDING"] = str(landing)
    return env
