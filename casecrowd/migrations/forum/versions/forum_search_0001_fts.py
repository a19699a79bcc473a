"""Full-text search over cases and answers.

SQLite: two external-content FTS5 tables (``cases_fts``, ``answers_fts``,
Porter stemming over unicode61, diacritics kept) that triggers keep in step
with every insert, update and delete of a case or answer. PostgreSQL: GIN
indexes on the ``english`` tsvector of the same text, which
``casecrowd.forum.service.search`` queries with the very same expressions.
On both, ASCII punctuation separates words (``covid-19`` is ``covid`` and
``19``). Every name carries ``_fts``: model/migration comparison skips them.

A migration that rebuilds ``cases`` or ``answers`` under SQLite (batch
mode copies and drops the table) drops these triggers with it and must
create them again.

Revision ID: forum_search_0001
Revises: forum_0001
Depends on: forum_core_0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "forum_search_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_core_0001"

TOKENIZE = "porter unicode61 remove_diacritics 0"
CASE_COLUMNS = ("title", "presentation", "history", "examination", "investigations", "question")

# PostgreSQL: string.punctuation and as many spaces, as SQL literals.
PUNCTUATION = "'!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~'"
SPACES = "'" + " " * 32 + "'"
CASE_VECTOR = (
    f"setweight(to_tsvector('english'::regconfig, translate(title, {PUNCTUATION}, {SPACES})),"
    " 'A') || to_tsvector('english'::regconfig, translate(presentation || ' ' || history"
    " || ' ' || examination || ' ' || investigations || ' ' || question,"
    f" {PUNCTUATION}, {SPACES}))"
)
ANSWER_VECTOR = f"to_tsvector('english'::regconfig, translate(body, {PUNCTUATION}, {SPACES}))"


def _sqlite_upgrade() -> None:
    columns = ", ".join(CASE_COLUMNS)
    new = ", ".join(f"new.{c}" for c in CASE_COLUMNS)
    old = ", ".join(f"old.{c}" for c in CASE_COLUMNS)
    op.execute(
        f"CREATE VIRTUAL TABLE cases_fts USING fts5({columns}, content='cases',"
        f" content_rowid='id', tokenize='{TOKENIZE}')"
    )
    op.execute(
        "CREATE VIRTUAL TABLE answers_fts USING fts5(body, content='answers',"
        f" content_rowid='id', tokenize='{TOKENIZE}')"
    )
    # External-content tables index what they are told: the old values must
    # be removed with the 'delete' command before the new ones are added.
    op.execute(
        f"CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN"  # noqa: S608 - constants
        f" INSERT INTO cases_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )
    op.execute(
        f"CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN"  # noqa: S608 - constants
        f" INSERT INTO cases_fts(cases_fts, rowid, {columns}) VALUES ('delete', old.id, {old});"
        " END"
    )
    op.execute(
        f"CREATE TRIGGER cases_fts_update AFTER UPDATE OF {columns} ON cases BEGIN"  # noqa: S608
        f" INSERT INTO cases_fts(cases_fts, rowid, {columns}) VALUES ('delete', old.id, {old});"
        f" INSERT INTO cases_fts(rowid, {columns}) VALUES (new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers BEGIN"
        " INSERT INTO answers_fts(rowid, body) VALUES (new.id, new.body); END"
    )
    op.execute(
        "CREATE TRIGGER answers_fts_delete AFTER DELETE ON answers BEGIN"
        " INSERT INTO answers_fts(answers_fts, rowid, body) VALUES ('delete', old.id, old.body);"
        " END"
    )
    op.execute(
        "CREATE TRIGGER answers_fts_update AFTER UPDATE OF body ON answers BEGIN"
        " INSERT INTO answers_fts(answers_fts, rowid, body) VALUES ('delete', old.id, old.body);"
        " INSERT INTO answers_fts(rowid, body) VALUES (new.id, new.body); END"
    )
    # Index whatever was written before this migration ran.
    op.execute("INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')")
    op.execute("INSERT INTO answers_fts(answers_fts) VALUES ('rebuild')")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_upgrade()
        return
    op.execute(f"CREATE INDEX ix_cases_search_fts ON cases USING gin (({CASE_VECTOR}))")
    op.execute(f"CREATE INDEX ix_answers_search_fts ON answers USING gin (({ANSWER_VECTOR}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS cases_fts_{trigger}")
            op.execute(f"DROP TRIGGER IF EXISTS answers_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS cases_fts")
        op.execute("DROP TABLE IF EXISTS answers_fts")
        return
    op.execute("DROP INDEX IF EXISTS ix_cases_search_fts")
    op.execute("DROP INDEX IF EXISTS ix_answers_search_fts")
