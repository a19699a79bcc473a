"""A session challenge opens one session: a replayed challenge and signature are refused."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.clock import next_whole_hour
from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.forum.models import PseudonymSession
from tests.forum.physician import ORIGIN, Physician, Transport


def _signed_challenge(doctor: Physician) -> dict[str, str]:
    reply = doctor.http.request(
        "POST", "/api/v1/sessions/challenge", json={"pseudonym": doctor.pseudonym}
    )
    assert reply.status == 200, reply.body
    challenge = reply.body["challenge"]
    return {
        "challenge": challenge,
        "signature": envelope.sign_session(doctor.key, ORIGIN, challenge),
    }


def _open(doctor: Physician, body: dict[str, str]):
    return doctor.http.request("POST", "/api/v1/sessions", json=body)


def _session_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(PseudonymSession))


def test_a_replayed_challenge_and_signature_open_no_second_session(physician, forum_app):
    doctor = physician()
    assert doctor.register().status == 201
    captured = _signed_challenge(doctor)
    first = _open(doctor, captured)
    assert first.status == 201, first.body

    replayed = _open(doctor, captured)
    assert replayed.status == 409, replayed.body
    assert replayed.body["type"] == "urn:casecrowd:problem:challenge-used"
    assert "token" not in replayed.body
    assert _session_count(forum_app) == 1
    # Still refused after the first session is closed: closing keeps the mark.
    doctor.session = first.body["token"]
    closed = doctor.http.request("DELETE", "/api/v1/sessions/current", headers=doctor.auth())
    assert closed.status == 204
    assert _open(doctor, captured).status == 409
    # A fresh challenge still opens a session.
    assert _open(doctor, _signed_challenge(doctor)).status == 201


def test_the_mark_outlives_the_challenge_even_with_sessions_shorter_than_it(
    issuer, make_app, forum_settings
):
    """A session row is kept at least as long as its challenge is accepted."""
    app = make_app(forum_settings({"forum": {"session_hours": 0.01, "challenge_seconds": 7200}}))
    doctor = Physician(Transport(app.test_client()), issuer)
    assert doctor.register().status == 201
    captured = _signed_challenge(doctor)
    opened = _open(doctor, captured)
    assert opened.status == 201, opened.body
    expires = datetime.fromisoformat(opened.body["expires"])
    assert expires >= next_whole_hour(datetime.now(UTC) + timedelta(seconds=7200))
    assert _open(doctor, captured).status == 409


@pytest.mark.live
def test_racing_opens_with_one_challenge_give_one_session(
    live_server, forum_settings, make_app, issuer
):
    server = live_server(workers=2, overrides=forum_settings())
    doctor = Physician(Transport(server.url), issuer)
    assert doctor.register().status == 201
    captured = _signed_challenge(doctor)
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: _open(doctor, captured), range(8)))
    assert Counter(r.status for r in replies) == {201: 1, 409: 7}, [r.body for r in replies]
    assert _session_count(make_app(forum_settings())) == 1
