"""The search structures the migration creates: kept in step, used, and filled from old rows."""

from __future__ import annotations

import importlib

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import text

from casecrowd.db import db, engine
from casecrowd.forum.models import Case
from casecrowd.forum.service import search as search_module
from casecrowd.forum.service.discussion_search import PG_DISCUSSION_VECTOR
from casecrowd.forum.service.search_query import parse
from tests.conftest import ON_POSTGRES

MIGRATION = importlib.import_module("casecrowd.migrations.forum.versions.forum_search_0001_fts")
# Rebuilds the answers' index over their diagnoses too: re-run after MIGRATION.
DIAGNOSES_INDEX = importlib.import_module(
    "casecrowd.migrations.forum.versions.forum_crowd_0002_search_diagnoses"
)


def found(query: str) -> set[int]:
    return {hit.case.id for hit in search_module.search(db.session, query).items}


def test_rows_written_before_the_migration_are_indexed_by_it(forum):
    forum_engine = engine("forum")
    with (
        forum_engine.begin() as connection,
        Operations.context(MigrationContext.configure(connection)),
    ):
        MIGRATION.downgrade()
    try:
        case = forum.case("Pheochromocytoma", presentation="Episodic palpitations.")
        forum.answer(case, "Measure plasma metanephrines.")
        forum.commit()
    finally:
        db.session.rollback()
        with (
            forum_engine.begin() as connection,
            Operations.context(MigrationContext.configure(connection)),
        ):
            MIGRATION.upgrade()
            DIAGNOSES_INDEX.upgrade()
    assert found("pheochromocytoma") == {case.id}
    assert found("metanephrines") == {case.id}


@pytest.mark.skipif(ON_POSTGRES, reason="FTS5 shadow tables exist on SQLite only")
def test_purged_words_leave_the_sqlite_index_once_it_is_rewritten(forum):
    # FTS5 stores a term after its neighbour's common prefix and Porter trims
    # endings: a word no other word starts like, with no ending, is stored whole.
    def in_index() -> bool:
        blocks = db.session.execute(
            text("SELECT block FROM cases_fts_data"), bind_arguments={"mapper": Case.__mapper__}
        ).scalars()
        return any(b"zzqxv" in bytes(block) for block in blocks if block)

    case = forum.case("A case", presentation="Seen by Dr Zzqxv at the clinic.")
    forum.commit()
    case.presentation = "Seen at the clinic."
    forum.commit()
    assert found("zzqxv") == set()
    assert in_index()  # only marked as deleted so far
    search_module.forget_removed_text(db.session)
    db.session.commit()
    assert not in_index()
    assert found("clinic") == {case.id}


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite keeps the FTS5 tables in step with triggers")
def test_sqlite_triggers_keep_the_index_in_step(app):
    with app.app_context(), engine("forum").connect() as connection:
        triggers = set(
            connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            ).scalars()
        )
    expected = {
        f"{table}_fts_{event}"
        for table in ("cases", "answers", "discussions")
        for event in ("insert", "update", "delete")
    }
    assert expected <= triggers


@pytest.mark.skipif(not ON_POSTGRES, reason="GIN expression indexes exist on PostgreSQL only")
def test_postgres_search_expressions_match_the_gin_indexes(forum):
    # PostgreSQL uses an expression index only for the very same expression;
    # with sequential scans priced out, a mismatch shows as a plan without it.
    forum.case("Sarcoidosis", presentation="Bilateral hilar lymphadenopathy.")
    forum.commit()
    params: dict = {}
    query = search_module.pg_tsquery(
        parse('sarcoid* "hilar lymphadenopathy" bilateral', 12), params
    )
    connection = db.session.connection(bind_arguments={"mapper": Case.__mapper__})
    connection.execute(text("SET LOCAL enable_seqscan = off"))
    plans = {}
    for table, vector in (
        ("cases", search_module.PG_CASE_VECTOR),
        ("answers", search_module.PG_ANSWER_VECTOR),
        ("discussions", PG_DISCUSSION_VECTOR),
    ):
        sql = f"EXPLAIN SELECT id FROM {table} WHERE {vector} @@ {query}"  # noqa: S608
        plans[table] = "\n".join(connection.execute(text(sql), params).scalars())
    db.session.rollback()
    assert "ix_cases_search_fts" in plans["cases"]
    assert "ix_answers_search_fts" in plans["answers"]
    assert "ix_discussions_search_fts" in plans["discussions"]
