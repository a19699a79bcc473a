"""Portable statements both databases need under concurrency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from casecrowd.db.base import db

# The two backends' INSERT with ON CONFLICT, which the core INSERT lacks.
_UPSERT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert_insert(bind: str) -> Callable[..., Any]:
    """The dialect's ``insert`` (PostgreSQL's or SQLite's), which has ``ON CONFLICT``."""
    return _UPSERT_INSERTS[db.engines[bind].dialect.name]


def insert_ignoring_conflict(
    model: type, values: dict[str, Any], conflict_columns: list[str] | None
) -> Any:
    """The statement INSERT … ON CONFLICT (columns) DO NOTHING RETURNING the primary key."""
    insert = upsert_insert(model.__bind_key__)
    return (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict_columns)
        .returning(*model.__table__.primary_key.columns)
    )


def insert_or_ignore(
    model: type, values: dict[str, Any], conflict_columns: list[str] | None
) -> bool:
    """INSERT … ON CONFLICT (columns) DO NOTHING in the session; True when a row was inserted.

    Only a conflict on ``conflict_columns`` is ignored: any other unique
    constraint still raises IntegrityError. ``None`` ignores a conflict on
    any of them, for a caller that tells them apart by reading afterwards
    (an IntegrityError would abort a PostgreSQL transaction). Under
    PostgreSQL a concurrent insert of the same key waits for the other
    transaction and then does nothing, so the caller may read the winner's
    row right after.
    """
    statement = insert_ignoring_conflict(model, values, conflict_columns)
    # RETURNING rather than rowcount: drivers disagree on rowcount here.
    return db.session.execute(statement).first() is not None
