"""Crowd diagnosis: blind cases, the final diagnosis, the answers' diagnoses, scores and polls.

Existing rows stay as they were: every case reads as not blind, with no
final diagnosis; every answer's diagnoses (its search text) start empty and
its differential entries are filled from the stored differential, so
completion and the crowd differential see the answers written before. New
tables ``answer_scores``, ``polls`` and ``poll_votes`` start empty: no case
had a coded final diagnosis before.

Revision ID: forum_crowd_0001
Revises: forum_0001
Depends on: forum_moderation_0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from casecrowd.db.types import UTCDateTime

revision: str = "forum_crowd_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_moderation_0001"

TABLES = ("poll_votes", "polls", "answer_scores", "differential_entries")


def upgrade() -> None:
    # ALTER TABLE in place, not batch mode: SQLite's batch mode would copy and
    # drop ``cases``, which the foreign keys of a populated forum refuse, and
    # which would drop the search triggers (forum_search_0001) with it.
    op.add_column("cases", sa.Column("final_diagnosis", sa.JSON(), nullable=True))
    op.add_column(
        "cases", sa.Column("blind", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("answers", sa.Column("diagnoses", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "differential_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("diagnosis", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_differential_entries_answer_id_answers")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_differential_entries_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_differential_entries")),
    )
    op.create_index(
        op.f("ix_differential_entries_answer_id"), "differential_entries", ["answer_id"]
    )
    op.create_index(op.f("ix_differential_entries_key"), "differential_entries", ["key"])
    op.create_index(
        "ix_differential_entries_case_id_key", "differential_entries", ["case_id", "key"]
    )
    op.create_table(
        "answer_scores",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_answer_scores_answer_id_answers")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_answer_scores_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"],
            ["pseudonyms.id"],
            name=op.f("fk_answer_scores_pseudonym_id_pseudonyms"),
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_answer_scores")),
    )
    op.create_index(op.f("ix_answer_scores_case_id"), "answer_scores", ["case_id"])
    op.create_index(op.f("ix_answer_scores_pseudonym_id"), "answer_scores", ["pseudonym_id"])
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("multiple", sa.Boolean(), nullable=False),
        sa.Column("closes", UTCDateTime(), nullable=True),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_polls_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_polls_pseudonym_id_pseudonyms")
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_polls_envelope_id_signed_envelopes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_polls")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_polls_envelope_id")),
    )
    op.create_index(op.f("ix_polls_case_id"), "polls", ["case_id"])
    op.create_table(
        "poll_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name=op.f("fk_poll_votes_poll_id_polls")
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_poll_votes_pseudonym_id_pseudonyms")
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_poll_votes_envelope_id_signed_envelopes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_votes")),
        sa.UniqueConstraint(
            "poll_id", "pseudonym_id", name=op.f("uq_poll_votes_poll_id_pseudonym_id")
        ),
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    # In place too (SQLite 3.35 and later drop a column that no index names).
    op.drop_column("answers", "diagnoses")
    op.drop_column("cases", "blind")
    op.drop_column("cases", "final_diagnosis")
