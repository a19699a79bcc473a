"""POST token requests: a blind signature for members, precise problems for everything else."""

import time

import pytest

from casecrowd.crypto import privacypass
from casecrowd.crypto.keys import truncated_token_key_id
from casecrowd.db import db
from casecrowd.issuer import epochs, retries
from casecrowd.issuer.models import RetryEntry
from tests.issuer.support import (
    CHALLENGE,
    EPOCH_SECONDS,
    FAST_ARGON2,
    RESPONSE_TYPE,
    current_epoch,
    current_key,
    issued,
    new_member,
    post_token_request,
    read_directory,
    token_request,
)


def problem_type(response) -> str:
    assert response.mimetype == "application/problem+json"
    return response.get_json()["type"].rpartition(":")[2]


def test_a_member_gets_a_response_that_finalizes_into_a_verifying_token(app, client):
    membership_id, secret = new_member(app)
    key = current_key(client)
    body, state = token_request(key.spki)

    response = post_token_request(client, secret, body)

    assert response.status_code == 200
    assert response.mimetype == RESPONSE_TYPE
    assert response.headers["Cache-Control"] == "no-store"
    assert len(response.data) == 256
    token = privacypass.Client.finalize(state, privacypass.TokenResponse.deserialize(response.data))
    _, published = read_directory(client)
    assert privacypass.verify_token(token, CHALLENGE, published) == key.spki
    assert issued(app, membership_id) == 1


@pytest.mark.parametrize("size", [0, 1, 3, 258, 260, 518])
def test_a_request_of_the_wrong_size_is_422(app, client, size):
    membership_id, secret = new_member(app)
    body, _ = token_request(current_key(client).spki)
    wrong = (body * 3)[:size]

    response = post_token_request(client, secret, wrong)

    assert response.status_code == 422
    assert problem_type(response) == "token-request-malformed"
    assert f"this one is {size}" in response.get_json()["detail"]
    assert issued(app, membership_id) == 0


@pytest.mark.parametrize("token_type", [0x0001, 0x0003, 0x0000, 0xFFFF])
def test_a_request_for_another_token_type_is_422(app, client, token_type):
    membership_id, secret = new_member(app)
    body, _ = token_request(current_key(client).spki)

    response = post_token_request(client, secret, token_type.to_bytes(2, "big") + body[2:])

    assert response.status_code == 422
    assert problem_type(response) == "token-type-unsupported"
    assert f"0x{token_type:04x}" in response.get_json()["detail"]
    assert issued(app, membership_id) == 0


def test_a_truncated_key_id_naming_no_published_key_is_422(app, client):
    membership_id, secret = new_member(app)
    _, keys = read_directory(client)
    published_ids = {truncated_token_key_id(k.spki) for k in keys}
    unknown = next(i for i in range(256) if i not in published_ids)
    body, _ = token_request(current_key(client).spki)

    response = post_token_request(client, secret, body[:2] + bytes([unknown]) + body[3:])

    assert response.status_code == 422
    assert problem_type(response) == "token-key-unknown"
    assert f"0x{unknown:02x}" in response.get_json()["detail"]
    assert issued(app, membership_id) == 0


def _modulus(spki: bytes) -> int:
    return privacypass.IssuerKey(spki).public_key.public_numbers().n


@pytest.mark.parametrize(
    "blinded",
    [
        lambda n: n,
        lambda n: n + 1,
        lambda n: 2**2048 - 1,
        lambda n: 0,  # not coprime to n
    ],
    ids=["n", "n+1", "all-ones", "zero"],
)
def test_a_blinded_message_out_of_range_is_422(app, client, blinded):
    membership_id, secret = new_member(app)
    spki = current_key(client).spki
    body, _ = token_request(spki)
    message = blinded(_modulus(spki)).to_bytes(256, "big")

    response = post_token_request(client, secret, body[:3] + message)

    assert response.status_code == 422
    assert problem_type(response) == "blinded-message-out-of-range"
    assert issued(app, membership_id) == 0


@pytest.mark.parametrize(
    "authorization",
    [None, "Membership not-a-known-secret", "Bearer {secret}", "Membership", "{secret}"],
    ids=["missing", "unknown", "other-scheme", "no-secret", "no-scheme"],
)
def test_without_a_known_membership_secret_it_is_401(app, client, authorization):
    membership_id, secret = new_member(app)
    body, _ = token_request(current_key(client).spki)
    headers = {"Content-Type": "application/private-token-request"}
    if authorization is not None:
        headers["Authorization"] = authorization.format(secret=secret)

    response = client.post("/api/v1/issuer/token-requests", data=body, headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Membership")
    assert issued(app, membership_id) == 0


@pytest.mark.parametrize("status", ["pending", "rejected", "suspended"])
def test_a_membership_not_approved_is_403(app, client, status):
    membership_id, secret = new_member(app, status)
    body, _ = token_request(current_key(client).spki)

    response = post_token_request(client, secret, body)

    assert response.status_code == 403
    assert response.get_json()["membership_status"] == status
    assert issued(app, membership_id) == 0


@pytest.mark.parametrize(
    "content_type",
    ["application/octet-stream", "application/json", "text/plain", "application/private-token"],
)
def test_another_content_type_is_415(app, client, content_type):
    membership_id, secret = new_member(app)
    body, _ = token_request(current_key(client).spki)

    response = post_token_request(client, secret, body, content_type=content_type)

    assert response.status_code == 415
    assert issued(app, membership_id) == 0


def test_when_the_quota_is_spent_it_is_429_until_the_next_epoch(app, client):
    membership_id, secret = new_member(app)
    spki = current_key(client).spki
    for _ in range(3):
        assert post_token_request(client, secret, token_request(spki)[0]).status_code == 200

    response = post_token_request(client, secret, token_request(spki)[0])

    assert response.status_code == 429
    assert problem_type(response) == "token-quota-spent"
    next_start = (int(time.time()) // EPOCH_SECONDS + 1) * EPOCH_SECONDS
    retry_after = int(response.headers["Retry-After"])
    assert abs(retry_after - (next_start - time.time())) <= 5
    body = response.get_json()
    assert epochs.format_boundary(next_start) in body["detail"]
    assert body["next_epoch_starts"] == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(next_start))
    assert issued(app, membership_id) == 3
    # The quota is the membership's own: another member is not affected.
    other_id, other_secret = new_member(app)
    assert post_token_request(client, other_secret, token_request(spki)[0]).status_code == 200
    assert issued(app, other_id) == 1


def test_the_quota_follows_the_setting(make_app):
    app = make_app({**FAST_ARGON2, "issuer": {"tokens_per_epoch": 1}})
    client = app.test_client()
    _, secret = new_member(app)
    spki = current_key(client).spki
    assert post_token_request(client, secret, token_request(spki)[0]).status_code == 200
    assert post_token_request(client, secret, token_request(spki)[0]).status_code == 429


def test_an_identical_retry_returns_the_same_response_and_spends_nothing(app, client):
    membership_id, secret = new_member(app)
    spki = current_key(client).spki
    first_body, state = token_request(spki)
    first = post_token_request(client, secret, first_body)
    assert first.status_code == 200

    again = post_token_request(client, secret, first_body)

    assert again.status_code == 200
    assert again.data == first.data
    assert issued(app, membership_id) == 1
    token = privacypass.Client.finalize(state, privacypass.TokenResponse.deserialize(again.data))
    assert privacypass.verify_token(token, CHALLENGE, [spki]) == spki
    # Even with the quota spent, the retry of an answered request is answered.
    for _ in range(2):
        assert post_token_request(client, secret, token_request(spki)[0]).status_code == 200
    assert post_token_request(client, secret, token_request(spki)[0]).status_code == 429
    late_retry = post_token_request(client, secret, first_body)
    assert late_retry.status_code == 200
    assert late_retry.data == first.data
    assert issued(app, membership_id) == 3


def test_the_same_body_from_another_member_is_not_a_retry(app, client):
    first_id, first_secret = new_member(app)
    second_id, second_secret = new_member(app)
    body, _ = token_request(current_key(client).spki)

    assert post_token_request(client, first_secret, body).status_code == 200
    assert post_token_request(client, second_secret, body).status_code == 200

    assert issued(app, first_id) == 1
    assert issued(app, second_id) == 1


def test_an_entry_of_an_ended_epoch_is_no_retry(app, client):
    membership_id, secret = new_member(app)
    spki = current_key(client).spki
    body, state = token_request(spki)
    # Left by an earlier epoch under the same key, and not swept yet.
    with app.app_context():
        stale = RetryEntry(
            entry_key=retries.entry_key(membership_id, body),
            response=bytes(256),
            epoch=current_epoch() - 1,
        )
        db.session.add(stale)
        db.session.commit()

    response = post_token_request(client, secret, body)

    assert response.status_code == 200
    assert response.data != bytes(256)
    token = privacypass.Client.finalize(state, privacypass.TokenResponse.deserialize(response.data))
    assert privacypass.verify_token(token, CHALLENGE, [spki]) == spki
    assert issued(app, membership_id) == 1
    again = post_token_request(client, secret, body)
    assert (again.status_code, again.data) == (200, response.data)
    assert issued(app, membership_id) == 1
