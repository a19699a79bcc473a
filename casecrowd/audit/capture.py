"""What time data a real deployment keeps: every time column of both databases, every log line.

:func:`run_capture` starts a throwaway deployment (SQLite in a temporary folder unless
database URLs are given), runs :func:`casecrowd.audit.journey.journey` with its log
lines recorded, snapshots every table after each step (so it is known which step
wrote which column), and measures each time column on the values it holds.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from casecrowd import config
from casecrowd.audit import journey as journey_module
from casecrowd.audit.columns import TimeColumn, classify, ties
from casecrowd.audit.journey import START, STEP_TITLES, LogRecorder
from casecrowd.audit.precision import EXACT, Precision, as_micros
from casecrowd.client.embedded import EmbeddedServer
from casecrowd.clock import utcnow
from casecrowd.db import BINDS, db

Rows = list[dict[str, object]]


@dataclass(frozen=True)
class LogKind:
    """Lines of one logger and level written during one step, in one route."""

    logger: str
    level: str
    step: str
    route: str
    during: str  # the moment the line falls at (a journey step), or "" for none that matters
    count: int
    precision: Precision = EXACT  # a log line carries its exact timestamp


@dataclass(frozen=True)
class Capture:
    columns: tuple[TimeColumn, ...]
    logs: tuple[LogKind, ...]

    def logs_during(self, steps: tuple[str, ...]) -> list[LogKind]:
        return [kind for kind in self.logs if kind.during in steps]


def _digests(rows: Rows) -> dict[str, int]:
    """Column -> a digest of its non-null values, to see which columns a step wrote."""
    names = rows[0].keys() if rows else ()
    return {
        name: hash(tuple(sorted(repr(row[name]) for row in rows if row[name] is not None)))
        for name in names
    }


def _raw_select(table: sa.Table) -> sa.Select:
    """Every column as the driver returns it: SQLite's text shows what is really stored."""
    raw = sa.types.NullType()
    return sa.select(*(sa.type_coerce(column, raw).label(column.name) for column in table.columns))


class Snapshots:
    """Both databases, reflected, read in full after every step of the journey."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.metadata: dict[str, sa.MetaData] = {}
        with app.app_context():
            for bind in BINDS:
                self.metadata[bind] = sa.MetaData()
                self.metadata[bind].reflect(bind=db.engines[bind])
        self.rows = self.read()
        self.written: dict[tuple[str, str], dict[str, set[str]]] = {}

    def read(self) -> dict[tuple[str, str], Rows]:
        found = {}
        with self.app.app_context():
            for bind, metadata in self.metadata.items():
                with db.engines[bind].connect() as connection:
                    for name, table in metadata.tables.items():
                        found[bind, name] = [
                            dict(row._mapping) for row in connection.execute(_raw_select(table))
                        ]
        return found

    def take(self, finished_step: str) -> None:
        """Read again; every column whose values changed was written by ``finished_step``."""
        rows = self.read()
        for key, now in rows.items():
            before, after = _digests(self.rows.get(key, [])), _digests(now)
            empty = hash(())
            changed = {
                name
                for name in before.keys() | after.keys()
                if before.get(name, empty) != after.get(name, empty)
            }
            for name in changed:
                self.written.setdefault(key, {}).setdefault(name, set()).add(finished_step)
        self.rows = rows

    def columns(self, now_micros: int) -> list[TimeColumn]:
        tied = ties(self.metadata.values())
        found = []
        for bind, metadata in self.metadata.items():
            for name, table in sorted(metadata.tables.items()):
                written = {
                    column: tuple(sorted(steps, key=list(STEP_TITLES).index))
                    for column, steps in self.written.get((bind, name), {}).items()
                }
                rows = self.rows[bind, name]
                found += classify(bind, table, rows, tied[name], now_micros, written)
        return found


def _log_settings() -> dict[str, object]:
    """The shipped logging defaults: the embedded server's quiet ones would hide lines."""
    return {
        setting.key.split(".", 1)[1]: setting.default
        for setting in config.CORE_SETTINGS
        if setting.key.startswith("logging.")
    }


def run_capture(
    folder: Path | None = None, database_urls: Mapping[str, str] | None = None
) -> Capture:
    """Run the journey on a throwaway deployment and measure what it stored and logged."""
    if folder is None:
        with tempfile.TemporaryDirectory(prefix="casecrowd-audit-") as temporary:
            return run_capture(Path(temporary), database_urls)
    overrides: dict[str, dict[str, object]] = {"logging": _log_settings()}
    if database_urls:
        overrides["database"] = {f"{bind}_url": database_urls[bind] for bind in BINDS}
    recorder = LogRecorder()
    with recorder.attached(), EmbeddedServer(folder / "server", overrides) as server:
        snapshots = Snapshots(server.app)

        def step(name: str) -> None:
            snapshots.take(recorder.step)
            recorder.step = name

        journey_module.journey(server, folder, step)
        step(START)  # the last step's writes are read; nothing follows
        columns = snapshots.columns(as_micros(utcnow()))
    counts = Counter(recorder.lines)
    logs = [
        LogKind(line.logger, line.level, line.step, line.route, line.during, count)
        for line, count in sorted(counts.items(), key=lambda item: _log_order(item[0]))
    ]
    return Capture(tuple(columns), tuple(logs))


def _log_order(line: journey_module.LoggedLine) -> tuple[int, str, str, str]:
    return (list(STEP_TITLES).index(line.step), line.route, line.logger, line.level)
