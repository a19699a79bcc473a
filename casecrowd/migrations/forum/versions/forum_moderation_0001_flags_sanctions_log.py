"""Moderation: flags, the state of flagged or moderated content, sanctions of
pseudonyms, appeals, the signed public mod log and the redactions a PHI purge leaves.

Six new, empty tables; every existing row stays as it was. Content posted
before this revision has no moderation state, which reads as visible,
unlocked and unflagged.

Revision ID: forum_moderation_0001
Revises: forum_0001
Depends on: forum_times_0001
Create Date: 2026-12-09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from casecrowd.db.types import UTCDateTime

revision: str = "forum_moderation_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_times_0001"

TABLES = (
    "moderation_targets",
    "flags",
    "envelope_redactions",
    "appeals",
    "sanctions",
    "moderation_log",
)


def upgrade() -> None:
    op.create_table(
        "moderation_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("moderator", sa.String(length=32), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_moderation_log")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_moderation_log_entry_hash")),
    )
    op.create_table(
        "sanctions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("log_seq", sa.Integer(), nullable=False),
        sa.Column("starts", UTCDateTime(), nullable=False),
        sa.Column("ends", UTCDateTime(), nullable=True),
        sa.Column("lifted_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_sanctions_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanctions")),
        sa.UniqueConstraint("log_seq", name=op.f("uq_sanctions_log_seq")),
    )
    op.create_index(op.f("ix_sanctions_pseudonym_id"), "sanctions", ["pseudonym_id"], unique=False)
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("log_seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("decided_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_appeals_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_appeals_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_appeals_envelope_id")),
        sa.UniqueConstraint("log_seq", name=op.f("uq_appeals_log_seq")),
    )
    op.create_index(op.f("ix_appeals_pseudonym_id"), "appeals", ["pseudonym_id"], unique=False)
    op.create_table(
        "envelope_redactions",
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("log_seq", sa.Integer(), nullable=False),
        sa.Column("envelope_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_envelope_redactions_envelope_id_signed_envelopes"),
        ),
        sa.PrimaryKeyConstraint("envelope_id", name=op.f("pk_envelope_redactions")),
    )
    op.create_index(
        op.f("ix_envelope_redactions_log_seq"), "envelope_redactions", ["log_seq"], unique=False
    )
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("resolved_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_flags_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_flags_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_flags_envelope_id")),
        sa.UniqueConstraint(
            "pseudonym_id",
            "target_kind",
            "target_id",
            name=op.f("uq_flags_pseudonym_id_target_kind_target_id"),
        ),
    )
    op.create_index(
        "ix_flags_target_kind_target_id", "flags", ["target_kind", "target_id"], unique=False
    )
    op.create_table(
        "moderation_targets",
        sa.Column("target_kind", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("phi_flags", sa.Integer(), nullable=False),
        sa.Column("pending_flags", sa.Integer(), nullable=False),
        sa.Column("pending_weight", sa.Integer(), nullable=False),
        sa.Column("pending_since", UTCDateTime(), nullable=True),
        sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("phi_hidden", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("slow_mode_seconds", sa.Integer(), nullable=True),
        sa.Column("redacted_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["pseudonyms.id"],
            name=op.f("fk_moderation_targets_author_id_pseudonyms"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_moderation_targets_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("target_kind", "target_id", name=op.f("pk_moderation_targets")),
    )
    op.create_index(
        op.f("ix_moderation_targets_author_id"), "moderation_targets", ["author_id"], unique=False
    )
    op.create_index(
        "ix_moderation_targets_pending",
        "moderation_targets",
        ["pending_flags", "pending_weight"],
        unique=False,
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
