"""The pipeline's roles (sql/roles.sql), set up through the URL's own user the first time a
process asks for a role's connection, so the embedded server, compose and an external server get
the same roles with no separate install step. Applied again only when roles.sql changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import psycopg
from psycopg import sql

from kinerja.core import env
from kinerja.core.errors import KinerjaError

ROLES_SQL = Path(__file__).with_name("sql") / "roles.sql"
_ready: set[str] = set()


class RolesUnavailable(KinerjaError):
    def __init__(self, reason: str) -> None:
        super().__init__(
            f"cannot set up the warehouse roles ({reason}): connect with a user that may create roles "
            "(superuser or CREATEROLE), or set KINERJA_DB_ROLES=off to run the pipeline as the URL's user"
        )


def version() -> str:
    return hashlib.md5(ROLES_SQL.read_bytes()).hexdigest()


def ensure(base_url: str) -> None:
    """Apply roles.sql and the role passwords to the database of `base_url` when not yet done.
    One query per process when already done."""
    if base_url in _ready:
        return
    wanted = version()
    try:
        with psycopg.connect(base_url, autocommit=True) as conn:
            done = conn.execute(
                "select obj_description(to_regnamespace('akses'), 'pg_namespace') = %s", (f"roles.sql {wanted}",)
            ).fetchone()[0]
            if not done:
                apply(conn, wanted)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise RolesUnavailable(str(exc).strip().splitlines()[0]) from exc
    _ready.add(base_url)


def apply(conn: psycopg.Connection, wanted: str | None = None) -> None:
    """roles.sql, then each login role's password, in one transaction; serialised so that two
    processes starting together do not both create the roles."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext('kinerja roles.sql'))")
        conn.execute(ROLES_SQL.read_text())
        for role, name in env.ROLES.items():
            conn.execute(
                sql.SQL("alter role {} password {}").format(sql.Identifier(name), sql.Literal(env.role_password(role)))
            )
        conn.execute(sql.SQL("comment on schema akses is {}").format(sql.Literal(f"roles.sql {wanted or version()}")))
