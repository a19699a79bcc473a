"""Column types that hand Python aware UTC datetimes on every backend.

The clock (:mod:`casecrowd.clock`) gives aware UTC time, and so does every
column: comparisons are never between naive and aware values.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from casecrowd.clock import as_naive_utc


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UTCDateTime(TypeDecorator):
    """A zoned column (PostgreSQL ``timestamptz``; SQLite keeps no zone): the forum's."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, _dialect: Any) -> datetime | None:
        return _aware(value)


class NaiveUTCDateTime(TypeDecorator):
    """A column without zone that holds UTC (the identity and metrics tables').

    The stored form is unchanged from the releases that wrote naive UTC; only
    Python sees aware values.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: Any, _dialect: Any) -> datetime | None:
        return None if value is None else as_naive_utc(value)

    def process_result_value(self, value: Any, _dialect: Any) -> datetime | None:
        return _aware(value)
