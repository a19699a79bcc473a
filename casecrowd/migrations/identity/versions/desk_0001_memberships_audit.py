"""Desk applications/memberships and the append-only audit log of decisions.

Revision ID: identity_desk_0001
Revises: identity_0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "identity_desk_0001"
down_revision: str | None = "identity_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The audit log refuses changes in the database itself, so that a bug or a
# stray script cannot rewrite history. PostgreSQL refuses UPDATE and DELETE
# of single rows (TRUNCATE is a separate privilege: do not grant it to the
# application's role). SQLite refuses UPDATE only: a row trigger would also
# stop the wholesale DELETE that SQLite uses in place of TRUNCATE, and anyone
# who can write the SQLite file can drop a trigger anyway.
SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER desk_audit_log_no_update BEFORE UPDATE ON desk_audit_log
    BEGIN SELECT RAISE(ABORT, 'desk_audit_log is append-only'); END
    """,
)
POSTGRESQL_TRIGGERS = (
    """
    CREATE FUNCTION desk_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'desk_audit_log is append-only';
    END
    $$
    """,
    """
    CREATE TRIGGER desk_audit_log_append_only BEFORE UPDATE OR DELETE ON desk_audit_log
    FOR EACH ROW EXECUTE FUNCTION desk_audit_log_append_only()
    """,
)


def upgrade() -> None:
    op.create_table(
        "desk_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("specialty", sa.String(length=64), nullable=False),
        sa.Column("npi_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("licence_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("legal_name", sa.String(length=200), nullable=True),
        sa.Column("licence_number", sa.String(length=32), nullable=True),
        sa.Column("jurisdiction", sa.String(length=6), nullable=True),
        sa.Column("npi", sa.String(length=10), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("identity_erased_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'suspended')",
            name=op.f("ck_desk_memberships_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_memberships")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_desk_memberships_secret_hash")),
        sa.UniqueConstraint("npi_fingerprint", name=op.f("uq_desk_memberships_npi_fingerprint")),
        sa.UniqueConstraint(
            "licence_fingerprint", name=op.f("uq_desk_memberships_licence_fingerprint")
        ),
    )
    op.create_index(
        "ix_desk_memberships_queue",
        "desk_memberships",
        ["status", "applied_at", "id"],
        unique=False,
    )
    op.create_table(
        "desk_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('approve', 'reject', 'suspend', 'reinstate')",
            name=op.f("ck_desk_audit_log_action"),
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["desk_memberships.id"],
            name=op.f("fk_desk_audit_log_membership_id_desk_memberships"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_audit_log")),
    )
    op.create_index(
        op.f("ix_desk_audit_log_membership_id"), "desk_audit_log", ["membership_id"], unique=False
    )
    dialect = op.get_bind().dialect.name
    triggers = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRESQL_TRIGGERS}.get(dialect, ())
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS desk_audit_log_append_only ON desk_audit_log")
        op.execute("DROP FUNCTION IF EXISTS desk_audit_log_append_only()")
    op.drop_index(op.f("ix_desk_audit_log_membership_id"), table_name="desk_audit_log")
    op.drop_table("desk_audit_log")
    op.drop_index("ix_desk_memberships_queue", table_name="desk_memberships")
    op.drop_table("desk_memberships")
