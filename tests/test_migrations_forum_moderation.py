"""forum_moderation_0001 on a populated forum of the previous release: six new, empty
tables, every existing row kept, and the new tables usable with the old rows.

The forum is seeded as the release before unordered ids had it, upgraded as far
as the previous release went, then upgraded to this one, on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from alembic import command

from casecrowd import db
from casecrowd.clock import utcnow
from tests.forum.old_release_rows import Seeded
from tests.test_migrations import old_release, on_old_columns  # noqa: F401 - the fixture

BEFORE_UNORDERED_IDS = {"forum": ("forum_core_0002", "forum_search_0001")}
# The forum's heads in the release before moderation.
PREVIOUS_RELEASE = {
    "forum": (
        "forum_core_0002",
        "forum_search_0001",
        "forum_metrics_0001",
        "forum_times_0001",
        "forum_keys_0001",
        "forum_sessions_0001",
    )
}
NEW_TABLES = {
    "flags",
    "moderation_targets",
    "sanctions",
    "appeals",
    "moderation_log",
    "envelope_redactions",
}


@pytest.fixture
def previous(old_release):  # noqa: F811 - the imported fixture
    seeded = Seeded(old_release(BEFORE_UNORDERED_IDS))
    seeded.seed()
    seeded.old.upgrade_to(PREVIOUS_RELEASE)
    return seeded.old


def _first(old, table: str, column: str = "id") -> int:
    with old.app.app_context(), db.engine("forum").connect() as conn:
        return conn.execute(sa.text(f"SELECT min({column}) FROM {table}")).scalar_one()  # noqa: S608


def test_the_upgrade_adds_empty_tables_and_keeps_every_row(previous):
    before = previous.rows("forum")
    assert all(before[name] for name in ("pseudonyms", "cases", "answers", "signed_envelopes"))
    previous.upgrade()
    after = previous.rows("forum")
    assert {name: after[name] for name in NEW_TABLES} == {name: [] for name in NEW_TABLES}
    assert on_old_columns(before, after) == before


def test_the_new_tables_take_rows_about_old_content(previous):
    previous.upgrade()
    pseudonym = _first(previous, "pseudonyms")
    case = _first(previous, "cases")
    envelope = _first(previous, "signed_envelopes")
    now = utcnow()
    rows = {
        "moderation_log": {
            "seq": 1,
            "day": now.date(),
            "action": "suspend",
            "reason": "harassment",
            "target_kind": "pseudonym",
            "target_id": "seeded-handle",
            "moderator": "mod-1",
            "prev_hash": "0" * 64,
            "entry_hash": "a" * 64,
            "signature": "s" * 86,
            "note": "",
        },
        "moderation_targets": {
            "target_kind": "case",
            "target_id": case,
            "author_id": pseudonym,
            "case_id": case,
            "phi_flags": 1,
            "pending_flags": 1,
            "pending_weight": 3,
            "pending_since": now,
        },
        "flags": {
            "envelope_id": envelope,
            "pseudonym_id": pseudonym,
            "target_kind": "case",
            "target_id": case,
            "reason": "phi",
            "note": "",
            "weight": 3,
            "created": now,
        },
        "sanctions": {
            "pseudonym_id": pseudonym,
            "kind": "suspend",
            "log_seq": 1,
            "starts": now,
            "ends": now + timedelta(days=7),
        },
        "envelope_redactions": {"envelope_id": envelope, "log_seq": 1, "envelope_sha256": "b" * 64},
    }
    for table, row in rows.items():
        previous.insert("forum", table, row)
    after = previous.rows("forum")
    assert after["moderation_targets"][0]["hidden"] is False  # the server default
    assert after["moderation_targets"][0]["locked"] is False
    assert all(len(after[table]) == 1 for table in rows)


def test_downgrading_removes_only_the_new_tables(previous):
    before = previous.rows("forum")
    previous.upgrade()
    with previous.app.app_context():
        config = db.alembic_config("forum")
        with db.engine("forum").begin() as connection:
            config.attributes["connection"] = connection
            config.attributes["target_metadata"] = db.metadata("forum")
            command.downgrade(config, "forum_moderation_0001@-1")
    assert previous.rows("forum") == before
