"""Moderators' messages to pseudonyms, and wellbeing flags they settle.

One new, empty table, ``moderator_messages``, and one nullable column,
``flags.resolved_message``: the message that answered a wellbeing flag, in
place of a public mod-log entry. Every existing flag keeps its
``resolved_seq`` and gets NULL here, so what was pending stays pending.
Both are added and dropped in place (SQLite 3.35 and later drop a column
that no index names).

Revision ID: forum_inbox_0001
Revises: forum_0001
Depends on: forum_crowd_0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from casecrowd.db.types import UTCDateTime

revision: str = "forum_inbox_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_crowd_0002"

TABLE = "moderator_messages"
INDEX = "ix_moderator_messages_pseudonym_id_created"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("about_kind", sa.String(length=8), nullable=False),
        sa.Column("about_id", sa.Integer(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"],
            ["pseudonyms.id"],
            name=op.f("fk_moderator_messages_pseudonym_id_pseudonyms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderator_messages")),
    )
    op.create_index(INDEX, TABLE, ["pseudonym_id", "created"], unique=False)
    op.add_column("flags", sa.Column("resolved_message", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("flags", "resolved_message")
    op.drop_index(INDEX, table_name=TABLE)
    op.drop_table(TABLE)
