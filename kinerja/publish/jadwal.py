"""When a month is published: after it closes plus a grace period for late files."""

from __future__ import annotations

import datetime as dt
import os

from kinerja.core.errors import KinerjaError

GRACE_DEFAULT = 5


def grace_days() -> int:
    """KINERJA_PUBLISH_GRACE_DAYS: days after the month's end during which late files still go
    into its first revision (default 5)."""
    value = os.environ.get("KINERJA_PUBLISH_GRACE_DAYS", str(GRACE_DEFAULT))
    try:
        days = int(value)
    except ValueError:
        raise KinerjaError(f"KINERJA_PUBLISH_GRACE_DAYS={value!r} is not a number of days") from None
    if not 0 <= days <= 27:
        raise KinerjaError(f"KINERJA_PUBLISH_GRACE_DAYS={days}: use 0 to 27 days")
    return days


def cron() -> str:
    """The monthly DAG's schedule: 03:00 on the day after the grace period (after the nightly
    load at 01:00 and its transform)."""
    return f"0 3 {grace_days() + 1} * *"


def bulan_terbit(param: str | None, run_after: dt.datetime) -> str:
    """The month a run publishes: the `month` param when given (any past month), else the month
    before the run's date, which has closed and passed its grace period."""
    if param:
        month = dt.datetime.strptime(param, "%Y-%m").date()
        if month >= run_after.date().replace(day=1):
            raise KinerjaError(f"month {param} has not closed yet: publish a month before {run_after:%Y-%m}")
        return param
    first = run_after.date().replace(day=1)
    return f"{first - dt.timedelta(days=1):%Y-%m}"
