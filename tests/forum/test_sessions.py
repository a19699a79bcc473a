"""Sessions: a signed server challenge buys an expiring, revocable bearer token."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.forum.models import PseudonymSession
from casecrowd.forum.service import sessions
from tests.forum.physician import ORIGIN, Issuer, Physician, Transport


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def ask_challenge(doctor: Physician, reference: str):
    return doctor.http.request("POST", "/api/v1/sessions/challenge", json={"pseudonym": reference})


def answer(doctor: Physician, challenge: str, signer=None):
    signature = envelope.sign_session(signer or doctor.key, ORIGIN, challenge)
    return doctor.http.request(
        "POST", "/api/v1/sessions", json={"challenge": challenge, "signature": signature}
    )


def test_a_signed_challenge_opens_a_session(physician, forum_app):
    doctor = physician()
    assert doctor.register().status == 201
    challenge = ask_challenge(doctor, doctor.handle)
    assert challenge.status == 200
    assert datetime.fromisoformat(challenge.body["expires"]) > datetime.now(UTC)
    reply = answer(doctor, challenge.body["challenge"])
    assert reply.status == 201, reply.body
    assert reply.body["pseudonym"]["handle"] == doctor.handle
    token = reply.body["token"]
    doctor.session = token
    assert doctor.get("/api/v1/cases").status == 200
    # Only the token's SHA-256 is stored.
    with forum_app.app_context():
        (stored,) = db.session.scalars(sa.select(PseudonymSession)).all()
        assert stored.token_hash == hashlib.sha256(token.encode()).digest()
        assert token.encode() not in stored.token_hash


def test_a_challenge_may_name_the_key_instead_of_the_handle(physician):
    doctor = physician()
    doctor.register()
    challenge = ask_challenge(doctor, doctor.pseudonym).body["challenge"]
    assert answer(doctor, challenge).status == 201


@pytest.mark.parametrize("reference", ["quiet-otter-000000", "x", "A" * 43])
def test_unknown_pseudonyms_get_no_challenge(physician, reference):
    reply = ask_challenge(physician(), reference)
    assert reply.status == 404
    assert problem_code(reply) == "pseudonym-not-found"


def test_another_keys_signature_opens_nothing(physician):
    doctor, other = physician(), physician()
    doctor.register()
    challenge = ask_challenge(doctor, doctor.handle).body["challenge"]
    reply = answer(doctor, challenge, signer=other.key)
    assert reply.status == 401
    assert problem_code(reply) == "session-signature-invalid"


def test_a_tampered_challenge_is_refused(physician):
    doctor = physician()
    doctor.register()
    challenge = ask_challenge(doctor, doctor.handle).body["challenge"]
    tampered = challenge[:-2] + ("AA" if challenge[-2:] != "AA" else "BB")
    reply = answer(doctor, tampered)
    assert reply.status == 401
    assert problem_code(reply) == "challenge-invalid"


def test_challenges_expire(make_app, forum_settings, issuer):
    app = make_app(forum_settings({"forum": {"challenge_seconds": 1}}))
    doctor = Physician(Transport(app.test_client()), issuer)
    doctor.register()
    challenge = ask_challenge(doctor, doctor.handle).body["challenge"]
    time.sleep(2.2)
    reply = answer(doctor, challenge)
    assert reply.status == 401
    assert "expired" in reply.body["detail"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer " + "x" * 43}, {"Authorization": "Basic eDp5"}],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/cases"),
        ("GET", "/api/v1/cases/1"),
        ("GET", "/api/v1/proofs/1"),
        ("GET", "/api/v1/cases/1/votes"),
        ("POST", "/api/v1/envelopes"),
        ("DELETE", "/api/v1/sessions/current"),
    ],
)
def test_everything_in_the_forum_needs_a_session(http, headers, method, path):
    # Even an invalid body is answered with 401 first: nothing is parsed for strangers.
    kwargs = {"json": {"unexpected": 1}} if method == "POST" else {}
    reply = http.request(method, path, headers=headers, **kwargs)
    assert reply.status == 401
    assert problem_code(reply) == "session-required"
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")


def test_sessions_expire(physician, monkeypatch):
    doctor = physician().join()
    # The token's own expiry, read back through a second session's answer.
    expires = datetime.fromisoformat(doctor.open_session().body["expires"])
    monkeypatch.setattr(sessions, "utcnow", lambda: expires - timedelta(microseconds=1))
    assert doctor.get("/api/v1/cases").status == 200
    monkeypatch.setattr(sessions, "utcnow", lambda: expires)
    reply = doctor.get("/api/v1/cases")
    assert reply.status == 401
    assert "expired" in reply.body["detail"]


@pytest.mark.parametrize("hours", [12, 0.25, 1])
def test_a_session_ends_on_the_hour_after_its_length(make_app, forum_settings, issuer, hours):
    app = make_app(forum_settings({"forum": {"session_hours": hours}}))
    doctor = Physician(Transport(app.test_client()), issuer)
    assert doctor.register().status == 201
    before = datetime.now(UTC)
    reply = doctor.open_session()
    after = datetime.now(UTC)
    expires = datetime.fromisoformat(reply.body["expires"])
    assert expires == expires.replace(minute=0, second=0, microsecond=0)
    lifetime = timedelta(hours=hours)
    assert before + lifetime <= expires < after + lifetime + timedelta(hours=1)
    with app.app_context():
        (stored,) = db.session.scalars(sa.select(PseudonymSession)).all()
        assert stored.expires_at == expires


def test_a_session_opened_on_the_hour_is_not_lengthened(physician, monkeypatch):
    doctor = physician()
    doctor.register()
    opened = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    monkeypatch.setattr(sessions, "utcnow", lambda: opened)
    assert datetime.fromisoformat(doctor.open_session().body["expires"]) == opened + timedelta(
        hours=12
    )
    monkeypatch.setattr(sessions, "utcnow", lambda: opened + timedelta(microseconds=1))
    assert datetime.fromisoformat(doctor.open_session().body["expires"]) == opened + timedelta(
        hours=13
    )


def _add_session(app, pseudonym_id: int, expires_at: datetime, *, revoked: bool = False) -> bytes:
    token_hash = secrets.token_bytes(32)
    with app.app_context():
        db.session.add(
            PseudonymSession(
                token_hash=token_hash,
                pseudonym_id=pseudonym_id,
                expires_at=expires_at,
                revoked=revoked,
            )
        )
        db.session.commit()
    return token_hash


def test_sweeping_deletes_exactly_the_sessions_past_their_expiry(physician, forum_app):
    doctor = physician().join()
    with forum_app.app_context():
        (opened,) = db.session.scalars(sa.select(PseudonymSession)).all()
        pseudonym_id, live_hash = opened.pseudonym_id, opened.token_hash
    # The API's session ends 12 hours or more from now: it outlives the sweep.
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    hour = timedelta(hours=1)
    gone = {
        _add_session(forum_app, pseudonym_id, now - 3 * hour),
        _add_session(forum_app, pseudonym_id, now),  # expires at now: already refused
        _add_session(forum_app, pseudonym_id, now - hour, revoked=True),
    }
    kept = {
        live_hash,
        _add_session(forum_app, pseudonym_id, now + hour),
        _add_session(forum_app, pseudonym_id, now + hour, revoked=True),
    }
    with forum_app.app_context():
        assert sessions.sweep_expired(now) == 3
        left = set(db.session.scalars(sa.select(PseudonymSession.token_hash)))
        assert left == kept
        assert not left & gone
        assert sessions.sweep_expired(now) == 0
    assert doctor.get("/api/v1/cases").status == 200


def test_sweeping_by_the_clock_keeps_open_sessions(physician, forum_app):
    doctor = physician().join()
    with forum_app.app_context():
        (opened,) = db.session.scalars(sa.select(PseudonymSession)).all()
        _add_session(forum_app, opened.pseudonym_id, datetime.now(UTC) - timedelta(seconds=1))
        assert sessions.sweep_expired() == 1
        assert db.session.scalars(sa.select(PseudonymSession.token_hash)).all() == [
            opened.token_hash
        ]
    assert doctor.get("/api/v1/cases").status == 200


def test_a_session_can_be_revoked(physician):
    doctor = physician().join()
    first = doctor.session
    assert doctor.open_session().status == 201
    second = doctor.session
    doctor.session = first
    closed = doctor.http.request("DELETE", "/api/v1/sessions/current", headers=doctor.auth())
    assert closed.status == 204
    reply = doctor.get("/api/v1/cases")
    assert reply.status == 401
    assert "closed" in reply.body["detail"]
    doctor.session = second  # other sessions of the same pseudonym are untouched
    assert doctor.get("/api/v1/cases").status == 200


def test_a_lapsed_pseudonym_opens_no_session_until_renewed(make_app, forum_settings, issuer):
    app = make_app(forum_settings({"forum": {"verification_grace_days": 0}}))
    doctor = Physician(Transport(app.test_client()), issuer)
    # The previous epoch ended when the current key came into force, 10 days ago.
    assert doctor.register(doctor.token("previous")).status == 201
    reply = doctor.open_session()
    assert reply.status == 403
    assert problem_code(reply) == "verification-lapsed"
    assert doctor.register(doctor.token("current")).status == 200
    assert doctor.open_session().status == 201


def test_a_session_stops_working_when_verification_lapses(
    make_app, forum_settings, issuer_keys, tmp_path
):
    # A key whose one-day epoch ends three seconds from now, and no grace.
    not_before = int((datetime.now(UTC) - timedelta(days=1) + timedelta(seconds=3)).timestamp())
    short = Issuer(issuer_keys, {"current": not_before})
    path = short.write_directory(tmp_path / "short.json", ["current"])
    overrides = {
        "forum": {
            "issuer_directory": str(path),
            "issuer_epoch_days": 1,
            "verification_grace_days": 0,
        }
    }
    app = make_app(forum_settings(overrides))
    doctor = Physician(Transport(app.test_client()), short).join()
    assert doctor.get("/api/v1/cases").status == 200
    time.sleep(max(0.0, not_before + 86400 - time.time()) + 0.5)
    reply = doctor.get("/api/v1/cases")
    assert reply.status == 403
    assert problem_code(reply) == "verification-lapsed"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"challenge": "abc"},
        {"challenge": "\ud800", "signature": "AAAA"},
        {"challenge": "a b", "signature": "AAAA"},
        {"challenge": "abc", "signature": "\ud800"},
    ],
)
def test_malformed_session_requests(http, body):
    assert http.request("POST", "/api/v1/sessions", json=body).status == 422
