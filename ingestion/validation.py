"""What the loader asks of a validator, so that landing -> raw does not depend on who validates:
`expectations.gates.validate_batches` is the one the pipeline hands in (`kinerja.run.ingest`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import psycopg
from psycopg import sql

if TYPE_CHECKING:
    from .ledger import FileResult


@dataclass
class Verdict:
    """A validator's judgement of one staged batch."""

    row_failures: dict[int, tuple[str, str]] = field(default_factory=dict)  # line -> (rule, message)
    batch_failures: list[str] = field(default_factory=list)  # any -> the batch is BLOCKED
    checks: dict = field(default_factory=dict)  # recorded in the ledger as they are


class Validator(Protocol):
    def __call__(
        self,
        conn: psycopg.Connection,
        results: list[FileResult],
        relations: dict[int, sql.Composable] | None = None,
        batch_rules: bool = True,
    ) -> dict[int, Verdict]:
        """Verdicts by batch id for staged batches, each read from its raw partition unless
        `relations` names another table (a quarantine retry); `batch_rules=False` skips the rules
        that judge a whole file."""
        ...
