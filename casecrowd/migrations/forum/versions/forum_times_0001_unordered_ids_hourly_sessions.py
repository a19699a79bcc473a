"""Row ids that keep no order of registration; sessions that end on the hour.

Pseudonyms get random ids in place of the sequential ones, and every column
that refers to a pseudonym (found by reflection, so a branch that added one
is covered too) follows, in the same transaction. PostgreSQL's foreign keys
to pseudonyms are dropped and re-created around the renumbering, which
re-checks every reference; SQLite defers their checks to the commit.

Redeemed tokens and sessions lose their sequential id: the nonce and the
token hash, random already, become the primary keys, and on SQLite the two
tables are rebuilt WITHOUT ROWID so that no hidden rowid keeps the order in
which rows were written. Stored session expiries are rounded up to the
hour, as the forum now writes them, and indexed for the sweep that deletes
them once past.

Revision ID: forum_times_0001
Revises: forum_0001
Depends on: forum_core_0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from casecrowd.clock import next_whole_hour
from casecrowd.db import include_name
from casecrowd.forum.models.types import random_id

revision: str = "forum_times_0001"
down_revision: str | None = "forum_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "forum_core_0002"

PSEUDONYMS = "pseudonyms"
# Natural primary key of each table that loses its sequential id.
KEYED = {"pseudonym_tokens": "nonce", "pseudonym_sessions": "token_hash"}
EXPIRY_INDEX = "ix_pseudonym_sessions_expires_at"
ID_MAP = "forum_times_pseudonym_ids"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    for table, key in KEYED.items():
        _key_by(table, key)
    taken = set(op.get_bind().execute(sa.text("SELECT id FROM pseudonyms")).scalars())
    mapping = {}
    for old in sorted(taken):
        new = random_id()
        # Disjoint from every old id, so no UPDATE meets a row not yet moved.
        while new in taken:
            new = random_id()
        taken.add(new)
        mapping[old] = new
    _renumber(mapping)
    if _postgres():
        sequence = op.get_bind().scalar(
            sa.text("SELECT pg_get_serial_sequence('pseudonyms', 'id')")
        )
        op.execute("ALTER TABLE pseudonyms ALTER COLUMN id DROP DEFAULT")
        if sequence:
            op.execute(f"DROP SEQUENCE {sequence}")
    _round_session_expiry()
    op.create_index(EXPIRY_INDEX, "pseudonym_sessions", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(EXPIRY_INDEX, table_name="pseudonym_sessions")
    for table, key in KEYED.items():
        _key_by_id(table, key)
    # The old release numbered pseudonyms 1, 2, …: through negative ids, so
    # that no row is moved onto one not yet moved.
    rows = op.get_bind().execute(sa.text("SELECT id FROM pseudonyms ORDER BY registered_on, id"))
    ids = list(rows.scalars())
    _renumber({old: -rank for rank, old in enumerate(ids, 1)})
    _renumber({-rank: rank for rank in range(1, len(ids) + 1)})
    if _postgres():
        op.execute("CREATE SEQUENCE pseudonyms_id_seq OWNED BY pseudonyms.id")
        op.execute(
            "ALTER TABLE pseudonyms ALTER COLUMN id SET DEFAULT nextval('pseudonyms_id_seq')"
        )
        op.execute(
            "SELECT setval('pseudonyms_id_seq', (SELECT COALESCE(MAX(id), 0) + 1 FROM pseudonyms),"
            " false)"
        )


def _key_by(table: str, key: str) -> None:
    sqlite = not _postgres()
    with op.batch_alter_table(
        table,
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_with_rowid": False},
    ) as batch:
        batch.drop_constraint(f"uq_{table}_{key}", type_="unique")
        batch.drop_column("id")
        batch.create_primary_key(f"pk_{table}", [key])


def _key_by_id(table: str, key: str) -> None:
    if _postgres():
        op.drop_constraint(f"pk_{table}", table, type_="primary")
        op.execute(f"ALTER TABLE {table} ADD COLUMN id SERIAL NOT NULL")
        op.create_primary_key(f"pk_{table}", table, ["id"])
        op.create_unique_constraint(f"uq_{table}_{key}", table, [key])
        return
    # A rebuilt rowid table: the copy leaves id out and SQLite numbers the rows.
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_with_rowid": True}
    ) as batch:
        batch.drop_constraint(f"pk_{table}", type_="primary")
        batch.add_column(sa.Column("id", sa.Integer(), nullable=False))
        batch.create_primary_key(f"pk_{table}", ["id"])
        batch.create_unique_constraint(f"uq_{table}_{key}", [key])


def _references() -> list[tuple[str, dict]]:
    """(table, foreign key) of every foreign key to pseudonyms.id."""
    inspector = sa.inspect(op.get_bind())
    return [
        (table, fk)
        for table in inspector.get_table_names()
        if include_name(table, "table", None)
        for fk in inspector.get_foreign_keys(table)
        if fk["referred_table"] == PSEUDONYMS
    ]


def _renumber(mapping: dict[int, int]) -> None:
    """Give every pseudonym ``mapping[id]``; the new ids must not be current ids."""
    if not mapping:
        return
    references = _references()
    id_map = op.create_table(
        ID_MAP,
        sa.Column("old_id", sa.Integer(), primary_key=True),
        sa.Column("new_id", sa.Integer(), nullable=False, unique=True),
    )
    op.bulk_insert(id_map, [{"old_id": old, "new_id": new} for old, new in mapping.items()])
    if _postgres():
        for table, fk in references:
            op.drop_constraint(fk["name"], table, type_="foreignkey")
    else:
        # SQLite drops no constraint in place, but defers their checks to the
        # commit; the INSERT above opened the transaction the pragma lasts for.
        op.execute("PRAGMA defer_foreign_keys = ON")
        if op.get_bind().scalar(sa.text("PRAGMA defer_foreign_keys")) != 1:
            raise RuntimeError("SQLite did not defer foreign key checks")
    for table, fk in references:
        (column,) = fk["constrained_columns"]
        op.execute(
            f"UPDATE {table} SET {column} = {_new_id(table, column)}"  # noqa: S608
            f" WHERE {column} IN (SELECT old_id FROM {ID_MAP})"
        )
    op.execute(f"UPDATE {PSEUDONYMS} SET id = {_new_id(PSEUDONYMS, 'id')}")  # noqa: S608
    op.drop_table(ID_MAP)
    if _postgres():
        for table, fk in references:
            op.create_foreign_key(
                fk["name"],
                table,
                PSEUDONYMS,
                fk["constrained_columns"],
                fk["referred_columns"],
                **fk.get("options", {}),
            )


def _new_id(table: str, column: str) -> str:
    # Table and column names are constants or reflected from the schema.
    return f"(SELECT new_id FROM {ID_MAP} WHERE old_id = {table}.{column})"  # noqa: S608


def _round_session_expiry() -> None:
    sessions = sa.table(
        "pseudonym_sessions",
        sa.column("token_hash", sa.LargeBinary()),
        sa.column("expires_at", sa.DateTime(timezone=True)),
    )
    bind = op.get_bind()
    rounded = [
        {"key": token_hash, "expires": next_whole_hour(expires_at)}
        for token_hash, expires_at in bind.execute(
            sa.select(sessions.c.token_hash, sessions.c.expires_at)
        )
        if next_whole_hour(expires_at) != expires_at
    ]
    if rounded:
        bind.execute(
            sessions.update()
            .where(sessions.c.token_hash == sa.bindparam("key"))
            .values(expires_at=sa.bindparam("expires")),
            rounded,
        )
