"""Sweeps of expired short-lived rows: ``sweep()``, ``casecrowd sweep``, the server's timer.

Some rows must not outlive their purpose: retry entries of ended issuer
epochs, expired staff sessions, expired forum sessions. Nothing on the
request path deletes them (a deletion there would happen at a time a
request chose); a sweep does, on a timer in the server whether or not
requests arrive, and on demand from the shell.

A feature module (:mod:`casecrowd.features`): the configuration imports it
for ``SETTINGS``, so it never imports the configuration or the app back.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.settings import Setting, at_least, view

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "maintenance.sweep_interval_seconds",
        600,
        "Seconds between two sweeps of expired rows (issuer retry entries of ended epochs,"
        " expired staff and forum sessions) by the running server (gunicorn's master"
        " process, or the single-process server); `casecrowd sweep` runs one at any time.",
        int,
        check=at_least(1),
    ),
)

# Each sweep: its name in reports, and "module:function" taking the time
# (aware, UTC) and returning how many rows it deleted.
SWEEPS: tuple[tuple[str, str], ...] = (
    ("issuer_retry_entries", "casecrowd.issuer.retries:sweep_ended_epochs"),
    ("staff_sessions", "casecrowd.staff.service:sweep_expired_sessions"),
    ("forum_sessions", "casecrowd.forum.service.sessions:sweep_expired"),
)

log = logging.getLogger("casecrowd.maintenance")


class SweepFailed(Exception):
    """Some sweeps failed; the others ran and committed. Names error classes, never data."""

    def __init__(self, counts: dict[str, int], failures: dict[str, str]) -> None:
        self.counts, self.failures = counts, failures
        named = ", ".join(f"{name} ({error})" for name, error in failures.items())
        super().__init__(f"sweep failed for {named}")


def _sweep_function(path: str) -> Callable[[datetime], int]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def sweep(now: datetime | None = None, app: Flask | None = None) -> dict[str, int]:
    """Run every sweep in an app context of ``app`` (default: the current one), each committed.

    Returns the rows each deleted. A sweep that fails is rolled back and the
    others still run; :class:`SweepFailed` then reports it. ``now`` naive
    means UTC.
    """
    now = now or utcnow()
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    counts: dict[str, int] = {}
    failures: dict[str, str] = {}
    with (app or current_app._get_current_object()).app_context():
        for name, path in SWEEPS:
            try:
                counts[name] = _sweep_function(path)(now)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - one failing sweep must not stop the rest
                db.session.rollback()
                failures[name] = type(exc).__name__
    if failures:
        raise SweepFailed(counts, failures)
    return counts


@click.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Delete expired short-lived rows now, and print how many of each.

    Retry entries of ended issuer epochs, expired staff sessions and expired
    forum sessions. The server does this every maintenance.sweep_interval_seconds;
    safe to run at any time, also beside it.
    """
    try:
        counts = sweep()
    except SweepFailed as failed:
        _report(failed.counts)
        raise click.ClickException(str(failed)) from None
    _report(counts)


def _report(counts: dict[str, int]) -> None:
    for name, count in counts.items():
        click.echo(f"deleted {count} {name}")


class Sweeper(threading.Thread):
    """Sweeps every ``interval`` seconds until stopped; a daemon, so it ends with its process."""

    def __init__(self, app: Flask, interval: float) -> None:
        super().__init__(name="casecrowd-sweeper", daemon=True)
        self.app, self.interval = app, interval
        self._stopped = threading.Event()
        with app.app_context():
            self._engines = list(db.engines.values())

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        # The first round waits too: gunicorn forks its workers right after start-up.
        while not self._stopped.wait(self.interval):
            try:
                counts = sweep(app=self.app)
            except SweepFailed as failed:
                log.error("%s", failed)
            except Exception as exc:  # noqa: BLE001 - the next round may succeed
                log.error("sweep failed (%s)", type(exc).__name__)
            else:
                if any(counts.values()):
                    log.info("swept %s", ", ".join(f"{n}: {c}" for n, c in counts.items()))
            finally:
                # Between rounds no connection stays open, so a worker forked
                # then inherits none.
                self.release_connections()

    def release_connections(self, *, close: bool = True) -> None:
        """Empty the pools: close their connections, or in a forked child just forget them."""
        for engine in self._engines:
            engine.dispose(close=close)


def sweep_interval_seconds(settings: Mapping[str, Any]) -> int:
    return settings["maintenance.sweep_interval_seconds"]


def start_sweeper(app: Flask) -> Sweeper:
    """Start the server's sweeper thread (gunicorn's ``when_ready``, in the master process).

    The interval is the app's ``maintenance.sweep_interval_seconds``.
    """
    sweeper = Sweeper(app, view(sweep_interval_seconds, app))
    # A worker forked during a round must not use, or close, the master's
    # connections: it forgets them (SQLAlchemy's advice for pools and fork).
    os.register_at_fork(after_in_child=lambda: sweeper.release_connections(close=False))
    sweeper.start()
    return sweeper
