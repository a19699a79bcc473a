"""SQL math functions on SQLite builds that lack them.

The "hot" sort needs ``log`` (base 10, as on PostgreSQL) and ``power`` in
SQL. SQLite has them only when compiled with SQLITE_ENABLE_MATH_FUNCTIONS
(the default since 3.35, but not every distribution's build), so every new
SQLite connection is checked once and given deterministic Python versions
when they are missing (:func:`casecrowd.db.init_app` installs them on every
SQLite connection, with the pragmas).
"""

from __future__ import annotations

import math
import sqlite3


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
