"""Search finds answers by their diagnoses; answers written before get theirs.

The answers' search index covers ``body`` and ``diagnoses`` (each
diagnosis of the differential, with its code and the code's description):
SQLite recreates ``answers_fts`` with both columns and its triggers;
PostgreSQL rebuilds ``ix_answers_search_fts`` on the new expression, which
``casecrowd.forum.service.search.PG_ANSWER_VECTOR`` must repeat exactly.

Answers written before ``forum_crowd_0001`` have a stored differential but
no ``differential_entries`` rows and empty ``diagnoses``: both are filled
here from the differential, as the forum now fills them on every answer.
Downgrading restores the index over ``body`` alone and keeps those rows
(``forum_crowd_0001`` drops them with its tables).

Revision ID: forum_crowd_0002
Revises: forum_crowd_0001
Depends on: forum_search_0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "forum_crowd_0002"
down_revision: str | None = "forum_crowd_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_search_0001"

TOKENIZE = "porter unicode61 remove_diacritics 0"
# PostgreSQL: string.punctuation and as many spaces, as SQL literals (as forum_search_0001).
PUNCTUATION = "'!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~'"
SPACES = "'" + " " * 32 + "'"
OLD_VECTOR = f"to_tsvector('english'::regconfig, translate(body, {PUNCTUATION}, {SPACES}))"
NEW_VECTOR = (
    "to_tsvector('english'::regconfig,"
    f" translate(body || ' ' || diagnoses, {PUNCTUATION}, {SPACES}))"
)

answers = sa.table(
    "answers",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("differential", sa.JSON),
    sa.column("diagnoses", sa.Text),
)
entries = sa.table(
    "differential_entries",
    sa.column("answer_id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("rank", sa.Integer),
    sa.column("diagnosis", sa.String),
    sa.column("code", sa.String),
    sa.column("key", sa.String),
)


def _backfill() -> None:
    """Entries and search text for every answer with a differential and no entries yet."""
    bind = op.get_bind()
    has_entries = sa.exists().where(entries.c.answer_id == answers.c.id)
    rows = bind.execute(
        sa.select(answers.c.id, answers.c.case_id, answers.c.differential).where(~has_entries)
    ).all()
    rows = [row for row in rows if row.differential]
    if not rows:
        return
    # Imported only when needed: a fresh database has no answers to fill in.
    from casecrowd.diagnoses.entries import entries_of, search_text

    for answer_id, case_id, differential in rows:
        bind.execute(
            entries.insert(),
            [
                {
                    "answer_id": answer_id,
                    "case_id": case_id,
                    "rank": rank,
                    "diagnosis": diagnosis,
                    "code": code,
                    "key": key,
                }
                for rank, diagnosis, code, key in entries_of(differential)
            ],
        )
        bind.execute(
            answers.update()
            .where(answers.c.id == answer_id)
            .values(diagnoses=search_text(differential))
        )


def _sqlite_index(columns: tuple[str, ...]) -> None:
    """answers_fts made anew over ``columns``, with its triggers, and every answer indexed."""
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS answers_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS answers_fts")
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE answers_fts USING fts5({names}, content='answers',"
        f" content_rowid='id', tokenize='{TOKENIZE}')"
    )
    # External-content tables index what they are told: the old values must
    # be removed with the 'delete' command before the new ones are added.
    op.execute(
        "CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers BEGIN"  # noqa: S608 - constants
        f" INSERT INTO answers_fts(rowid, {names}) VALUES (new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER answers_fts_delete AFTER DELETE ON answers BEGIN"  # noqa: S608 - constants
        f" INSERT INTO answers_fts(answers_fts, rowid, {names}) VALUES ('delete', old.id, {old});"
        " END"
    )
    op.execute(
        f"CREATE TRIGGER answers_fts_update AFTER UPDATE OF {names} ON answers BEGIN"  # noqa: S608
        f" INSERT INTO answers_fts(answers_fts, rowid, {names}) VALUES ('delete', old.id, {old});"
        f" INSERT INTO answers_fts(rowid, {names}) VALUES (new.id, {new}); END"
    )
    op.execute("INSERT INTO answers_fts(answers_fts) VALUES ('rebuild')")


def _postgres_index(vector: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_answers_search_fts")
    op.execute(f"CREATE INDEX ix_answers_search_fts ON answers USING gin (({vector}))")


def upgrade() -> None:
    _backfill()
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index(("body", "diagnoses"))
    else:
        _postgres_index(NEW_VECTOR)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_index(("body",))
    else:
        _postgres_index(OLD_VECTOR)
