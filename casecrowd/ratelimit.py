"""Rate limits on top of the ``limits`` library: one process or many.

``memory://`` counts inside one process (the embedded default); a
``redis://`` URL shares the counters between gunicorn workers and hosts,
atomically. Keys are namespaced and chosen by the caller: a membership, a
pseudonym, a key — never a client address, which the forum must not hold
even in a counter. (Staff login failures are counted in the identity
database instead, see :mod:`casecrowd.staff.throttle`, so that their limit
holds across workers even on the embedded default.)
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from casecrowd.problems import RateLimited

_EXTENSION = "casecrowd.ratelimiter"


class RateLimiter:
    def __init__(self, storage_url: str) -> None:
        self._storage = storage_from_string(storage_url)
        self._strategy = MovingWindowRateLimiter(self._storage)

    def hit(self, rule: str, namespace: str, key: str) -> None:
        """Count one event; raise :class:`RateLimited` once ``rule`` ("5/minute") is exceeded."""
        item = parse(rule)
        if not self._strategy.hit(item, namespace, key):
            raise RateLimited(retry_after=self.retry_after(rule, namespace, key))

    def test(self, rule: str, namespace: str, key: str) -> None:
        """Raise :class:`RateLimited` if one more event would exceed ``rule``, counting nothing."""
        item = parse(rule)
        if not self._strategy.test(item, namespace, key):
            raise RateLimited(retry_after=self.retry_after(rule, namespace, key))

    def retry_after(self, rule: str, namespace: str, key: str) -> int:
        stats = self._strategy.get_window_stats(parse(rule), namespace, key)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def reset(self) -> None:
        """Forget every counter (tests, and operators after an incident)."""
        self._storage.reset()

    def clear(self, rule: str, namespace: str, key: str) -> None:
        self._strategy.clear(parse(rule), namespace, key)


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = RateLimiter(app.config["CASECROWD"]["ratelimit.storage_url"])


def limiter() -> RateLimiter:
    return current_app.extensions[_EXTENSION]
