"""The hot rank's SQL math on SQLite builds without math functions."""

from __future__ import annotations

import sqlite3

import pytest

from casecrowd.db import sqlite_functions as sqlite_math

HOT = "SELECT log(CAST(? AS REAL)) / power(? + 2.0, 1.8)"


def connection_with_python_math() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    assert sqlite_math.install(connection, force=True)
    return connection


@pytest.mark.parametrize(("votes", "hours"), [(1, 0.0), (3, 0.5), (13, 30.25), (503, 9000.0)])
def test_python_functions_give_the_hot_rank(votes, hours):
    import math

    connection = connection_with_python_math()
    (rank,) = connection.execute(HOT, (votes, hours)).fetchone()
    assert rank == pytest.approx(math.log10(votes) / (hours + 2) ** 1.8, rel=1e-12)


@pytest.mark.skipif(
    not sqlite_math.has_math_functions(sqlite3.connect(":memory:")),
    reason="this SQLite has no built-in math functions to compare with",
)
def test_python_functions_agree_with_sqlites_own():
    builtin = sqlite3.connect(":memory:")
    python = connection_with_python_math()
    for votes, hours in [(1, 0.0), (4, 1.5), (27, 49.0), (1000, 0.001)]:
        expected = builtin.execute(HOT, (votes, hours)).fetchone()
        assert python.execute(HOT, (votes, hours)).fetchone() == pytest.approx(expected)


def test_outside_the_domain_gives_null_not_an_error():
    connection = connection_with_python_math()
    assert connection.execute("SELECT log(0), log(-1), log(NULL)").fetchone() == (None,) * 3
    assert connection.execute("SELECT power(-8, 0.5), power(10, 1000)").fetchone() == (None,) * 2


def test_functions_are_added_only_when_missing():
    connection = sqlite3.connect(":memory:")
    had_them = sqlite_math.has_math_functions(connection)
    assert sqlite_math.install(connection) is (not had_them)
    assert sqlite_math.has_math_functions(connection)
