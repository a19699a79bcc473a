"""Row ids and row order in the forum database say nothing about when a pseudonym registered."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casecrowd.db import MAX_ID, db, engine, metadata
from casecrowd.forum.models import Pseudonym, PseudonymToken
from casecrowd.forum.service import pseudonyms as registration
from tests.conftest import ON_POSTGRES

REGISTRATIONS = 40


def _ids_in_registration_order(app, doctors) -> list[int]:
    with app.app_context():
        by_key = dict(db.session.execute(sa.select(Pseudonym.public_key, Pseudonym.id)).all())
    return [by_key[doctor.public_key] for doctor in doctors]


def test_pseudonym_ids_are_not_in_registration_order(physician, forum_app):
    doctors = [physician() for _ in range(REGISTRATIONS)]
    for doctor in doctors:
        assert doctor.register().status == 201
    ids = _ids_in_registration_order(forum_app, doctors)
    assert len(set(ids)) == REGISTRATIONS
    assert all(1 <= i <= MAX_ID for i in ids)
    # Sequential ids rise at every step; random ones about half the time
    # (19.5 of 39 on average, standard deviation under 2). Past 31 rises the
    # chance is below one in a million.
    rises = sum(later > earlier for earlier, later in zip(ids, ids[1:], strict=False))
    assert rises <= 31, ids
    # Nor are they packed at the bottom of the range, as a sequence would be.
    assert max(ids) > 2**24, ids
    assert max(ids) - min(ids) > 1000 * REGISTRATIONS, ids


def test_tokens_and_sessions_are_keyed_by_their_random_bytes(forum_app):
    with forum_app.app_context():
        tables = metadata("forum").tables
        tokens, sessions = tables["pseudonym_tokens"], tables["pseudonym_sessions"]
    assert [c.name for c in tokens.primary_key] == ["nonce"]
    assert [c.name for c in sessions.primary_key] == ["token_hash"]
    assert "id" not in tokens.c and "id" not in sessions.c


def test_an_id_already_taken_is_drawn_again_and_the_token_spent_once(
    physician, forum_app, monkeypatch
):
    first, second = physician(), physician()
    assert first.register().status == 201
    (taken,) = _ids_in_registration_order(forum_app, [first])
    draws = iter([taken, taken, 4242])
    monkeypatch.setattr(registration, "random_id", lambda: next(draws))
    reply = second.register()
    assert reply.status == 201, reply.body
    assert _ids_in_registration_order(forum_app, [first, second]) == [taken, 4242]
    with forum_app.app_context():
        spent = db.session.execute(
            sa.select(PseudonymToken.pseudonym_id, sa.func.count()).group_by(
                PseudonymToken.pseudonym_id
            )
        ).all()
    assert sorted(spent) == sorted([(taken, 1), (4242, 1)])
    # The first pseudonym is untouched and a renewal still finds the second.
    assert first.open_session().status == 201
    monkeypatch.setattr(registration, "random_id", lambda: taken)
    renewed = second.register()
    assert renewed.status == 200
    assert renewed.body["handle"] == reply.body["handle"]


@pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL's heap keeps insertion order until rewritten")
def test_on_sqlite_rows_are_stored_in_key_order_not_insertion_order(physician, forum_app):
    doctors = [physician().join() for _ in range(12)]
    with forum_app.app_context(), engine("forum").connect() as conn:
        for table, key in (
            ("pseudonym_tokens", "nonce"),
            ("pseudonym_sessions", "token_hash"),
            ("pseudonyms", "id"),
        ):
            # Every column, no ORDER BY: no index covers it, so SQLite walks
            # the table's own b-tree.
            scan = sa.text(f"SELECT * FROM {table}")  # noqa: S608 - constants
            scanned = [row[key] for row in conn.execute(scan).mappings()]
            assert len(scanned) == 12 and scanned == sorted(scanned), table
        for table in ("pseudonym_tokens", "pseudonym_sessions"):
            ddl = conn.scalar(
                sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
                {"name": table},
            )
            assert "WITHOUT ROWID" in ddl.upper(), table
    # Key order is not registration order.
    registered = _ids_in_registration_order(forum_app, doctors)
    assert registered != sorted(registered)
