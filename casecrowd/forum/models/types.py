"""Column types, the clock and the id source shared by the forum models."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

from casecrowd.db import MAX_ID


def utcnow() -> datetime:
    return datetime.now(UTC)


def random_id() -> int:
    """A primary key that says nothing about when its row was written.

    Sequential ids of pseudonyms would rank registrations in time, and the
    identity database counts which membership obtained tokens in which
    epoch. Within 1..MAX_ID so that every id passes the app's id checks.
    """
    return secrets.randbelow(MAX_ID) + 1


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on every backend.

    SQLite keeps no zone, PostgreSQL a ``timestamptz``; either way Python
    gets an aware UTC value back, so comparisons with :func:`utcnow` are
    never between naive and aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("forum datetimes must be timezone-aware")
        value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: Any, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
