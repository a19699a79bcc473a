"""Baseline of the identity database: the version table only.

Revision ID: identity_0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

revision: str = "identity_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
