"""Request counts by the hour: what the request log leaves out, in aggregate only.

Registrations, session openings and token requests leave no log line
(:mod:`casecrowd.web`): their times alone could pair a membership's tokens with
a pseudonym. Operators still need to know how much each route is used and how
often it fails, so every request, those included, adds one to a count keyed by
(UTC hour, role, method, route template, status class). Nothing finer is kept:
no size, no id, no address, no pseudonym or membership.

A count is visible only once its hour is over, so that nobody polling can see
that one registration has just happened. Counts accumulate in process memory;
the first request after an hour ends writes the ended hours once its response
has been sent, and a worker writes everything it holds when it exits (the
readers still show ended hours only). Each count is stored on its own side:
forum roles' in the forum database, every other role's in the identity database.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd import db
from casecrowd.clock import HOUR, as_naive_utc, start_of_hour, utcnow

EXTENSION = "casecrowd.metrics"
# Roles whose routes work on the forum database (casecrowd/forum/, casecrowd/moderation/).
FORUM_ROLES = frozenset({"forum", "moderation"})
# Any other method (clients may send any token) is counted as one, so that the
# number of counters cannot grow with what clients send.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "OTHER"
# Rows per INSERT: well under SQLite's limit on bound parameters.
_ROWS_PER_STATEMENT = 100

log = logging.getLogger("casecrowd.metrics")

# (hour, role, method, route, status class)
Key = tuple[datetime, str, str, str, str]


class _RequestCounts:
    hour: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    method: Mapped[str] = mapped_column(String(8), primary_key=True)
    route: Mapped[str] = mapped_column(String(200), primary_key=True)
    status_class: Mapped[str] = mapped_column(String(3), primary_key=True)
    requests: Mapped[int] = mapped_column(Integer)


class IdentityRequestCount(_RequestCounts, db.IdentityModel):
    __tablename__ = "metrics_identity_requests"


class ForumRequestCount(_RequestCounts, db.ForumModel):
    __tablename__ = "metrics_forum_requests"


MODELS: dict[str, type[_RequestCounts]] = {
    "identity": IdentityRequestCount,
    "forum": ForumRequestCount,
}


def hour_of(moment: datetime) -> datetime:
    """The start of ``moment``'s UTC hour, naive (stored alike on SQLite and PostgreSQL)."""
    return start_of_hour(as_naive_utc(moment))


def method_name(method: str) -> str:
    return method if method in METHODS else OTHER_METHOD


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def bind_of(role: str) -> str:
    return "forum" if role in FORUM_ROLES else "identity"


class Recorder:
    """One process's counts of the hours not yet written. Thread-safe.

    ``clock`` returns the current time; tests move it to cross an hour.
    """

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._counts: Counter[Key] = Counter()
        self._earliest: datetime | None = None
        self._flush_asked = False
        # After a failed write, the next try waits for the next hour: not one
        # attempt (and one warning) per request while a database is down.
        self._retry_from: datetime | None = None

    def add(self, role: str, method: str, route: str, status: int) -> bool:
        """Count one request; True once per ended hour: the caller then asks for a flush."""
        hour = hour_of(self.clock())
        key = (hour, role, method_name(method), route, status_class(status))
        with self._lock:
            self._counts[key] += 1
            if self._earliest is None or hour < self._earliest:
                self._earliest = hour
            if self._flush_asked or self._earliest >= hour:
                return False
            if self._retry_from is not None and hour < self._retry_from:
                return False
            self._flush_asked = True
            return True

    def take(self, before: datetime | None) -> dict[Key, int]:
        """Remove and return the counts of hours before ``before`` (None: all of them)."""
        with self._lock:
            taken = {k: n for k, n in self._counts.items() if before is None or k[0] < before}
            for key in taken:
                del self._counts[key]
            self._earliest = min((k[0] for k in self._counts), default=None)
            self._flush_asked = False
            return taken

    def restore(self, counts: Mapping[Key, int]) -> None:
        """Put back counts that could not be written, for a flush after this hour."""
        retry_from = hour_of(self.clock()) + HOUR
        with self._lock:
            self._counts.update(counts)
            self._retry_from = retry_from
            hours = [self._earliest, *(k[0] for k in counts)]
            self._earliest = min((h for h in hours if h is not None), default=None)

    def pending(self) -> dict[Key, int]:
        with self._lock:
            return dict(self._counts)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Recorder()


def recorder(app: Flask | None = None) -> Recorder:
    return (app or current_app).extensions[EXTENSION]


def count(role: str, method: str, route: str, status: int) -> Callable[[], None] | None:
    """Count a request of the current app; returns the flush to run after the response, if due.

    The write is left to the caller to run once the response has been sent
    (``Response.call_on_close``): no request waits for the database because
    of metrics.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if recorder(app).add(role, method, route, status):
        return lambda: flush(app)
    return None


def flush(app: Flask, *, everything: bool = False) -> int:
    """Write the ended hours (``everything``: all counts, at exit); returns the rows written.

    Counts a database refuses are kept for the next flush; the failure is
    logged without them.
    """
    held = recorder(app)
    taken = held.take(None if everything else hour_of(held.clock()))
    written = 0
    for bind, counts in _by_bind(taken).items():
        try:
            with app.app_context():
                _save(bind, counts)
        except Exception as exc:  # noqa: BLE001 - a database that is down must not lose counts
            held.restore(counts)
            log.warning(
                "request counts could not be written to the %s database (%s); kept for the"
                " next flush",
                bind,
                type(exc).__name__,
            )
        else:
            written += len(counts)
    return written


def _by_bind(counts: Mapping[Key, int]) -> dict[str, dict[Key, int]]:
    split: dict[str, dict[Key, int]] = {}
    for key, n in counts.items():
        split.setdefault(bind_of(key[1]), {})[key] = n
    return split


def _save(bind: str, counts: Mapping[Key, int]) -> None:
    """Add ``counts`` to the stored ones: one upsert per row, one transaction."""
    table = MODELS[bind].__table__
    engine = db.engine(bind)
    insert = db.upsert_insert(bind)
    rows = [_row(key, n) for key, n in counts.items()]
    with engine.begin() as connection:
        for start in range(0, len(rows), _ROWS_PER_STATEMENT):
            statement = insert(table).values(rows[start : start + _ROWS_PER_STATEMENT])
            statement = statement.on_conflict_do_update(
                index_elements=list(table.primary_key.columns),
                set_={"requests": table.c.requests + statement.excluded.requests},
            )
            connection.execute(statement)


def _row(key: Key, n: int) -> dict[str, Any]:
    hour, role, method, route, status = key
    return {
        "hour": hour,
        "role": role,
        "method": method,
        "route": route,
        "status_class": status,
        "requests": n,
    }


@dataclass(frozen=True)
class HourCount:
    hour: datetime
    role: str
    method: str
    route: str
    status_class: str
    requests: int

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "hour": self.hour.strftime("%Y-%m-%dT%H:00Z")}


def ended_hours(hours: int, now: datetime) -> list[HourCount]:
    """Stored counts of the ``hours`` hours that ended last, before ``now``'s hour."""
    end = hour_of(now)
    start = end - hours * HOUR
    found: list[HourCount] = []
    for model in MODELS.values():
        table = model.__table__
        statement = select(table).where(table.c.hour >= start, table.c.hour < end)
        with db.engine(model.__bind_key__).connect() as connection:  # type: ignore[attr-defined]
            found.extend(HourCount(**row) for row in connection.execute(statement).mappings())
    return sorted(found, key=lambda c: (c.hour, c.role, c.route, c.method, c.status_class))
