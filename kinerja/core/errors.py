"""Errors a user can meet. Each message says what to do; the CLI prints it on one line."""


class KinerjaError(Exception):
    """Base class: the CLI turns these into a one-line reason and a non-zero exit."""


class WarehouseNotRunning(KinerjaError):
    def __init__(self, home: str) -> None:
        super().__init__(
            f"the embedded warehouse under {home} is not running: start it with `kinerja db start` "
            "or set KINERJA_DATABASE_URL to an external PostgreSQL"
        )


class FileRejected(KinerjaError):
    """A whole file cannot be loaded (unreadable, empty, missing a required column)."""
