"""Rate limits on top of the ``limits`` library: one process or many.

A rule is a ``limits`` string, one window or several ("6/minute;60/hour"):
an event is counted in every window of its rule, or in none while any of
them is full, and the refusal is :class:`RateLimited` with ``Retry-After``
and a detail naming what was limited. Windows move (the moving window
strategy): at most N events in any span of the period, never 2N across a
boundary.

Where the counters live follows ``ratelimit.storage_url``:

- ``redis://`` shares them between every worker and host, atomically (one
  Lua script per event).
- ``memory://``, the embedded default, keeps them in the process; under
  gunicorn (:func:`count_across_processes`, called in each worker) they go
  to ``ratelimit.sqlite3`` in the instance folder instead, where one SQLite
  write lock per event keeps them exact across the workers of the host.
  Several hosts need Redis.

Keys are chosen by the caller — a pseudonym, a key, a credential's
fingerprint — never a client address, which the forum must not hold even
in a counter. The store sees only an HMAC of each key, under a key derived
from the app secret, and a prefix derived from it too: a copy of the
counters names no pseudonym, key or credential, two deployments sharing one
Redis database count apart, and :meth:`RateLimiter.reset` clears only its
own deployment's counters. (Staff login failures are counted in the identity
database instead, see :mod:`casecrowd.staff.throttle`.)
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import math
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string

from casecrowd.keyfiles import PRIVATE_FILE_MODE, make_private
from casecrowd.problems import RateLimited

_EXTENSION = "casecrowd.ratelimiter"
MEMORY = "memory://"
SHARED_FILE = "ratelimit.sqlite3"
_across_processes = threading.Event()


def count_across_processes() -> None:
    """Declare this process one of several serving the app (gunicorn's post_fork).

    Apps built afterwards keep ``memory://`` counters in the instance
    folder's shared file, so that N workers do not allow N times each limit.
    """
    _across_processes.set()


def rule_problem(value: str) -> str | None:
    """A setting's check for a rule: one or more ``limits`` windows, each allowing 1 or more."""
    try:
        items = parse_many(value)
    except ValueError:
        items = []
    if not items or any(item.amount < 1 for item in items):
        return 'must be a rate limit such as "30/hour" or "6/minute;60/hour;300/day"'
    return None


@dataclass(frozen=True)
class Limit:
    """A rule counted under ``namespace`` for ``key``; ``what`` names it in a refusal."""

    rule: str
    namespace: str
    key: str
    what: str = "requests"


class _LibraryWindows:
    """Moving windows in a storage of ``limits`` (memory, Redis)."""

    def __init__(self, storage_url: str, prefix: str) -> None:
        self._storage = storage_from_string(storage_url, key_prefix=prefix)

    def acquire(self, slot: str, amount: int, seconds: int) -> bool:
        return self._storage.acquire_entry(slot, amount, seconds)

    def window(self, slot: str, amount: int, seconds: int) -> tuple[float, int]:
        return self._storage.get_moving_window(slot, amount, seconds)

    def clear(self, slot: str) -> None:
        self._storage.clear(slot)

    def reset(self) -> None:
        self._storage.reset()


class _FileWindows:
    """Moving windows in a SQLite file, one count for every process of the host.

    An event is a row (slot, expires). Taking a place is one ``BEGIN
    IMMEDIATE`` transaction that counts the slot's live rows and inserts one
    only if it fits, so processes racing for a window's last place take
    SQLite's write lock in turn and exactly one gets it. Rows are deleted
    once expired. Times are ``time.time()``, the clock of ``limits``' own
    storages, so every backend answers alike.
    """

    def __init__(self, path: Path, prefix: str) -> None:
        self._path, self._prefix = path, prefix
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._open()
        return connection

    def _open(self) -> sqlite3.Connection:
        # Created private, like the databases: the counters are no business of
        # the host's other accounts, HMAC'd keys or not.
        descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            # Switching a file to WAL needs a lock SQLite answers "database is
            # locked" for instead of waiting: workers starting together take
            # turns on this one (flock, apart from SQLite's own fcntl locks).
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            connection = sqlite3.connect(self._path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("CREATE TABLE IF NOT EXISTS hits (slot TEXT, expires REAL)")
            connection.execute("CREATE INDEX IF NOT EXISTS hits_slot ON hits (slot, expires)")
            connection.execute("CREATE INDEX IF NOT EXISTS hits_expires ON hits (expires)")
        finally:
            os.close(descriptor)
        for suffix in ("", "-wal", "-shm"):
            make_private(self._path.with_name(self._path.name + suffix))
        return connection

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def acquire(self, slot: str, amount: int, seconds: int) -> bool:
        now, slot = time.time(), self._prefixed(slot)
        with self._writing() as connection:
            connection.execute("DELETE FROM hits WHERE expires <= ?", (now,))
            (taken,) = connection.execute(
                "SELECT count(*) FROM hits WHERE slot = ?", (slot,)
            ).fetchone()
            if taken >= amount:
                return False
            connection.execute("INSERT INTO hits VALUES (?, ?)", (slot, now + seconds))
            return True

    def window(self, slot: str, amount: int, seconds: int) -> tuple[float, int]:
        now, slot = time.time(), self._prefixed(slot)
        oldest, taken = (
            self._connection()
            .execute(
                "SELECT min(expires), count(*) FROM hits WHERE slot = ? AND expires > ?",
                (slot, now),
            )
            .fetchone()
        )
        return (oldest - seconds, taken) if taken else (now, 0)

    def clear(self, slot: str) -> None:
        with self._writing() as connection:
            connection.execute("DELETE FROM hits WHERE slot = ?", (self._prefixed(slot),))

    def reset(self) -> None:
        with self._writing() as connection:
            connection.execute("DELETE FROM hits WHERE slot LIKE ?", (self._prefixed("%"),))

    def _prefixed(self, slot: str) -> str:
        return f"{self._prefix}:{slot}"


def _period(item: RateLimitItem) -> str:
    unit = item.GRANULARITY.name
    return unit if item.multiples == 1 else f"{item.multiples} {unit}s"


class RateLimiter:
    def __init__(self, storage_url: str, secret: bytes, *, shared_file: Path | None = None) -> None:
        self._key = hmac.new(secret, b"casecrowd/ratelimit/keys", hashlib.sha256).digest()
        prefix = hmac.new(secret, b"casecrowd/ratelimit/prefix", hashlib.sha256).hexdigest()
        prefix = f"casecrowd-{prefix[:12]}"
        self._windows: _LibraryWindows | _FileWindows
        if storage_url == MEMORY and shared_file is not None:
            self._windows = _FileWindows(shared_file, prefix)
        else:
            self._windows = _LibraryWindows(storage_url, prefix)

    def hit(self, rule: str, namespace: str, key: str, what: str = "requests") -> None:
        """Count one event; raise :class:`RateLimited` once ``rule`` ("5/minute") is exceeded."""
        self.hit_all(Limit(rule, namespace, key, what))

    def hit_all(self, *limits: Limit) -> None:
        """Count one event under every limit, or under none while any of them is full.

        Each window is taken atomically; a window filled by a concurrent
        event between the check and the count refuses this one, whose
        places already taken in other windows stay taken (the error is on
        the strict side).
        """
        for limit in limits:
            self._refuse_if_full(limit)
        for limit in limits:
            for item in parse_many(limit.rule):
                slot = self._slot(item, limit)
                if not self._windows.acquire(slot, item.amount, item.get_expiry()):
                    raise self._refusal(limit, item, self._wait(item, slot))

    def test(self, rule: str, namespace: str, key: str, what: str = "requests") -> None:
        """Raise :class:`RateLimited` if one more event would exceed ``rule``, counting nothing."""
        self._refuse_if_full(Limit(rule, namespace, key, what))

    def retry_after(self, rule: str, namespace: str, key: str) -> int:
        """Seconds until ``rule`` takes one more event for ``key`` (at least 1)."""
        limit = Limit(rule, namespace, key)
        waits = [self._wait(item, self._slot(item, limit)) for item in parse_many(rule)]
        return max(1, *waits)

    def reset(self) -> None:
        """Forget every counter of this deployment (tests, and operators after an incident)."""
        self._windows.reset()

    def clear(self, rule: str, namespace: str, key: str) -> None:
        limit = Limit(rule, namespace, key)
        for item in parse_many(rule):
            self._windows.clear(self._slot(item, limit))

    def _slot(self, item: RateLimitItem, limit: Limit) -> str:
        named = hmac.new(self._key, f"{limit.namespace}\0{limit.key}".encode(), hashlib.sha256)
        return item.key_for(limit.namespace, named.hexdigest()[:32])

    def _wait(self, item: RateLimitItem, slot: str) -> int:
        """Seconds until the window has a free place; 0 while it has one."""
        start, taken = self._windows.window(slot, item.amount, item.get_expiry())
        if taken < item.amount:
            return 0
        return max(1, math.ceil(start + item.get_expiry() - time.time()))

    def _refuse_if_full(self, limit: Limit) -> None:
        for item in parse_many(limit.rule):
            wait = self._wait(item, self._slot(item, limit))
            if wait:
                raise self._refusal(limit, item, wait)

    @staticmethod
    def _refusal(limit: Limit, item: RateLimitItem, wait: int) -> RateLimited:
        wait = max(1, wait)
        return RateLimited(
            f"Too many {limit.what}: at most {item.amount} per {_period(item)}."
            f" Try again in {wait} seconds.",
            retry_after=wait,
        )


def init_app(app: Flask) -> None:
    shared = Path(app.instance_path) / SHARED_FILE if _across_processes.is_set() else None
    app.extensions[_EXTENSION] = RateLimiter(
        app.config["CASECROWD"]["ratelimit.storage_url"],
        app.config.get("SECRET_KEY") or b"",
        shared_file=shared,
    )


def limiter() -> RateLimiter:
    return current_app.extensions[_EXTENSION]
