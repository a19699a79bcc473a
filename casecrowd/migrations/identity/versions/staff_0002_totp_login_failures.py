"""Staff: TOTP second factors on accounts, failed-login counters in the database.

Existing accounts keep every column and get no factor (NULL): moderators log
in as before; verifiers and admins are told to have one enrolled with
`casecrowd staff totp NAME`. The counters start empty.

Revision ID: identity_staff_0002
Revises: identity_staff_0001
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "identity_staff_0002"
down_revision: str | None = "identity_staff_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns, added in place on both backends: never a table copy,
    # which on SQLite would cascade the old table's drop to staff_sessions.
    op.add_column("staff_accounts", sa.Column("totp_secret", sa.LargeBinary(length=128)))
    op.add_column("staff_accounts", sa.Column("totp_last_step", sa.Integer()))
    op.create_table(
        "staff_login_failures",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("name_digest", sa.String(length=64), nullable=False),
        sa.Column("seat", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "scope IN ('password', 'otp')", name=op.f("ck_staff_login_failures_scope")
        ),
        sa.PrimaryKeyConstraint(
            "scope", "name_digest", "seat", name=op.f("pk_staff_login_failures")
        ),
    )
    op.create_index(
        op.f("ix_staff_login_failures_failed_at"),
        "staff_login_failures",
        ["failed_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_login_failures_failed_at"), table_name="staff_login_failures")
    op.drop_table("staff_login_failures")
    # Not in batch mode either, for the same reason; SQLite 3.35+ drops a
    # plain column in place.
    op.drop_column("staff_accounts", "totp_last_step")
    op.drop_column("staff_accounts", "totp_secret")
