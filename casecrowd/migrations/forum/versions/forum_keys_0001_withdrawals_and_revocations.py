"""Issuer key trust: the keys the directory withdrew, and the operator's revocation list.

Two new, empty tables; ``issuer_keys`` and every other row stay as they were.
Keys recorded by earlier releases count as published until the forum next
reads a directory without them.

Revision ID: forum_keys_0001
Revises: forum_0001
Depends on: forum_times_0001
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "forum_keys_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_times_0001"


def upgrade() -> None:
    op.create_table(
        "issuer_key_withdrawals",
        sa.Column("issuer_key_id", sa.Integer(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=False),
        sa.Column("in_force", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issuer_key_id"],
            ["issuer_keys.id"],
            name=op.f("fk_issuer_key_withdrawals_issuer_key_id_issuer_keys"),
        ),
        sa.PrimaryKeyConstraint("issuer_key_id", name=op.f("pk_issuer_key_withdrawals")),
    )
    op.create_table(
        "issuer_key_revocations",
        sa.Column("token_key_id", sa.LargeBinary(length=32), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("token_key_id", name=op.f("pk_issuer_key_revocations")),
    )


def downgrade() -> None:
    op.drop_table("issuer_key_revocations")
    op.drop_table("issuer_key_withdrawals")
