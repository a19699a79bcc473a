"""Authors withdraw their own posts: ``withdrawals``, and redactions caused by one.

``withdrawals`` holds one row per withdrawn case, answer or comment (the
``withdraw`` envelope and the target, unique). ``envelope_redactions``
gains ``withdrawal_envelope_id``: a redaction is caused either by a PHI
purge's mod-log entry (``log_seq``, now nullable) or by a withdrawal,
exactly one of them (the CHECK repeats
``casecrowd.forum.models.moderation.ONE_REDACTION_CAUSE``). Every existing
redaction is a purge's and keeps its entry.

SQLite alters a column only by rebuilding the table: ``envelope_redactions``
is rebuilt (it has no full-text triggers; ``cases`` and ``answers``, which
do, are left alone). Downgrading refuses while any post is withdrawn: its
redactions have no mod-log entry to fall back on.

Revision ID: forum_withdrawals_0001
Revises: forum_0001
Depends on: forum_crowd_0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from casecrowd.db.types import UTCDateTime

revision: str = "forum_withdrawals_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_crowd_0002"

REDACTIONS = "envelope_redactions"
ONE_CAUSE = "(log_seq IS NULL) <> (withdrawal_envelope_id IS NULL)"
CAUSE_FK = "fk_envelope_redactions_withdrawal_envelope_id_signed_envelopes"


def upgrade() -> None:
    op.create_table(
        "withdrawals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_withdrawals_envelope_id_signed_envelopes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawals")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_withdrawals_envelope_id")),
        sa.UniqueConstraint(
            "target_kind", "target_id", name=op.f("uq_withdrawals_target_kind_target_id")
        ),
    )
    with op.batch_alter_table(REDACTIONS) as batch:
        batch.alter_column("log_seq", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("withdrawal_envelope_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f(CAUSE_FK), "signed_envelopes", ["withdrawal_envelope_id"], ["id"]
        )
        batch.create_check_constraint(op.f("ck_envelope_redactions_one_cause"), ONE_CAUSE)


def downgrade() -> None:
    withdrawn = op.get_bind().execute(sa.text("SELECT count(*) FROM withdrawals")).scalar_one()
    if withdrawn:
        raise RuntimeError(
            f"{withdrawn} post(s) are withdrawn; their redactions name no mod-log entry, so"
            " forum_withdrawals_0001 cannot be downgraded"
        )
    with op.batch_alter_table(REDACTIONS) as batch:
        batch.drop_constraint(op.f("ck_envelope_redactions_one_cause"), type_="check")
        batch.drop_constraint(op.f(CAUSE_FK), type_="foreignkey")
        batch.drop_column("withdrawal_envelope_id")
        batch.alter_column("log_seq", existing_type=sa.Integer(), nullable=False)
    op.drop_table("withdrawals")
