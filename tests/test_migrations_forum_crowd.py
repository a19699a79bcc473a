"""forum_crowd_0001 and forum_crowd_0002 on a populated forum of the previous release:
every row kept, no case blind, the old differentials' entries and search text filled in,
and search finding an old answer by its diagnoses; on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic import command

from casecrowd import db
from casecrowd.diagnoses.entries import entries_of, search_text
from casecrowd.forum.service.search import search
from tests.forum.old_release_rows import NOW, Seeded, pseudonym_ids
from tests.test_migrations import old_release, on_old_columns  # noqa: F401 - the fixture

BEFORE_UNORDERED_IDS = {"forum": ("forum_core_0002", "forum_search_0001")}
# The forum's heads in the release before crowd diagnosis.
PREVIOUS_RELEASE = {
    "forum": (
        "forum_core_0002",
        "forum_search_0001",
        "forum_metrics_0001",
        "forum_times_0001",
        "forum_keys_0001",
        "forum_sessions_0001",
        "forum_moderation_0001",
    )
}
NEW_TABLES = {"differential_entries", "answer_scores", "polls", "poll_votes"}
# As the previous release stored a differential: ranked items with a note, no codes.
OLD_DIFFERENTIAL = [
    {"diagnosis": "Parkinson disease", "note": "Rest tremor, rigidity."},
    {"diagnosis": "Essential tremor", "note": ""},
]


class PreviousRelease:
    def __init__(self, seeded: Seeded) -> None:
        self.old = seeded.old
        self.case = seeded.case
        # forum_times_0001 drew new pseudonym ids: find the answerer by key.
        answerer = pseudonym_ids(self.old)[seeded.public_key(4)]
        envelope = self.old.insert(
            "forum",
            "signed_envelopes",
            {
                "pseudonym_id": answerer,
                "client_id": "client-id-differential",
                "kind": "answer.create",
                "envelope": "{}",
                "signature": "seeded",
                "created": NOW - timedelta(minutes=30),
                "response_status": 201,
                "response_body": {"kind": "answer.create"},
            },
        )[0]
        (self.answer,) = self.old.insert(
            "forum",
            "answers",
            {
                "case_id": seeded.case,
                "pseudonym_id": answerer,
                "envelope_id": envelope,
                "body": "The tremor is worse at rest.",
                "differential": OLD_DIFFERENTIAL,
                "revision": 1,
                "score": 0,
                "comment_count": 0,
                "created": NOW - timedelta(minutes=30),
            },
        )

    def found(self, query: str) -> set[int]:
        with self.old.app.app_context():
            return {hit.case.id for hit in search(db.db.session, query).items}

    def indexed(self, word: str) -> set[int]:
        """The answers the answers' search index (not the new code) finds by ``word``."""
        with self.old.app.app_context(), db.engine("forum").connect() as connection:
            if connection.dialect.name == "sqlite":
                sql = "SELECT rowid FROM answers_fts WHERE answers_fts MATCH :word"
            else:
                # The index's own expression, read back from the catalogue.
                definition = connection.execute(
                    sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                    {"name": "ix_answers_search_fts"},
                ).scalar_one()
                vector = definition.split("USING gin ", 1)[1]
                sql = (
                    f"SELECT id FROM answers WHERE {vector}"  # noqa: S608 - from the catalogue
                    " @@ plainto_tsquery('english'::regconfig, :word)"
                )
            return set(connection.execute(sa.text(sql), {"word": word}).scalars())

    def downgrade_crowd(self) -> None:
        with self.old.app.app_context():
            config = db.alembic_config("forum")
            with db.engine("forum").begin() as connection:
                config.attributes["connection"] = connection
                config.attributes["target_metadata"] = db.metadata("forum")
                # One step at a time: each from the head it is then.
                for head in ("forum_crowd_0002", "forum_crowd_0001"):
                    command.downgrade(config, f"{head}@-1")


@pytest.fixture
def previous(old_release):  # noqa: F811 - the imported fixture
    seeded = Seeded(old_release(BEFORE_UNORDERED_IDS))
    seeded.seed()
    seeded.old.upgrade_to(PREVIOUS_RELEASE)
    return PreviousRelease(seeded)


def test_the_upgrade_keeps_every_row_and_makes_no_case_blind(previous):
    before = previous.old.rows("forum")
    assert len(before["answers"]) == 2
    previous.old.upgrade()
    after = previous.old.rows("forum")
    assert {name: after[name] for name in NEW_TABLES - {"differential_entries"}} == {
        name: [] for name in NEW_TABLES - {"differential_entries"}
    }
    # Later releases add columns of their own (comments.discussion_id).
    kept = on_old_columns(before, after)
    unchanged = set(before) - {"cases", "answers"}
    assert {name: kept[name] for name in unchanged} == {name: before[name] for name in unchanged}
    assert [
        {k: v for k, v in row.items() if k not in ("blind", "final_diagnosis")}
        for row in after["cases"]
    ] == before["cases"]
    assert all(row["blind"] is False and row["final_diagnosis"] is None for row in after["cases"])
    texts = {row["id"]: row.pop("diagnoses") for row in after["answers"]}
    assert after["answers"] == before["answers"]
    assert texts == {
        row["id"]: search_text(OLD_DIFFERENTIAL) if row["id"] == previous.answer else ""
        for row in before["answers"]
    }
    assert "Parkinson's disease" in texts[previous.answer]


def test_the_old_differentials_get_their_entries(previous):
    previous.old.upgrade()
    rows = previous.old.rows("forum")["differential_entries"]
    assert sorted((row["answer_id"], row["case_id"], row["rank"]) for row in rows) == [
        (previous.answer, previous.case, 1),
        (previous.answer, previous.case, 2),
    ]
    assert sorted((r["rank"], r["diagnosis"], r["code"], r["key"]) for r in rows) == entries_of(
        OLD_DIFFERENTIAL
    )
    assert rows[0]["key"] != rows[1]["key"]


def test_search_finds_an_old_answer_by_its_diagnoses_and_old_text_as_before(previous):
    assert previous.indexed("parkinson") == set()  # the old index: bodies alone
    previous.old.upgrade()
    assert previous.found("parkinson") == {previous.case}
    assert previous.found("rest tremor") == {previous.case}
    assert previous.found("migratory polyarthritis") == {previous.case}
    assert previous.found("rheumatic") == {previous.case}


def test_downgrading_restores_the_previous_schema_and_rows(previous):
    before = previous.old.rows("forum")
    previous.old.upgrade()
    previous.downgrade_crowd()
    assert previous.old.rows("forum") == before
    with previous.old.app.app_context(), db.engine("forum").connect() as connection:
        versions = set(
            connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
        )
    assert not versions & {"forum_crowd_0001", "forum_crowd_0002"}
    assert "forum_moderation_0001" in versions
    # The index is the previous release's again: the answers' bodies alone.
    assert previous.indexed("parkinson") == set()
    assert previous.indexed("tremor") == {previous.answer}
