"""Desk: the audit log dates everything to the day; memberships keep no times.

``desk_memberships.applied_at``, ``decided_at`` (to the microsecond) and
``identity_erased_on`` were times next to a membership. They go, and the
audit log becomes the one place that dates what happens to a membership, by
UTC day: ``at`` becomes ``on``, each application gets an "apply" entry (actor
``(applicant)``) on the day it was made and each erasure by retention an
"erase" entry (actor ``(retention)``) on the day it happened. A decision's
day is already that of its approve or reject entry, written with
``decided_at`` in the same transaction.

Existing entries keep their ids, which order them; the entries made here
follow them (their days say when things happened, their ids only when they
were recorded). The append-only triggers are dropped for the conversion and
created again.

Revision ID: identity_desk_0002
Revises: identity_desk_0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "identity_desk_0002"
down_revision: str | None = "identity_desk_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ACTIONS = "action IN ('approve', 'reject', 'suspend', 'reinstate')"
NEW_ACTIONS = "action IN ('apply', 'approve', 'reject', 'suspend', 'reinstate', 'erase')"
APPLICANT, RETENTION = "(applicant)", "(retention)"
# Downgrade only: the application day of a row whose "apply" entry is missing.
EARLIEST = datetime(1970, 1, 1)

# As identity_desk_0001 made them (see there for why they differ by backend).
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
DROP_TRIGGERS = {
    "sqlite": ("DROP TRIGGER IF EXISTS desk_audit_log_no_update",),
    "postgresql": (
        "DROP TRIGGER IF EXISTS desk_audit_log_append_only ON desk_audit_log",
        "DROP FUNCTION IF EXISTS desk_audit_log_append_only()",
    ),
}

memberships = sa.table(
    "desk_memberships",
    sa.column("id", sa.Integer),
    sa.column("applied_at", sa.DateTime),
    sa.column("decided_at", sa.DateTime),
    sa.column("identity_erased_on", sa.Date),
)
audit_log = sa.table(
    "desk_audit_log",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("on", sa.Date),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("membership_id", sa.Integer),
)


def _dialect() -> str:
    return op.get_bind().dialect.name


def _day(column: sa.ColumnElement) -> sa.ColumnElement:
    """The UTC day of a naive UTC time, as each backend stores a Date."""
    if _dialect() == "sqlite":
        return sa.func.date(column)
    return sa.cast(column, sa.Date)


def _midnight(column: sa.ColumnElement) -> sa.ColumnElement:
    if _dialect() == "sqlite":
        return sa.func.datetime(column)
    return sa.cast(column, sa.DateTime)


def _drop_triggers() -> None:
    for statement in DROP_TRIGGERS.get(_dialect(), ()):
        op.execute(statement)


def _create_triggers() -> None:
    triggers = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRESQL_TRIGGERS}.get(_dialect(), ())
    for statement in triggers:
        op.execute(statement)


def _log(day: sa.ColumnElement, actor: str, action: str, where: sa.ColumnElement | None = None):
    """INSERT … SELECT one entry per membership, in the order of its day, then its id."""
    rows = sa.select(day, sa.literal(actor), sa.literal(action), memberships.c.id)
    if where is not None:
        rows = rows.where(where)
    columns = ["on", "actor", "action", "membership_id"]
    return audit_log.insert().from_select(columns, rows.order_by(day, memberships.c.id))


def upgrade() -> None:
    _drop_triggers()
    op.add_column("desk_audit_log", sa.Column("on", sa.Date(), nullable=True))
    op.execute(audit_log.update().values(on=_day(audit_log.c.at)))
    # SQLite copies the table for these; nothing refers to it, so the copy is safe.
    with op.batch_alter_table("desk_audit_log") as batch:
        batch.alter_column("on", existing_type=sa.Date(), nullable=False)
        batch.drop_column("at")
        batch.drop_constraint(op.f("ck_desk_audit_log_action"), type_="check")
        batch.create_check_constraint(op.f("ck_desk_audit_log_action"), NEW_ACTIONS)
    op.execute(_log(_day(memberships.c.applied_at), APPLICANT, "apply"))
    erased = memberships.c.identity_erased_on
    op.execute(_log(erased, RETENTION, "erase", erased.is_not(None)))
    _create_triggers()

    # In place, never a table copy: the audit log and the issuer's counts
    # refer to desk_memberships, and SQLite would have to drop it.
    op.drop_index("ix_desk_memberships_queue", table_name="desk_memberships")
    for column in ("applied_at", "decided_at", "identity_erased_on"):
        op.drop_column("desk_memberships", column)
    op.create_index("ix_desk_memberships_queue", "desk_memberships", ["status", "id"])


def _first_day(actions: tuple[str, ...]) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.min(audit_log.c.on))
        .where(audit_log.c.membership_id == memberships.c.id, audit_log.c.action.in_(actions))
        .scalar_subquery()
    )


def downgrade() -> None:
    # Times come back as midnight of their day; nothing finer was kept.
    sqlite = _dialect() == "sqlite"
    op.drop_index("ix_desk_memberships_queue", table_name="desk_memberships")
    # SQLite adds a NOT NULL column in place only with a default (the UPDATE
    # below sets every row); PostgreSQL gets the constraint afterwards.
    default = "1970-01-01 00:00:00" if sqlite else None
    applied = sa.Column("applied_at", sa.DateTime(), nullable=not sqlite, server_default=default)
    op.add_column("desk_memberships", applied)
    op.add_column("desk_memberships", sa.Column("decided_at", sa.DateTime(), nullable=True))
    op.add_column("desk_memberships", sa.Column("identity_erased_on", sa.Date(), nullable=True))
    op.execute(
        memberships.update().values(
            applied_at=sa.func.coalesce(
                _midnight(_first_day(("apply",))), sa.literal(EARLIEST, sa.DateTime)
            ),
            decided_at=_midnight(_first_day(("approve", "reject"))),
            identity_erased_on=_first_day(("erase",)),
        )
    )
    if not sqlite:
        op.alter_column(
            "desk_memberships", "applied_at", existing_type=sa.DateTime(), nullable=False
        )
    op.create_index("ix_desk_memberships_queue", "desk_memberships", ["status", "applied_at", "id"])

    _drop_triggers()
    op.execute(audit_log.delete().where(audit_log.c.action.in_(("apply", "erase"))))
    op.add_column("desk_audit_log", sa.Column("at", sa.DateTime(), nullable=True))
    op.execute(audit_log.update().values(at=_midnight(audit_log.c.on)))
    with op.batch_alter_table("desk_audit_log") as batch:
        batch.alter_column("at", existing_type=sa.DateTime(), nullable=False)
        batch.drop_column("on")
        batch.drop_constraint(op.f("ck_desk_audit_log_action"), type_="check")
        batch.create_check_constraint(op.f("ck_desk_audit_log_action"), OLD_ACTIONS)
    _create_triggers()
