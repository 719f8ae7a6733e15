"""The warehouse: an external PostgreSQL (KINERJA_DATABASE_URL) or the embedded one, and the SQL
functions (`sql/functions.sql`) that validation, staging and the loader share."""

from pathlib import Path

from .connection import (
    DATABASE,
    admin_url,
    connect,
    ensure_database,
    is_external,
    socket_dir,
    sqlalchemy_url,
    start,
    status,
    stop,
    url,
)

FUNCTIONS_SQL = Path(__file__).with_name("sql") / "functions.sql"

__all__ = [
    "DATABASE",
    "FUNCTIONS_SQL",
    "admin_url",
    "connect",
    "ensure_database",
    "is_external",
    "socket_dir",
    "sqlalchemy_url",
    "start",
    "status",
    "stop",
    "url",
]
