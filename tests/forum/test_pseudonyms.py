"""Registering and renewing pseudonyms with Privacy Pass tokens (RFC 9577 / 9578)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.crypto import base64url, envelope, http_auth
from casecrowd.db import db, metadata
from casecrowd.forum.models import Pseudonym, PseudonymSession, PseudonymToken
from casecrowd.handles import handle_for
from tests.forum.conftest import EPOCH_DAYS, GRACE_DAYS
from tests.forum.physician import ISSUER_NAME, ORIGIN


def at(unix: int) -> datetime:
    return datetime.fromtimestamp(unix, UTC)


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def test_a_token_registers_a_pseudonym(physician, issuer):
    doctor = physician()
    reply = doctor.register()
    assert reply.status == 201, reply.body
    body = reply.body
    assert body["public_key"] == doctor.pseudonym
    assert body["handle"] == handle_for(doctor.public_key)
    assert body["reputation"] == 1  # forum.reputation.initial
    assert body["registered_on"] == datetime.now(UTC).date().isoformat()
    # The current key has no successor: its epoch lasts issuer_epoch_days.
    expected = at(issuer.not_before["current"]) + timedelta(days=EPOCH_DAYS + GRACE_DAYS)
    assert datetime.fromisoformat(body["verified_until"]) == expected


def test_handles_are_readable_words_and_a_hex_tag(physician):
    doctor = physician()
    handle = doctor.register().body["handle"]
    adjective, noun, tag = handle.split("-")
    assert adjective.isalpha() and noun.isalpha() and len(tag) == 6
    int(tag, 16)
    assert handle_for(doctor.public_key) == handle  # anyone can recompute it
    assert handle_for(physician().public_key) != handle


def test_another_token_for_the_same_key_renews_it(physician, issuer):
    doctor = physician()
    first = doctor.register(doctor.token("previous"))
    assert first.status == 201
    # The previous epoch ends where the current one starts.
    expected = at(issuer.not_before["current"]) + timedelta(days=GRACE_DAYS)
    assert datetime.fromisoformat(first.body["verified_until"]) == expected

    renewed = doctor.register(doctor.token("current"))
    assert renewed.status == 200, renewed.body
    assert renewed.body["handle"] == first.body["handle"]
    moved = datetime.fromisoformat(renewed.body["verified_until"])
    assert moved == at(issuer.not_before["current"]) + timedelta(days=EPOCH_DAYS + GRACE_DAYS)

    # A later token of the older epoch never shortens it.
    again = doctor.register(doctor.token("previous"))
    assert again.status == 200
    assert datetime.fromisoformat(again.body["verified_until"]) == moved


def test_a_spent_token_is_refused(physician, forum_app):
    doctor = physician()
    token = doctor.token()
    assert doctor.register(token).status == 201
    reply = doctor.register(token)
    assert reply.status == 409
    assert problem_code(reply) == "token-spent"
    with forum_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PseudonymToken)) == 1


def test_no_token_gets_a_challenge_for_this_key(physician, issuer):
    doctor = physician()
    reply = doctor.http.request(
        "POST",
        "/api/v1/pseudonyms",
        json={
            "public_key": doctor.pseudonym,
            "proof": envelope.sign_registration(doctor.key, ORIGIN),
        },
    )
    assert reply.status == 401
    assert problem_code(reply) == "token-required"
    (offer,) = http_auth.parse_www_authenticate(reply.headers["WWW-Authenticate"])
    assert offer["challenge"] == envelope.pseudonym_challenge(
        ISSUER_NAME, ORIGIN, doctor.public_key
    )
    assert offer["token_key"] == issuer.spki("current")
    # A client that follows the challenge gets registered.
    token = issuer.mint(offer["challenge"], "current")
    assert doctor.register(token).status == 201


@pytest.mark.parametrize("authorization", ["Bearer abcdefghijklmnopqrstuvwxyz", "Basic eDp5", ""])
def test_other_schemes_are_asked_for_a_token(physician, authorization):
    doctor = physician()
    reply = doctor.http.request(
        "POST",
        "/api/v1/pseudonyms",
        json={
            "public_key": doctor.pseudonym,
            "proof": envelope.sign_registration(doctor.key, ORIGIN),
        },
        headers={"Authorization": authorization},
    )
    assert reply.status == 401
    assert http_auth.parse_www_authenticate(reply.headers["WWW-Authenticate"])


@pytest.mark.parametrize(
    "authorization",
    [
        'PrivateToken token="!!!"',
        'PrivateToken token="AAAA"',
        "PrivateToken",
        'PrivateToken nonce="AAAA"',
    ],
)
def test_malformed_token(physician, authorization):
    doctor = physician()
    reply = doctor.http.request(
        "POST",
        "/api/v1/pseudonyms",
        json={
            "public_key": doctor.pseudonym,
            "proof": envelope.sign_registration(doctor.key, ORIGIN),
        },
        headers={"Authorization": authorization},
    )
    assert reply.status == 422
    assert problem_code(reply) == "token-malformed"


def test_a_token_for_another_keys_context_is_refused(physician):
    doctor, other = physician(), physician()
    reply = doctor.register(other.token())
    assert reply.status == 422
    assert problem_code(reply) == "token-context-mismatch"
    # The other key can still use it: nothing was spent.
    assert other.register(other.token()).status == 201


@pytest.mark.parametrize(
    "challenge",
    [{"issuer_name": "other-issuer.test"}, {"origin": "https://elsewhere.test"}],
)
def test_a_token_for_another_issuer_or_origin_is_refused(physician, challenge):
    doctor = physician()
    reply = doctor.register(doctor.token(**challenge))
    assert reply.status == 422
    assert problem_code(reply) == "token-context-mismatch"


def test_a_key_the_issuer_never_published_is_unknown(physician):
    doctor = physician()
    reply = doctor.register(doctor.token("other"))
    assert reply.status == 422
    assert problem_code(reply) == "token-key-unknown"


def test_keys_older_than_the_previous_epoch_are_retired(physician):
    doctor = physician()
    reply = doctor.register(doctor.token("ancient"))
    assert reply.status == 422
    assert problem_code(reply) == "token-key-retired"


def test_a_forged_authenticator_is_refused(physician):
    doctor = physician()
    token = doctor.token()
    forged = bytearray(token.authenticator)
    forged[-1] ^= 1
    reply = doctor.register(dataclasses.replace(token, authenticator=bytes(forged)))
    assert reply.status == 422
    assert problem_code(reply) == "token-signature-invalid"
    assert doctor.register(token).status == 201


def test_proof_of_possession_must_be_the_keys(physician):
    doctor, other = physician(), physician()
    wrong_key = envelope.sign_registration(other.key, ORIGIN)
    reply = doctor.register(proof=wrong_key)
    assert reply.status == 422
    assert problem_code(reply) == "proof-of-possession-invalid"
    wrong_origin = envelope.sign_registration(doctor.key, "https://elsewhere.test")
    reply = doctor.register(proof=wrong_origin)
    assert reply.status == 422
    assert problem_code(reply) == "proof-of-possession-invalid"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"public_key": base64url.encode(b"\1" * 31), "proof": "AAAA"},
        {"public_key": "not base64!", "proof": "AAAA"},
        {"public_key": base64url.encode(b"\1" * 32)},
        {"public_key": base64url.encode(b"\1" * 32), "proof": "A" * 200},
    ],
)
def test_malformed_registration_body(physician, body):
    doctor = physician()
    headers = {"Authorization": http_auth.format_authorization(doctor.token())}
    reply = doctor.http.request("POST", "/api/v1/pseudonyms", json=body, headers=headers)
    assert reply.status == 422
    assert reply.body["invalid-params"]


def test_previous_epoch_keys_still_verify_after_the_directory_drops_them(
    physician, issuer, directory
):
    # The forum records every key it sees in the directory...
    first = physician()
    assert first.register(first.token("current")).status == 201
    # ...so after a rotation drops the previous key, its tokens still verify.
    issuer.write_directory(directory, ["current"])
    second = physician()
    assert second.register(second.token("previous")).status == 201
    # A withdrawn key (dropped with no newer key in force) is refused.
    issuer.write_directory(directory, ["previous"])
    withdrawn = physician()
    assert problem_code(withdrawn.register(withdrawn.token("current"))) == "token-key-retired"
    never_seen = physician()
    assert problem_code(never_seen.register(never_seen.token("other"))) == "token-key-unknown"


def test_a_missing_directory_is_a_server_problem(physician, directory):
    directory.unlink()
    reply = physician().register()
    assert reply.status == 503
    assert problem_code(reply) == "issuer-keys-unavailable"


def test_a_handle_collision_refuses_the_key_without_spending_the_token(physician, forum_app):
    doctor = physician()
    with forum_app.app_context():
        squatter = Pseudonym(
            public_key=b"\x07" * 32,
            handle=handle_for(doctor.public_key),
            registered_on=date.today(),
            verified_until=datetime.now(UTC) + timedelta(days=1),
            reputation=0,
        )
        db.session.add(squatter)
        db.session.commit()
    token = doctor.token()
    reply = doctor.register(token)
    assert reply.status == 409
    assert problem_code(reply) == "handle-collision"
    with forum_app.app_context():
        db.session.execute(sa.delete(Pseudonym).where(Pseudonym.public_key == b"\x07" * 32))
        db.session.commit()
    assert doctor.register(token).status == 201


def test_the_forum_keeps_no_time_next_to_a_pseudonym_but_the_day(forum_app, physician):
    physician().join()
    with forum_app.app_context():
        columns = {
            table: {c.name: type(c.type).__name__ for c in metadata("forum").tables[table].c}
            for table in ("pseudonyms", "pseudonym_tokens", "pseudonym_sessions", "issuer_keys")
        }
        expiries = db.session.scalars(sa.select(PseudonymSession.expires_at)).all()
    assert columns["pseudonyms"]["registered_on"] == "Date"
    timed = {
        (table, name)
        for table, cols in columns.items()
        for name, kind in cols.items()
        if kind not in {"Integer", "LargeBinary", "String", "Date", "Boolean"}
    }
    # verified_until is the end of an epoch plus grace: the same for everyone
    # registering under that key, so it dates nothing. A session's expiry is
    # a whole hour.
    assert timed == {
        ("pseudonyms", "verified_until"),
        ("issuer_keys", "not_before"),
        ("pseudonym_sessions", "expires_at"),
    }
    assert expiries and all(e == e.replace(minute=0, second=0, microsecond=0) for e in expiries)
