"""Issuer: token counts per membership per epoch, and the retry cache.

Revision ID: identity_issuer_0001
Revises: identity_0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "identity_issuer_0001"
down_revision: str | None = "identity_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "identity_desk_0001"


def upgrade() -> None:
    op.create_table(
        "issuer_token_counts",
        sa.Column("membership_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("epoch", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.CheckConstraint("issued >= 0", name=op.f("ck_issuer_token_counts_issued")),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["desk_memberships.id"],
            name=op.f("fk_issuer_token_counts_membership_id_desk_memberships"),
        ),
        sa.PrimaryKeyConstraint("membership_id", "epoch", name=op.f("pk_issuer_token_counts")),
    )
    op.create_table(
        "issuer_retry_entries",
        sa.Column("membership_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("request_digest", sa.LargeBinary(length=32), nullable=False),
        sa.Column("response", sa.LargeBinary(length=256), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["desk_memberships.id"],
            name=op.f("fk_issuer_retry_entries_membership_id_desk_memberships"),
        ),
        sa.PrimaryKeyConstraint(
            "membership_id", "request_digest", name=op.f("pk_issuer_retry_entries")
        ),
    )
    op.create_index(
        op.f("ix_issuer_retry_entries_expires_at"),
        "issuer_retry_entries",
        ["expires_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_issuer_retry_entries_expires_at"), table_name="issuer_retry_entries")
    op.drop_table("issuer_retry_entries")
    op.drop_table("issuer_token_counts")
