"""How finely a stored time pins down a moment, measured from the values themselves.

A column's SQL type says little: a DATETIME may hold values truncated to the day, an
INTEGER may be a Unix time or an epoch number. So precision is read off the values a
real run stored: the coarsest unit every value is a whole multiple of.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from casecrowd.issuer import settings as issuer_settings

MICROS_PER_SECOND = 1_000_000
_UNIX_ZERO = datetime(1970, 1, 1, tzinfo=UTC)


def issuer_default(key: str) -> int:
    """The shipped default of an issuer setting: the audit measures the default deployment."""
    return next(s.default for s in issuer_settings.SETTINGS if s.key == key)


EPOCH_SECONDS = issuer_default("issuer.epoch_days") * 86400


@dataclass(frozen=True, order=True)
class Precision:
    """A unit of time; ordering is by length, so the finest of several is ``min``."""

    micros: int
    name: str

    @property
    def seconds(self) -> int:
        """The unit in whole seconds, the resolution of the simulation (at least 1)."""
        return max(1, self.micros // MICROS_PER_SECOND)

    def __str__(self) -> str:
        return self.name


MICROSECOND = Precision(1, "microsecond")
MILLISECOND = Precision(1_000, "millisecond")
SECOND = Precision(MICROS_PER_SECOND, "second")
STEP = Precision(30 * MICROS_PER_SECOND, "30 seconds")
MINUTE = Precision(60 * MICROS_PER_SECOND, "minute")
HOUR = Precision(3600 * MICROS_PER_SECOND, "hour")
DAY = Precision(86400 * MICROS_PER_SECOND, "day")
EPOCH = Precision(EPOCH_SECONDS * MICROS_PER_SECOND, "epoch")
# What an observer of every request sees, and what a log line's timestamp holds.
EXACT = MICROSECOND
LEVELS = (MICROSECOND, MILLISECOND, SECOND, STEP, MINUTE, HOUR, DAY, EPOCH)

# Integer columns say their unit in their name, or hold a count of some unit since 1970.
_NAMED_UNITS = {"epoch": EPOCH, "day": DAY, "days": DAY, "hour": HOUR, "hours": HOUR}
_NAMED_UNITS |= {"minute": MINUTE, "minutes": MINUTE, "step": STEP}
TIME_WORDS = frozenset(_NAMED_UNITS) | {"time", "timestamp", "date", "created", "expires"}


def names_time(column: str) -> bool:
    """Whether a column's name says it holds a time (``…_at``, ``…_on``, ``epoch``, ``hour``…)."""
    name = column.lower()
    return name.endswith(("_at", "_on")) or bool(TIME_WORDS & set(name.split("_")))


def named_unit(column: str) -> Precision | None:
    for word in column.lower().split("_"):
        if word in _NAMED_UNITS:
            return _NAMED_UNITS[word]
    return None


def as_micros(value: datetime | date) -> int:
    """Microseconds since 1970 in UTC; naive values are UTC, as every model stores them."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - _UNIX_ZERO) // timedelta(microseconds=1)


def parse_time(value: object) -> datetime | date | None:
    """A stored time as Python sees it: drivers give datetimes, SQLite gives ISO text."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def aligned(instants: Iterable[int], finest: Precision = MICROSECOND) -> Precision:
    """The coarsest level, from ``finest`` up, that every instant (µs) is a multiple of."""
    values = list(instants)
    if not values:
        return finest
    best = finest
    for level in LEVELS:
        if level < finest:
            continue
        if all(value % level.micros == 0 for value in values):
            best = level
        else:
            break
    return best


def integer_unit(column: str, values: list[int], now_micros: int) -> Precision:
    """The unit of an integer time column: by its name, else by the size of its values."""
    named = named_unit(column)
    if named is not None or not values:
        return named or SECOND
    typical = sorted(abs(v) for v in values)[len(values) // 2] or 1
    return min(LEVELS, key=lambda level: abs(math.log(typical * level.micros / now_micros)))


def measure(
    column: str, kind: str, values: list[object], now_micros: int
) -> tuple[Precision, bool]:
    """(precision, assumed) of one column from its non-null values.

    ``kind`` is ``"date"``, ``"datetime"``, ``"integer"`` or ``"string"``. With no value
    to measure, the type or the name decides and ``assumed`` is true: a DATETIME is then
    taken to be exact, since nothing shows it is not.
    """
    if kind == "integer":
        numbers = [int(v) for v in values if isinstance(v, int | float)]
        unit = integer_unit(column, numbers, now_micros)
        return aligned((n * unit.micros for n in numbers), unit), not numbers
    times = [t for t in (parse_time(v) for v in values) if t is not None]
    finest = DAY if kind == "date" else MICROSECOND
    if not times:
        return (DAY if kind == "date" else named_unit(column) or MICROSECOND), True
    return aligned((as_micros(t) for t in times), finest), False
