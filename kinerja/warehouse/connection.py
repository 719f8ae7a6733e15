"""The warehouse connection: an external PostgreSQL (KINERJA_DATABASE_URL) or the embedded
server from the pgserver wheel, kept under $KINERJA_HOME/pgdata and reached on a Unix socket."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from kinerja.core import config, env
from kinerja.core.errors import KinerjaError, WarehouseNotRunning

from . import roles

DATABASE = "kinerja"
# pgserver imports platformdirs, which warns on every command when XDG_RUNTIME_DIR is unset.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")


def is_external() -> bool:
    return bool(os.environ.get("KINERJA_DATABASE_URL"))


def _postmaster_info():
    from pgserver.utils import PostmasterInfo  # pgserver only for the embedded server, not with a URL

    info = PostmasterInfo.read_from_pgdata(config.pgdata())
    if info is None or not info.is_running() or info.status != "ready":
        return None
    return info


def start() -> str:
    """Start the embedded server if needed (idempotent) and make sure the database exists."""
    if not is_external():
        import pgserver  # the embedded server only

        config.pgdata().mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: the server outlives this process (pgserver stops it at exit otherwise).
        pgserver.get_server(config.pgdata(), cleanup_mode=None)
    ensure_database()
    if env.roles_enabled():
        roles.ensure(url())  # the project's roles and schemas (sql/roles.sql), when not yet there
    return url()


def stop() -> bool:
    """Stop the embedded server; False when it was not running."""
    if is_external():
        raise KinerjaError("KINERJA_DATABASE_URL points at an external server: stop it where it runs")
    info = _postmaster_info()
    if info is None:
        return False
    from pgserver._commands import pg_ctl  # the embedded server only

    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=config.pgdata(), user=user)
    return True


def status() -> dict:
    if is_external():
        try:
            with connect() as conn:
                version = conn.execute("show server_version").fetchone()[0]
            return {"mode": "external", "running": True, "version": version, "url": url()}
        except psycopg.Error as exc:
            return {"mode": "external", "running": False, "error": str(exc).strip(), "url": url()}
    info = _postmaster_info()
    return {
        "mode": "embedded",
        "running": info is not None,
        "pgdata": str(config.pgdata()),
        "pid": info.pid if info else None,
        "url": url() if info else None,
    }


def socket_dir() -> str:
    """The embedded server's Unix-socket directory."""
    info = _postmaster_info()
    if info is None:
        raise WarehouseNotRunning(str(config.home()))
    return str(info.socket_dir)


def admin_url() -> str:
    info = _postmaster_info()
    if info is None:
        raise WarehouseNotRunning(str(config.home()))
    return f"postgresql://postgres:@/postgres?host={info.socket_dir}"


def url(role: str | None = None) -> str:
    """The DSN every component uses (psycopg, SQLAlchemy, dbt, Great Expectations). With a role
    ("loader", "transformer", "bi"), the same database logged in as that role (roles.sql), unless
    KINERJA_DB_ROLES=off."""
    external = os.environ.get("KINERJA_DATABASE_URL")
    if external:
        base = external
    else:
        info = _postmaster_info()
        if info is None:
            raise WarehouseNotRunning(str(config.home()))
        base = f"postgresql://postgres:@/{DATABASE}?host={info.socket_dir}"
    if role is None or not env.roles_enabled():
        return base
    roles.ensure(base)
    return env.role_url(base, role)


def sqlalchemy_url(role: str | None = None) -> str:
    u = url(role)
    return "postgresql+psycopg://" + u.split("://", 1)[1]


def ensure_database() -> None:
    if is_external():
        return
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (DATABASE,)).fetchone()
        if not exists:
            conn.execute(f'create database "{DATABASE}"')


def _shown(dsn: str) -> str:
    """A DSN fit for a message: the password masked."""
    parsed = psycopg.conninfo.conninfo_to_dict(dsn)
    return dsn.replace(str(parsed["password"]), "***") if parsed.get("password") else dsn


@contextmanager
def connect(autocommit: bool = False, role: str | None = None) -> Iterator[psycopg.Connection]:
    """A connection to the warehouse, as the URL's user or as one of the pipeline's roles."""
    dsn = url(role)
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise KinerjaError(f"cannot connect to the warehouse ({_shown(dsn)}): {str(exc).strip()}") from exc
    with conn:
        yield conn
