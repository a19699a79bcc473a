"""forum_sessions_0001 on a forum of the previous release: sessions opened before it keep
working, and challenges are single-use from then on.

Rows are written through tables reflected from the old schema, then upgraded as
an operator does (``casecrowd init``), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from nacl.signing import SigningKey

from casecrowd import db
from casecrowd.clock import next_whole_hour
from casecrowd.crypto import envelope
from tests.conftest import ON_POSTGRES
from tests.forum.physician import ORIGIN
from tests.test_migrations import old_release  # noqa: F401 - the fixture

# The forum's heads before single-use challenges.
BEFORE_SINGLE_USE = {"forum": ("forum_times_0001", "forum_search_0001", "forum_metrics_0001")}
NOW = datetime.now(UTC).replace(microsecond=0)
PEOPLE = 3


@pytest.fixture
def seeded(old_release):  # noqa: F811 - the imported fixture
    old = old_release(BEFORE_SINGLE_USE)
    keys = [SigningKey.generate() for _ in range(PEOPLE)]
    ids = old.insert(
        "forum",
        "pseudonyms",
        *[
            {
                "id": 1000 + n,
                "public_key": bytes(key.verify_key),
                "handle": f"seeded-session-{n:06x}",
                "registered_on": NOW.date(),
                "verified_until": NOW + timedelta(days=30),
                "reputation": 1,
            }
            for n, key in enumerate(keys)
        ],
    )
    tokens = {name: f"seeded-{name}-{secrets.token_hex(16)}" for name in ("live", "revoked")}
    old.insert(
        "forum",
        "pseudonym_sessions",
        *[
            {
                "token_hash": hashlib.sha256(token.encode()).digest(),
                "pseudonym_id": ids[n],
                "expires_at": next_whole_hour(NOW + timedelta(hours=3)),
                "revoked": name == "revoked",
            }
            for n, (name, token) in enumerate(tokens.items())
        ],
    )
    return old, keys, tokens


def test_the_upgrade_keeps_every_session_and_marks_none(seeded):
    old, _, _ = seeded
    before = old.rows("forum")["pseudonym_sessions"]
    assert len(before) == 2
    old.upgrade()
    after = old.rows("forum")["pseudonym_sessions"]
    assert [row.pop("challenge_hash") for row in after] == [None, None]
    assert after == before
    with old.app.app_context(), db.engine("forum").connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": db.include_name}
        )
        assert compare_metadata(context, db.metadata("forum")) == []
        if not ON_POSTGRES:
            ddl = conn.scalar(
                sa.text("SELECT sql FROM sqlite_master WHERE name = 'pseudonym_sessions'")
            )
            assert "WITHOUT ROWID" in ddl.upper()


def test_old_sessions_still_work_and_new_challenges_open_once(seeded):
    old, keys, tokens = seeded
    old.upgrade()
    client = old.app.test_client()
    live = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {tokens['live']}"})
    assert live.status_code == 200, live.get_json()
    revoked = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {tokens['revoked']}"})
    assert revoked.status_code == 401
    # Two people open sessions: the unmarked old rows do not collide with them.
    for key in keys[1:]:
        challenge = client.post(
            "/api/v1/sessions/challenge",
            json={"pseudonym": envelope.pseudonym_id(bytes(key.verify_key))},
        ).get_json()["challenge"]
        body = {"challenge": challenge, "signature": envelope.sign_session(key, ORIGIN, challenge)}
        assert client.post("/api/v1/sessions", json=body).status_code == 201
        replayed = client.post("/api/v1/sessions", json=body)
        assert replayed.status_code == 409
        assert replayed.get_json()["type"] == "urn:casecrowd:problem:challenge-used"
