"""forum_keys_0001 on a populated forum of the previous release: two new, empty tables.

The withdrawals and the revocation list start empty; every recorded issuer
key, and every token registered under one, stays as it was.
"""

from __future__ import annotations

from datetime import date

from alembic import command

from casecrowd import db
from tests.test_migrations import OLD_ISSUER_KEY, OLD_PSEUDONYM, OldRelease, old_release  # noqa: F401

# The forum's heads before this migration.
BEFORE_KEY_TRUST = {
    "forum": ("forum_core_0002", "forum_search_0001", "forum_metrics_0001", "forum_times_0001")
}
NEW_TABLES = {"issuer_key_withdrawals", "issuer_key_revocations"}


def seed_forum(old: OldRelease) -> None:
    """Two recorded keys (one dated, one from a release that kept undated keys), a token each."""
    keys = old.insert(
        "forum",
        "issuer_keys",
        OLD_ISSUER_KEY,
        {
            "token_key_id": bytes(range(32, 64)),
            "spki": b"\x31" * 294,
            "not_before": None,
            "first_seen_on": date(2026, 12, 1),
        },
    )
    # Pseudonym ids are drawn by the forum since forum_times_0001, not numbered.
    old.insert("forum", "pseudonyms", {"id": 918_273_645, **OLD_PSEUDONYM})
    old.insert(
        "forum",
        "pseudonym_tokens",
        *[
            {"nonce": bytes([n]) * 32, "pseudonym_id": 918_273_645, "issuer_key_id": key}
            | {"token": b"t"}
            for n, key in enumerate(keys)
        ],
    )


def populated(old_release) -> tuple[OldRelease, dict]:  # noqa: F811 - the imported fixture
    old = old_release(BEFORE_KEY_TRUST)
    seed_forum(old)
    before = old.rows("forum")
    assert all(before[name] for name in ("issuer_keys", "pseudonyms", "pseudonym_tokens"))
    return old, before


def test_the_upgrade_adds_empty_tables_and_keeps_every_key(old_release):  # noqa: F811
    old, before = populated(old_release)
    with old.app.app_context():
        db.upgrade("forum", "forum_keys_0001")
    after = old.rows("forum")
    assert {name: after[name] for name in NEW_TABLES} == {name: [] for name in NEW_TABLES}
    assert {name: rows for name, rows in after.items() if name not in NEW_TABLES} == before


def test_downgrading_removes_only_the_new_tables(old_release):  # noqa: F811
    old, before = populated(old_release)
    with old.app.app_context():
        db.upgrade("forum", "forum_keys_0001")
        config = db.alembic_config("forum")
        with db.engine("forum").begin() as connection:
            config.attributes["connection"] = connection
            config.attributes["target_metadata"] = db.metadata("forum")
            command.downgrade(config, "forum_keys_0001@-1")
    assert old.rows("forum") == before
