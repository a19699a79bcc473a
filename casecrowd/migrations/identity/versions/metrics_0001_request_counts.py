"""Metrics: request counts per UTC hour, role, method, route template and status class.

The identity side's share of casecrowd.metrics (every role but the forum's). A new,
empty table; nothing else changes.

Revision ID: identity_metrics_0001
Revises: identity_0001
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "identity_metrics_0001"
down_revision: str | None = "identity_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "metrics_identity_requests",
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("route", sa.String(length=200), nullable=False),
        sa.Column("status_class", sa.String(length=3), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "hour",
            "role",
            "method",
            "route",
            "status_class",
            name=op.f("pk_metrics_identity_requests"),
        ),
    )


def downgrade() -> None:
    op.drop_table("metrics_identity_requests")
