"""forum_times_0001 on a populated forum of the previous release: random pseudonym ids,
tokens and sessions keyed by their random bytes, session expiries on the hour.

The forum is seeded through tables reflected from the old schema, with every
table that refers to a pseudonym holding rows, then upgraded as an operator
does. Rows are compared with each pseudonym id replaced by that pseudonym's
public key: every reference must still name the same pseudonym.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from casecrowd import db
from casecrowd.clock import next_whole_hour
from casecrowd.crypto import envelope
from casecrowd.forum.models import Pseudonym
from casecrowd.forum.service import sessions
from tests.conftest import ON_POSTGRES
from tests.forum.old_release_rows import (
    NOW,
    PEOPLE,
    RE_KEYED,
    REFERRING,
    Seeded,
    by_public_key,
    pseudonym_ids,
)
from tests.forum.physician import ORIGIN
from tests.test_migrations import OldRelease, old_release, on_old_columns  # noqa: F401

# The forum's heads before this migration; the identity database is not involved.
BEFORE_UNORDERED_IDS = {"forum": ("forum_core_0002", "forum_search_0001")}


@pytest.fixture
def seeded(old_release) -> Seeded:  # noqa: F811 - the imported fixture
    seeded = Seeded(old_release(BEFORE_UNORDERED_IDS))
    seeded.seed()
    return seeded


def test_the_upgrade_renumbers_pseudonyms_and_keeps_every_reference(seeded):
    old = seeded.old
    before = by_public_key(old)
    assert all(before[name] for name in (*REFERRING, "pseudonyms")), "every table has rows"
    old_ids = pseudonym_ids(old)

    old.upgrade()

    after = by_public_key(old)
    for session in before["pseudonym_sessions"]:
        session["expires_at"] = next_whole_hour(session["expires_at"])
    before["pseudonym_sessions"].sort(key=repr)
    # Other features' branches may add tables of their own.
    assert on_old_columns(before, after) == before
    new_ids = pseudonym_ids(old)
    assert set(new_ids) == set(old_ids)
    assert not set(new_ids.values()) & set(old_ids.values())
    assert all(1 <= i <= db.MAX_ID for i in new_ids.values())
    with old.app.app_context(), db.engine("forum").connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": db.include_name}
        )
        assert compare_metadata(context, db.metadata("forum")) == []
        if ON_POSTGRES:
            # Nothing would number a pseudonym written without an id.
            default = conn.scalar(
                sa.text(
                    "SELECT column_default FROM information_schema.columns"
                    " WHERE table_name = 'pseudonyms' AND column_name = 'id'"
                )
            )
            assert default is None
            assert conn.scalar(sa.text("SELECT to_regclass('pseudonyms_id_seq')")) is None
        else:
            for table in RE_KEYED:
                ddl = conn.scalar(
                    sa.text("SELECT sql FROM sqlite_master WHERE name = :name"), {"name": table}
                )
                assert "WITHOUT ROWID" in ddl.upper(), table
        expiries = conn.scalars(sa.text("SELECT expires_at FROM pseudonym_sessions")).all()
    assert len(expiries) == 3


def test_the_upgraded_forum_serves_the_same_authors(seeded):
    old = seeded.old
    old.upgrade()
    client = old.app.test_client()
    bearer = {"Authorization": f"Bearer {seeded.tokens['live']}"}
    case = client.get(f"/api/v1/cases/{seeded.case}", headers=bearer)
    assert case.status_code == 200, case.get_json()
    handles = {"seeded-person-000000", "seeded-person-000001", "seeded-person-000002"}
    body = case.get_json()
    assert {body["author"], body["answers"][0]["author"], body["comments"][0]["author"]} == handles
    assert body["author_reputation"] >= 0
    # Person n holds tokens n and n + PEOPLE: two for the first three, one for the rest.
    for index, person, tokens in ((0, 0, 2), (3, 3, 1)):
        proof = client.get(f"/api/v1/proofs/{seeded.envelopes[index]}", headers=bearer)
        assert proof.get_json()["public_key"] == envelope.pseudonym_id(seeded.public_key(person))
        assert len(proof.get_json()["registration_tokens"]) == tokens
    # The expired and the revoked session open nothing; the sweep takes the expired one.
    for token in (seeded.tokens["expired"], seeded.tokens["revoked"]):
        refused = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401
    with old.app.app_context():
        assert sessions.sweep_expired() == 1


def test_after_the_upgrade_new_sessions_and_pseudonyms_get_the_new_forms(seeded):
    old = seeded.old
    old.upgrade()
    client = old.app.test_client()
    challenge = client.post(
        "/api/v1/sessions/challenge",
        json={"pseudonym": envelope.pseudonym_id(seeded.public_key(4))},
    ).get_json()["challenge"]
    signature = envelope.sign_session(seeded.keys[4], ORIGIN, challenge)
    opened = client.post("/api/v1/sessions", json={"challenge": challenge, "signature": signature})
    assert opened.status_code == 201, opened.get_json()
    expires = datetime.fromisoformat(opened.get_json()["expires"])
    assert expires == next_whole_hour(expires)
    with old.app.app_context():
        # No sequence is left to number a pseudonym: the model draws its id.
        newcomer = Pseudonym(
            public_key=secrets.token_bytes(32),
            handle="seeded-newcomer-000000",
            registered_on=NOW.date(),
            verified_until=NOW + timedelta(days=1),
            reputation=1,
        )
        db.db.session.add(newcomer)
        db.db.session.commit()
        assert newcomer.id not in range(1, PEOPLE + 1)


def _downgrade(old: OldRelease) -> None:
    with old.app.app_context():
        config = db.alembic_config("forum")
        with db.engine("forum").begin() as connection:
            config.attributes["connection"] = connection
            config.attributes["target_metadata"] = db.metadata("forum")
            command.downgrade(config, "forum_times_0001@-1")


def test_downgrading_numbers_pseudonyms_again_and_keeps_every_reference(seeded):
    old = seeded.old
    before = by_public_key(old)
    old.upgrade()
    upgraded = by_public_key(old)
    _downgrade(old)
    # Branches that depend on forum_times_0001 go down with it, tables, columns and all.
    downgraded = by_public_key(old)
    assert downgraded == on_old_columns(downgraded, upgraded)
    ids = pseudonym_ids(old)
    # Numbered by registration day, as the old release would have them.
    assert sorted(ids.values()) == list(range(1, PEOPLE + 1))
    assert [ids[seeded.public_key(n)] for n in range(PEOPLE)] == sorted(ids.values())
    tokens = old.table("forum", "pseudonym_tokens")
    assert [c.name for c in tokens.primary_key.columns] == ["id"]
    # The old release's inserts number rows themselves again.
    (added,) = old.insert(
        "forum",
        "pseudonyms",
        {
            "public_key": secrets.token_bytes(32),
            "handle": "seeded-after-downgrade",
            "registered_on": NOW.date(),
            "verified_until": NOW,
            "reputation": 0,
        },
    )
    assert added == PEOPLE + 1
    old.insert(
        "forum",
        "pseudonym_sessions",
        {
            "token_hash": secrets.token_bytes(32),
            "pseudonym_id": added,
            "expires_at": NOW,
            "revoked": False,
        },
    )
    # And the upgrade runs again, keeping those rows too.
    downgraded = by_public_key(old)
    old.upgrade()
    again = by_public_key(old)
    assert len(again["pseudonyms"]) == PEOPLE + 1
    assert again["pseudonym_tokens"] == downgraded["pseudonym_tokens"] == before["pseudonym_tokens"]
