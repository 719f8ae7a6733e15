"""Inspectorate logins: a PostgreSQL login per inspectorate, member of `kinerja_inspektorat`, and
the instansi it may read in `akses.inspektorat`. Row-level security on every `laporan` table
(kinerja/publish/sql/laporan.sql) reads that list, so a grant or revoke takes effect at the next
query, with no rebuild and no republish."""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg
from psycopg import sql

from kinerja import warehouse
from kinerja.core import env
from kinerja.core.errors import KinerjaError
from kinerja.warehouse import roles

LOGIN = re.compile(r"^[a-z_][a-z0-9_]{2,62}$")
RESERVED = {*env.ROLES.values(), "kinerja_inspektorat", "kinerja_engineer", "postgres"}


@dataclass
class Akses:
    login: str
    instansi_kode: str
    diberikan_pada: object
    diberikan_oleh: str


def _check(login: str) -> None:
    if not LOGIN.match(login) or login in RESERVED or login.startswith("pg_"):
        raise KinerjaError(
            f"login {login!r} is not usable: lower-case letters, digits and _ (3-63 characters), "
            "not a role of the project"
        )


def _admin() -> psycopg.Connection:
    if not env.roles_enabled():
        raise KinerjaError("KINERJA_DB_ROLES=off: the warehouse has no project roles, so no inspectorate logins")
    roles.ensure(warehouse.url())  # akses.inspektorat and the group come with roles.sql
    return psycopg.connect(warehouse.url(), autocommit=True)


def grant(instansi: str, login: str, password: str | None = None) -> str | None:
    """Let `login` read `instansi`'s laporan rows. Creates the login when new and returns its
    password (given, or generated and kept under $KINERJA_HOME/secrets with mode 0600); None when
    the login existed."""
    _check(login)
    with _admin() as conn, conn.transaction():
        exists = conn.execute("select 1 from pg_roles where rolname = %s", (login,)).fetchone()
        made = None
        if not exists:
            made = password or env.secret(f"{login}_password")
            conn.execute(
                sql.SQL("create role {} login password {} in role kinerja_inspektorat").format(
                    sql.Identifier(login), sql.Literal(made)
                )
            )
        else:
            member = conn.execute("select pg_has_role(%s, 'kinerja_inspektorat', 'member')", (login,)).fetchone()[0]
            if not member:
                raise KinerjaError(f"{login!r} is an existing role that is not an inspectorate login: choose another")
        conn.execute(
            "insert into akses.inspektorat (login, instansi_kode) values (%s, %s) on conflict do nothing",
            (login, instansi),
        )
    return made


def revoke(instansi: str, login: str) -> bool:
    """Take `instansi` from `login`; the login itself is dropped when no instansi is left."""
    _check(login)
    with _admin() as conn, conn.transaction():
        gone = conn.execute(
            "delete from akses.inspektorat where login = %s and instansi_kode = %s", (login, instansi)
        ).rowcount
        left = conn.execute("select count(*) from akses.inspektorat where login = %s", (login,)).fetchone()[0]
        member = conn.execute(
            "select exists (select from pg_roles where rolname = %s) "
            "and pg_has_role(%s, 'kinerja_inspektorat', 'member')",
            (login, login),
        ).fetchone()[0]
        if not left and member:
            conn.execute(sql.SQL("drop role {}").format(sql.Identifier(login)))
    return bool(gone)


def daftar() -> list[Akses]:
    with _admin() as conn:
        return [
            Akses(*r)
            for r in conn.execute(
                "select login, instansi_kode, diberikan_pada, diberikan_oleh from akses.inspektorat order by 1, 2"
            )
        ]
