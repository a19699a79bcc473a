"""The request-count tables join a populated database of the previous release.

Each database gets one new, empty table (``identity_metrics_0001``,
``forum_metrics_0001``); every row of the old schema stays as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from casecrowd import db, metrics
from tests.test_migrations import (  # noqa: F401 - old_release is the fixture
    OLD_ISSUER_KEY,
    OLD_PSEUDONYM,
    OldRelease,
    old_release,
    seed_identity,
)

# The heads the release before request counts shipped.
BEFORE_METRICS = {
    "identity": ("identity_issuer_0001", "identity_staff_0002"),
    "forum": ("forum_core_0002", "forum_search_0001"),
}
METRICS_REVISIONS = {"identity": "identity_metrics_0001", "forum": "forum_metrics_0001"}
TABLES = {bind: model.__tablename__ for bind, model in metrics.MODELS.items()}


def seed_login_failure(old: OldRelease) -> None:
    # The one table of this release that test_migrations.seed_identity does not fill.
    old.insert(
        "identity",
        "staff_login_failures",
        {"scope": "password", "name_digest": "ab" * 32, "seat": 0}
        | {"failed_at": datetime(2026, 12, 1, 8)},
    )


def seed_forum(old: OldRelease) -> None:
    (key,) = old.insert("forum", "issuer_keys", OLD_ISSUER_KEY)
    (pseudonym,) = old.insert("forum", "pseudonyms", OLD_PSEUDONYM)
    old.insert(
        "forum",
        "pseudonym_tokens",
        {"nonce": b"\x01" * 32, "pseudonym_id": pseudonym, "issuer_key_id": key, "token": b"t"},
    )


def populated(old_release) -> tuple[OldRelease, dict[str, dict]]:  # noqa: F811
    old = old_release(BEFORE_METRICS)
    seed_identity(old)
    seed_login_failure(old)
    seed_forum(old)
    before = {bind: old.rows(bind) for bind in db.BINDS}
    assert all(before["identity"].values()) and all(
        before["forum"][name] for name in ("issuer_keys", "pseudonyms", "pseudonym_tokens")
    )
    return old, before


def upgrade_to(old: OldRelease, bind: str, revision: str) -> None:
    with old.app.app_context():
        db.upgrade(bind, revision)


def test_the_new_tables_arrive_empty_and_every_old_row_stays(old_release):  # noqa: F811
    old, before = populated(old_release)
    for bind, revision in METRICS_REVISIONS.items():
        upgrade_to(old, bind, revision)
        after = old.rows(bind)
        assert after[TABLES[bind]] == []
        assert {name: rows for name, rows in after.items() if name != TABLES[bind]} == before[bind]


def test_after_the_operators_upgrade_counts_are_stored(old_release):  # noqa: F811
    old, _ = populated(old_release)
    old.upgrade()  # `casecrowd init`: every head
    with old.app.app_context():
        for bind in db.BINDS:
            with db.engine(bind).connect() as conn:
                context = MigrationContext.configure(
                    conn, opts={"compare_type": True, "include_name": db.include_name}
                )
                diff = compare_metadata(context, db.metadata(bind))
            assert [d for d in diff if TABLES[bind] in repr(d)] == [], bind
    client = old.app.test_client()
    with client.get("/api/v1/health") as answer:
        assert answer.status_code == 200
    with client.post("/api/v1/pseudonyms", json={}) as answer:
        assert answer.status_code == 422
    metrics.flush(old.app, everything=True)
    with old.app.app_context():
        # Read as an hour from now: the hour in progress has ended by then.
        counted = metrics.ended_hours(2, datetime.now(UTC) + metrics.HOUR)
    assert {(c.role, c.route, c.requests) for c in counted} == {
        ("health", "/api/v1/health", 1),
        ("forum", "/api/v1/pseudonyms", 1),
    }


def test_downgrading_removes_only_the_count_tables(old_release):  # noqa: F811
    old, before = populated(old_release)
    for bind, revision in METRICS_REVISIONS.items():
        upgrade_to(old, bind, revision)
        with old.app.app_context():
            config = db.alembic_config(bind)
            with db.engine(bind).begin() as connection:
                config.attributes["connection"] = connection
                config.attributes["target_metadata"] = db.metadata(bind)
                command.downgrade(config, f"{revision}@-1")
        assert old.rows(bind) == before[bind]
