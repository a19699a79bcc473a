"""Portable statements the forum needs under concurrency."""

from __future__ import annotations

from typing import Any

from casecrowd import db as databases
from casecrowd.db import db


def insert_or_ignore(
    model: type, values: dict[str, Any], conflict_columns: list[str] | None
) -> bool:
    """INSERT … ON CONFLICT (columns) DO NOTHING; True when a row was inserted.

    Only a conflict on ``conflict_columns`` is ignored: any other unique
    constraint still raises IntegrityError. ``None`` ignores a conflict on
    any of them, for a caller that tells them apart by reading afterwards
    (an IntegrityError would abort a PostgreSQL transaction). Under
    PostgreSQL a concurrent insert of the same key waits for the other
    transaction and then does nothing, so the caller may read the winner's
    row right after.
    """
    insert = databases.upsert_insert(model.__bind_key__)
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict_columns)
        .returning(*model.__table__.primary_key.columns)
    )
    # RETURNING rather than rowcount: drivers disagree on rowcount here.
    return db.session.execute(statement).first() is not None
