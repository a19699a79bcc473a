"""Forum core: issuer keys, pseudonyms, redeemed tokens, sessions, signed envelopes,
cases (tags, revisions), answers (revisions), comments and votes.

Revision ID: forum_core_0001
Revises: forum_0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "forum_core_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "comments",
    "answer_revisions",
    "case_tags",
    "case_revisions",
    "answers",
    "votes",
    "cases",
    "signed_envelopes",
    "pseudonym_tokens",
    "pseudonym_sessions",
    "pseudonyms",
    "issuer_keys",
)


def upgrade() -> None:
    op.create_table(
        "issuer_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_key_id", sa.LargeBinary(length=32), nullable=False),
        sa.Column("spki", sa.LargeBinary(length=1024), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_seen_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issuer_keys")),
        sa.UniqueConstraint("token_key_id", name=op.f("uq_issuer_keys_token_key_id")),
    )
    op.create_table(
        "pseudonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("handle", sa.String(length=64), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("verified_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reputation", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonyms")),
        sa.UniqueConstraint("handle", name=op.f("uq_pseudonyms_handle")),
        sa.UniqueConstraint("public_key", name=op.f("uq_pseudonyms_public_key")),
    )
    op.create_table(
        "pseudonym_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"],
            ["pseudonyms.id"],
            name=op.f("fk_pseudonym_sessions_pseudonym_id_pseudonyms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonym_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_pseudonym_sessions_token_hash")),
    )
    op.create_index(
        op.f("ix_pseudonym_sessions_pseudonym_id"),
        "pseudonym_sessions",
        ["pseudonym_id"],
        unique=False,
    )

    op.create_table(
        "pseudonym_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(length=32), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("issuer_key_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.LargeBinary(length=512), nullable=False),
        sa.ForeignKeyConstraint(
            ["issuer_key_id"],
            ["issuer_keys.id"],
            name=op.f("fk_pseudonym_tokens_issuer_key_id_issuer_keys"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"],
            ["pseudonyms.id"],
            name=op.f("fk_pseudonym_tokens_pseudonym_id_pseudonyms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonym_tokens")),
        sa.UniqueConstraint("nonce", name=op.f("uq_pseudonym_tokens_nonce")),
    )
    op.create_index(
        op.f("ix_pseudonym_tokens_issuer_key_id"),
        "pseudonym_tokens",
        ["issuer_key_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_pseudonym_tokens_pseudonym_id"), "pseudonym_tokens", ["pseudonym_id"], unique=False
    )

    op.create_table(
        "signed_envelopes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"],
            ["pseudonyms.id"],
            name=op.f("fk_signed_envelopes_pseudonym_id_pseudonyms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_envelopes")),
        sa.UniqueConstraint(
            "pseudonym_id", "client_id", name=op.f("uq_signed_envelopes_pseudonym_id_client_id")
        ),
    )
    op.create_index(
        op.f("ix_signed_envelopes_pseudonym_id"), "signed_envelopes", ["pseudonym_id"], unique=False
    )

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("age", sa.String(length=3), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=False),
        sa.Column("presentation", sa.Text(), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("examination", sa.Text(), nullable=False),
        sa.Column("investigations", sa.Text(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("accepted_answer_id", sa.Integer(), nullable=True),
        sa.Column("accept_envelope_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("outcome_envelope_id", sa.Integer(), nullable=True),
        sa.Column("outcome_phi_acknowledged", sa.JSON(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("answer_count", sa.Integer(), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_activity", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["accept_envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_cases_accept_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_cases_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["outcome_envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_cases_outcome_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_cases_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_cases_envelope_id")),
    )
    op.create_index(op.f("ix_cases_created"), "cases", ["created"], unique=False)
    op.create_index(op.f("ix_cases_last_activity"), "cases", ["last_activity"], unique=False)
    op.create_index(op.f("ix_cases_pseudonym_id"), "cases", ["pseudonym_id"], unique=False)
    op.create_index(op.f("ix_cases_score"), "cases", ["score"], unique=False)
    op.create_index(op.f("ix_cases_status"), "cases", ["status"], unique=False)

    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=8), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_votes_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_votes_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
        sa.UniqueConstraint(
            "pseudonym_id",
            "target_kind",
            "target_id",
            name=op.f("uq_votes_pseudonym_id_target_kind_target_id"),
        ),
    )
    op.create_index(
        "ix_votes_target_kind_target_id", "votes", ["target_kind", "target_id"], unique=False
    )

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("differential", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_answers_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_answers_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_answers_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_answers_envelope_id")),
    )
    op.create_index("ix_answers_case_id_created", "answers", ["case_id", "created"], unique=False)
    op.create_index(op.f("ix_answers_pseudonym_id"), "answers", ["pseudonym_id"], unique=False)

    op.create_table(
        "case_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("phi_acknowledged", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_revisions_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_case_revisions_envelope_id_signed_envelopes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_revisions")),
        sa.UniqueConstraint("case_id", "number", name=op.f("uq_case_revisions_case_id_number")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_case_revisions_envelope_id")),
    )
    op.create_table(
        "case_tags",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_tags_case_id_cases")),
        sa.PrimaryKeyConstraint("case_id", "tag", name=op.f("pk_case_tags")),
    )
    op.create_index(op.f("ix_case_tags_tag"), "case_tags", ["tag"], unique=False)

    op.create_table(
        "answer_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("phi_acknowledged", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_answer_revisions_answer_id_answers")
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_answer_revisions_envelope_id_signed_envelopes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_revisions")),
        sa.UniqueConstraint(
            "answer_id", "number", name=op.f("uq_answer_revisions_answer_id_number")
        ),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_answer_revisions_envelope_id")),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("phi_acknowledged", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answers.id"], name=op.f("fk_comments_answer_id_answers")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_comments_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_comments_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_comments_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_comments_envelope_id")),
    )
    op.create_index(op.f("ix_comments_answer_id"), "comments", ["answer_id"], unique=False)
    op.create_index("ix_comments_case_id_created", "comments", ["case_id", "created"], unique=False)
    op.create_index(op.f("ix_comments_pseudonym_id"), "comments", ["pseudonym_id"], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes; children before parents.
    for table in TABLES:
        op.drop_table(table)
