"""Desk: a pending application no longer locks its NPI and licence.

Each row gains ``claimed_npi_fingerprint`` and ``claimed_licence_fingerprint``
(indexed, not unique): the credentials the application gives, copied from the
existing fingerprints. Those stay unique but now mean "held": kept on approved
and suspended rows, cleared on pending ones, and set again by each approval.
Rejected rows lost their fingerprints when they were rejected and keep none.

Everything happens in place: the audit log and the issuer's counts refer to
desk_memberships, and SQLite would have to drop it to copy it. The unique
constraints need no change, which is why the held fingerprints keep the old
columns.

Revision ID: identity_desk_0003
Revises: identity_desk_0002
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "identity_desk_0003"
down_revision: str | None = "identity_desk_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "desk_memberships"
# claimed column -> the held column it is copied from
CLAIMED = {
    "claimed_npi_fingerprint": "npi_fingerprint",
    "claimed_licence_fingerprint": "licence_fingerprint",
}
HOLDING = ("approved", "suspended")

memberships = sa.table(
    TABLE,
    sa.column("id", sa.Integer),
    sa.column("status", sa.String),
    *(sa.column(name, sa.String) for pair in CLAIMED.items() for name in pair),
)


def upgrade() -> None:
    for claimed in CLAIMED:
        op.add_column(TABLE, sa.Column(claimed, sa.String(length=64), nullable=True))
        op.create_index(op.f(f"ix_{TABLE}_{claimed}"), TABLE, [claimed], unique=False)
    op.execute(memberships.update().values({c: memberships.c[h] for c, h in CLAIMED.items()}))
    op.execute(
        memberships.update()
        .where(memberships.c.status.not_in(HOLDING))
        .values(dict.fromkeys(CLAIMED.values()))
    )


def downgrade() -> None:
    # The old release kept the fingerprints of pending rows unique: the oldest
    # pending claim of a credential nobody holds gets it back, the rest none.
    bind = op.get_bind()
    rows = bind.execute(sa.select(memberships).order_by(memberships.c.id)).mappings().all()
    taken = {row[h] for row in rows if row["status"] in HOLDING for h in CLAIMED.values()}
    for row in rows:
        if row["status"] != "pending":
            continue
        restored = {}
        for claimed, held in CLAIMED.items():
            value = row[claimed]
            if value is not None and value not in taken:
                restored[held] = value
                taken.add(value)
        if restored:
            bind.execute(memberships.update().where(memberships.c.id == row["id"]).values(restored))
    for claimed in CLAIMED:
        op.drop_index(op.f(f"ix_{TABLE}_{claimed}"), table_name=TABLE)
        op.drop_column(TABLE, claimed)
