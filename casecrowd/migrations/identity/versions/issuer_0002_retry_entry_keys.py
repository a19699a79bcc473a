"""Issuer: retry entries keyed by an HMAC of membership and body, dated by epoch only.

The old table held the membership id next to an expiry to the microsecond.
It is dropped, not converted: its rows are five-minute copies of responses
already delivered, the new key needs the retry secret (a key file, which a
migration does not read), and carrying them over would keep exactly the
pairing this revision removes. An identical retry in flight during the
upgrade spends one more token; counts per epoch are untouched.

Revision ID: identity_issuer_0002
Revises: identity_issuer_0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "identity_issuer_0002"
down_revision: str | None = "identity_issuer_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f("ix_issuer_retry_entries_expires_at"), table_name="issuer_retry_entries")
    op.drop_table("issuer_retry_entries")
    op.create_table(
        "issuer_retry_entries",
        sa.Column("entry_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("response", sa.LargeBinary(length=256), nullable=False),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entry_key", name=op.f("pk_issuer_retry_entries")),
    )
    op.create_index(
        op.f("ix_issuer_retry_entries_epoch"), "issuer_retry_entries", ["epoch"], unique=False
    )


def downgrade() -> None:
    # The old shape, empty: an entry cannot be traced back to its membership.
    op.drop_index(op.f("ix_issuer_retry_entries_epoch"), table_name="issuer_retry_entries")
    op.drop_table("issuer_retry_entries")
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
