"""Session challenges that open one session each.

``pseudonym_sessions`` gains ``challenge_hash``, SHA-256 of the random value
of the challenge that opened the session, under a unique constraint: a
replayed challenge fails the INSERT. The column is random bytes, so it dates
nothing. Sessions opened before this revision keep working and hold NULL,
which the constraint allows any number of times; their challenges have long
expired.

SQLite cannot add a unique column in place: the table is rebuilt, WITHOUT
ROWID as forum_times_0001 made it, so no hidden rowid orders the sessions.

Revision ID: forum_sessions_0001
Revises: forum_0001
Depends on: forum_times_0001
Create Date: 2026-12-07
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "forum_sessions_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_times_0001"

TABLE = "pseudonym_sessions"
UNIQUE = "uq_pseudonym_sessions_challenge_hash"


def _batch() -> Any:
    sqlite = op.get_bind().dialect.name == "sqlite"
    return op.batch_alter_table(
        TABLE,
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_with_rowid": False},
    )


def upgrade() -> None:
    with _batch() as batch:
        batch.add_column(sa.Column("challenge_hash", sa.LargeBinary(length=32), nullable=True))
        batch.create_unique_constraint(UNIQUE, ["challenge_hash"])


def downgrade() -> None:
    with _batch() as batch:
        batch.drop_constraint(UNIQUE, type_="unique")
        batch.drop_column("challenge_hash")
