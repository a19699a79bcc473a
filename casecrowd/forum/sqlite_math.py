"""SQL math functions on SQLite builds that lack them.

The "hot" sort needs ``log`` (base 10, as on PostgreSQL) and ``power`` in
SQL. SQLite has them only when compiled with SQLITE_ENABLE_MATH_FUNCTIONS
(the default since 3.35, but not every distribution's build), so every new
SQLite connection is checked once and given deterministic Python versions
when they are missing. The listener is installed when this module is
imported, which the forum's service modules do before any query runs.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from sqlalchemy import Engine, event


def log10(value: float | None) -> float | None:
    # SQLite's own log() gives NULL outside its domain; so does this.
    if value is None or value <= 0:
        return None
    return math.log10(value)


def power(base: float | None, exponent: float | None) -> float | None:
    if base is None or exponent is None:
        return None
    try:
        result = math.pow(base, exponent)
    except (ValueError, OverflowError):
        return None
    return result


def has_math_functions(connection: sqlite3.Connection) -> bool:
    try:
        connection.execute("SELECT log(10), power(2, 2)").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


def install(connection: sqlite3.Connection, *, force: bool = False) -> bool:
    """Register the Python functions unless the build has its own; True when registered."""
    if not force and has_math_functions(connection):
        return False
    connection.create_function("log", 1, log10, deterministic=True)
    connection.create_function("power", 2, power, deterministic=True)
    return True


@event.listens_for(Engine, "connect")
def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        install(dbapi_connection)
