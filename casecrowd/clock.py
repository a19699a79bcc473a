"""The one clock: aware UTC time, and the whole hours kept for expiries and counts.

Every package reads time here, the client and the forum alike (neither may
import the other's modules, and the client loads no database layer), so a
time is always aware UTC in Python. Tables that store naive UTC (the identity
database's) convert at the column with :func:`as_naive_utc`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

HOUR = timedelta(hours=1)


def utcnow() -> datetime:
    """Now, as an aware UTC datetime."""
    return datetime.now(UTC)


def utc_today() -> date:
    return utcnow().date()


def as_naive_utc(moment: datetime) -> datetime:
    """An aware time as naive UTC, as the identity tables store it; naive is taken as UTC."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def start_of_hour(moment: datetime) -> datetime:
    """The whole hour at or before ``moment`` (its time zone, if any, is kept)."""
    return moment.replace(minute=0, second=0, microsecond=0)


def next_whole_hour(moment: datetime) -> datetime:
    """``moment`` rounded up to the hour (unchanged when it is a whole hour already)."""
    floor = start_of_hour(moment)
    return floor if floor == moment else floor + HOUR
