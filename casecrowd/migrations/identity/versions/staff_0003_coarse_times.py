"""Staff: sessions keep an expiry rounded up to the hour, accounts the day they were made.

A verifier approves inside a session, so a session's login time and exact
expiry would narrow the time of an approval that the desk's audit log keeps
to the day. ``staff_sessions.created_at`` goes; ``expires_at`` is rounded up
to the next whole hour (a session never ends earlier than it would have);
``staff_accounts.created_at`` becomes ``created_on``, its day.

Open sessions survive: they are read first, deleted, and written back after
the change. On SQLite the accounts table is copied to change a column's
type, and dropping the old copy would otherwise delete every session with
it (ON DELETE CASCADE).

Revision ID: identity_staff_0003
Revises: identity_staff_0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "identity_staff_0003"
down_revision: str | None = "identity_staff_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

accounts = sa.table(
    "staff_accounts",
    sa.column("created_at", sa.DateTime),
    sa.column("created_on", sa.Date),
)
old_sessions = sa.table(
    "staff_sessions",
    sa.column("id", sa.Integer),
    sa.column("account_id", sa.Integer),
    sa.column("token_hash", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("expires_at", sa.DateTime),
)
new_sessions = sa.table(
    "staff_sessions",
    sa.column("id", sa.Integer),
    sa.column("account_id", sa.Integer),
    sa.column("token_hash", sa.String),
    sa.column("expires_at", sa.DateTime),
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _next_whole_hour(moment: datetime) -> datetime:
    hour = moment.replace(minute=0, second=0, microsecond=0)
    return hour if hour == moment else hour + timedelta(hours=1)


def _take_sessions() -> list[dict]:
    columns = new_sessions.c
    rows = op.get_bind().execute(sa.select(*columns).order_by(columns.id)).mappings().all()
    op.execute(new_sessions.delete())
    return [dict(row) for row in rows]


def upgrade() -> None:
    sessions = _take_sessions()
    day = sa.func.date if _sqlite() else (lambda column: sa.cast(column, sa.Date))
    op.add_column("staff_accounts", sa.Column("created_on", sa.Date(), nullable=True))
    op.execute(accounts.update().values(created_on=day(accounts.c.created_at)))
    with op.batch_alter_table("staff_accounts") as batch:
        batch.alter_column("created_on", existing_type=sa.Date(), nullable=False)
        batch.drop_column("created_at")
    op.drop_column("staff_sessions", "created_at")
    for session in sessions:
        session["expires_at"] = _next_whole_hour(session["expires_at"])
    if sessions:
        op.bulk_insert(new_sessions, sessions)


def downgrade() -> None:
    # The login time is gone; the expiry stands in for it, and accounts are
    # taken to have been made at midnight of their day.
    sessions = _take_sessions()
    moment = sa.func.datetime if _sqlite() else (lambda column: sa.cast(column, sa.DateTime))
    op.add_column("staff_accounts", sa.Column("created_at", sa.DateTime(), nullable=True))
    op.execute(accounts.update().values(created_at=moment(accounts.c.created_on)))
    with op.batch_alter_table("staff_accounts") as batch:
        batch.alter_column("created_at", existing_type=sa.DateTime(), nullable=False)
        batch.drop_column("created_on")
    # The table is empty now: SQLite adds a NOT NULL column to it with a
    # default, which the copy below then drops.
    op.add_column(
        "staff_sessions",
        sa.Column("created_at", sa.DateTime(), nullable=False, server_default="1970-01-01"),
    )
    with op.batch_alter_table("staff_sessions") as batch:
        batch.alter_column("created_at", existing_type=sa.DateTime(), server_default=None)
    if sessions:
        op.bulk_insert(old_sessions, [{**s, "created_at": s["expires_at"]} for s in sessions])
