"""The lounge: ``discussions`` with their tags and revisions, comments on them, and
target kinds long enough to name them.

Three new, empty tables. ``comments`` gains ``discussion_id`` and its
``case_id`` becomes nullable, with a CHECK that a comment belongs to exactly
one thread (every existing comment names its case, so it passes).
``moderation_targets.case_id`` becomes nullable (a discussion belongs to no
case). The target-kind columns of ``flags``, ``votes``, ``withdrawals``,
``moderation_targets`` and ``moderator_messages`` widen from 8 to 16
characters ("discussion"); every existing value fits both. Search gets
``discussions_fts`` (SQLite FTS5, triggers as for cases) or a GIN expression
index (PostgreSQL) whose expression repeats
``casecrowd.forum.service.discussion_search.PG_DISCUSSION_VECTOR``.

SQLite alters a column only by rebuilding its table; none of the rebuilt
tables carries full-text triggers. Downgrading refuses while any
discussion exists: its comments would have no case to belong to.

Revision ID: forum_lounge_0001
Revises: forum_0001
Depends on: forum_withdrawals_0001, forum_inbox_0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from casecrowd.db.types import UTCDateTime

revision: str = "forum_lounge_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("forum_withdrawals_0001", "forum_inbox_0001")

# (table, column) of every column that names a target kind.
KIND_COLUMNS = (
    ("flags", "target_kind"),
    ("votes", "target_kind"),
    ("withdrawals", "target_kind"),
    ("moderation_targets", "target_kind"),
    ("moderator_messages", "about_kind"),
)
ONE_THREAD = (
    "(case_id IS NULL) <> (discussion_id IS NULL) AND (answer_id IS NULL OR case_id IS NOT NULL)"
)
TOKENIZE = "porter unicode61 remove_diacritics 0"
PUNCTUATION = "'!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~'"
SPACES = "'" + " " * 32 + "'"
DISCUSSION_VECTOR = (
    f"setweight(to_tsvector('english'::regconfig, translate(title, {PUNCTUATION}, {SPACES})),"
    f" 'A') || to_tsvector('english'::regconfig, translate(body, {PUNCTUATION}, {SPACES}))"
)
FTS_TRIGGERS = ("insert", "delete", "update")


def _create_tables() -> None:
    op.create_table(
        "discussions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym_id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("last_activity", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_discussions_envelope_id_signed_envelopes"),
        ),
        sa.ForeignKeyConstraint(
            ["pseudonym_id"], ["pseudonyms.id"], name=op.f("fk_discussions_pseudonym_id_pseudonyms")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussions")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_discussions_envelope_id")),
    )
    for name, columns in (
        ("ix_discussions_created_id", ["created", "id"]),
        ("ix_discussions_last_activity_id", ["last_activity", "id"]),
        ("ix_discussions_score_id", ["score", "id"]),
        ("ix_discussions_comment_count_created_id", ["comment_count", "created", "id"]),
        ("ix_discussions_pseudonym_id", ["pseudonym_id"]),
    ):
        op.create_index(name, "discussions", columns, unique=False)
    op.create_table(
        "discussion_tags",
        sa.Column("discussion_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["discussion_id"],
            ["discussions.id"],
            name=op.f("fk_discussion_tags_discussion_id_discussions"),
        ),
        sa.PrimaryKeyConstraint("discussion_id", "tag", name=op.f("pk_discussion_tags")),
    )
    op.create_index("ix_discussion_tags_tag", "discussion_tags", ["tag"], unique=False)
    op.create_table(
        "discussion_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("discussion_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("phi_acknowledged", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["discussion_id"],
            ["discussions.id"],
            name=op.f("fk_discussion_revisions_discussion_id_discussions"),
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["signed_envelopes.id"],
            name=op.f("fk_discussion_revisions_envelope_id_signed_envelopes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_revisions")),
        sa.UniqueConstraint(
            "discussion_id", "number", name=op.f("uq_discussion_revisions_discussion_id_number")
        ),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_discussion_revisions_envelope_id")),
    )


def _widen_kinds(length: int) -> None:
    for table, column in KIND_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, existing_type=sa.String(), type_=sa.String(length=length))


def _sqlite_search() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE discussions_fts USING fts5(title, body, content='discussions',"
        f" content_rowid='id', tokenize='{TOKENIZE}')"
    )
    op.execute(
        "CREATE TRIGGER discussions_fts_insert AFTER INSERT ON discussions BEGIN"
        " INSERT INTO discussions_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
        " END"
    )
    remove_old = (
        "INSERT INTO discussions_fts(discussions_fts, rowid, title, body)"
        " VALUES ('delete', old.id, old.title, old.body);"
    )
    op.execute(
        f"CREATE TRIGGER discussions_fts_delete AFTER DELETE ON discussions BEGIN {remove_old} END"
    )
    op.execute(
        "CREATE TRIGGER discussions_fts_update AFTER UPDATE OF title, body ON discussions BEGIN"  # noqa: S608
        f" {remove_old}"
        " INSERT INTO discussions_fts(rowid, title, body) VALUES (new.id, new.title, new.body);"
        " END"
    )


def upgrade() -> None:
    _create_tables()
    with op.batch_alter_table("comments") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("discussion_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_comments_discussion_id_discussions"), "discussions", ["discussion_id"], ["id"]
        )
        batch.create_check_constraint(op.f("ck_comments_one_thread"), ONE_THREAD)
        batch.create_index("ix_comments_discussion_id_created", ["discussion_id", "created"])
    with op.batch_alter_table("moderation_targets") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=True)
    _widen_kinds(16)
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search()
    else:
        op.execute(
            f"CREATE INDEX ix_discussions_search_fts ON discussions USING gin (({DISCUSSION_VECTOR}))"
        )


def downgrade() -> None:
    bind = op.get_bind()
    count = bind.execute(sa.text("SELECT count(*) FROM discussions")).scalar_one()
    if count:
        raise RuntimeError(
            f"{count} discussion(s) exist; their comments and moderation would lose their"
            " thread, so forum_lounge_0001 cannot be downgraded"
        )
    if bind.dialect.name == "sqlite":
        for trigger in FTS_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS discussions_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS discussions_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_discussions_search_fts")
    _widen_kinds(8)
    with op.batch_alter_table("moderation_targets") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("comments") as batch:
        batch.drop_index("ix_comments_discussion_id_created")
        batch.drop_constraint(op.f("ck_comments_one_thread"), type_="check")
        batch.drop_constraint(op.f("fk_comments_discussion_id_discussions"), type_="foreignkey")
        batch.drop_column("discussion_id")
        batch.alter_column("case_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("discussion_revisions")
    op.drop_index("ix_discussion_tags_tag", table_name="discussion_tags")
    op.drop_table("discussion_tags")
    for name in (
        "ix_discussions_pseudonym_id",
        "ix_discussions_comment_count_created_id",
        "ix_discussions_score_id",
        "ix_discussions_last_activity_id",
        "ix_discussions_created_id",
    ):
        op.drop_index(name, table_name="discussions")
    op.drop_table("discussions")
