"""GET /api/v1/token-challenge: what a token must answer, cacheable, the same for everyone."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from nacl.signing import SigningKey

from casecrowd.crypto import base64url, envelope, http_auth
from casecrowd.db import engine
from casecrowd.forum.service import token_challenge
from tests.forum.conftest import EPOCH_DAYS
from tests.forum.physician import ISSUER_NAME, Issuer, Physician, Transport

PATH = "/api/v1/token-challenge"


def fetch(app, **headers):
    return app.test_client().get(PATH, headers=headers)


def max_age(response) -> int:
    match = re.fullmatch(r"public, max-age=(\d+)", response.headers["Cache-Control"])
    assert match, response.headers["Cache-Control"]
    return int(match.group(1))


def offered(app, public_key: bytes) -> tuple[bytes, bytes]:
    """The raw challenge and token key of a registration attempt without a token."""
    reply = app.test_client().post(
        "/api/v1/pseudonyms",
        json={"public_key": envelope.pseudonym_id(public_key), "proof": "A" * 86},
    )
    assert reply.status_code == 401
    (item,) = http_auth.parse_auth_challenges(reply.headers["WWW-Authenticate"])
    return (
        base64url.decode(item.params["challenge"], "challenge"),
        base64url.decode(item.params["token-key"], "token-key"),
    )


def key_entry(issuer: Issuer, name: str) -> dict:
    spki = issuer.spki(name)
    return {
        "token_key": base64url.encode(spki, padded=False),
        "token_key_id": hashlib.sha256(spki).hexdigest(),
        "not_before": issuer.not_before[name],
    }


def test_the_document_names_issuer_origin_context_and_the_key_in_force(forum_app, issuer):
    response = fetch(forum_app)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == {
        "token_type": 2,
        "issuer_name": ISSUER_NAME,
        "origin_info": ["casecrowd.test"],
        "redemption_context": "sha256-of-pseudonym-public-key",
        # The previous and ancient keys are still listed by the directory but
        # no longer issued under.
        "token_keys": [key_entry(issuer, "current")],
    }
    assert "=" not in response.get_json()["token_keys"][0]["token_key"]


def test_a_challenge_built_from_the_document_is_the_one_the_forum_issues(forum_app):
    document = fetch(forum_app).get_json()
    for _ in range(3):
        public_key = bytes(SigningKey.generate().verify_key)
        (origin_info,) = document["origin_info"]
        built = envelope.pseudonym_challenge(document["issuer_name"], origin_info, public_key)
        assert built.token_type == document["token_type"]
        challenge, token_key = offered(forum_app, public_key)
        assert built.serialize() == challenge
        token_keys = [base64url.decode(k["token_key"], "key") for k in document["token_keys"]]
        assert token_key == token_keys[0]


def test_a_token_for_the_built_challenge_registers(forum_app, issuer):
    document = fetch(forum_app).get_json()
    doctor = Physician(Transport(forum_app.test_client()), issuer)
    challenge = envelope.pseudonym_challenge(
        document["issuer_name"], document["origin_info"][0], doctor.public_key
    )
    assert doctor.register(issuer.mint(challenge, "current")).status == 201


def test_the_next_key_is_listed_once_published(make_app, forum_settings, issuer, directory):
    issuer.not_before["other"] = int((datetime.now(UTC) + timedelta(days=3)).timestamp())
    issuer.write_directory(directory, ["previous", "current", "other"])
    app = make_app(forum_settings())
    document = fetch(app).get_json()
    assert document["token_keys"] == [key_entry(issuer, "current"), key_entry(issuer, "other")]
    # The forum still challenges with the key in force.
    _, token_key = offered(app, bytes(SigningKey.generate().verify_key))
    assert token_key == issuer.spki("current")


def test_caches_keep_it_for_the_configured_time(forum_app):
    response = fetch(forum_app)
    assert max_age(response) == 300  # forum.issuer_directory_cache_seconds
    assert response.headers["ETag"]


def test_caches_never_keep_it_past_the_epoch_boundary(make_app, forum_settings, issuer, directory):
    boundary = datetime.now(UTC) + timedelta(seconds=90)
    issuer.not_before["other"] = int(boundary.timestamp())
    issuer.write_directory(directory, ["current", "other"])
    app = make_app(forum_settings({"forum": {"issuer_directory_cache_seconds": 3600}}))
    assert 0 < max_age(fetch(app)) <= 90


def test_without_a_successor_the_epoch_length_sets_the_boundary(
    make_app, forum_settings, issuer, directory
):
    # The current key came into force one epoch ago less a minute.
    started = datetime.now(UTC) - timedelta(days=EPOCH_DAYS) + timedelta(seconds=60)
    issuer.not_before["current"] = int(started.timestamp())
    issuer.write_directory(directory, ["current"])
    app = make_app(forum_settings({"forum": {"issuer_directory_cache_seconds": 3600}}))
    assert 0 < max_age(fetch(app)) <= 60


def test_every_caller_gets_the_same_bytes_and_a_conditional_request_gets_304(
    forum_app, issuer, directory
):
    first, second = fetch(forum_app), fetch(forum_app)
    assert first.data == second.data
    etag = first.headers["ETag"]
    assert second.headers["ETag"] == etag
    unchanged = fetch(forum_app, **{"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.data == b""
    # A new key makes a new document, under a new ETag.
    issuer.not_before["other"] = int((datetime.now(UTC) + timedelta(days=3)).timestamp())
    issuer.write_directory(directory, ["current", "other"])
    changed = fetch(forum_app, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert len(json.loads(changed.data)["token_keys"]) == 2


def test_it_needs_no_session_and_reads_no_pseudonym_data(forum_app, physician):
    physician().join()
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement.lower())

    with forum_app.app_context():
        forum = engine("forum")
        sa.event.listen(forum, "before_cursor_execute", record)
        try:
            assert fetch(forum_app).status_code == 200
        finally:
            sa.event.remove(forum, "before_cursor_execute", record)
    assert statements, "the issuer keys are read from the forum's table"
    assert not [s for s in statements if "pseudonym" in s]


def test_unreadable_issuer_keys_are_a_503_problem(forum_app, directory):
    directory.write_text("{not json")
    response = fetch(forum_app)
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["type"] == "urn:casecrowd:problem:issuer-keys-unavailable"


def test_no_key_in_force_is_a_503_problem(make_app, forum_settings, issuer, directory):
    issuer.not_before["other"] = int((datetime.now(UTC) + timedelta(days=3)).timestamp())
    issuer.write_directory(directory, ["other"])
    response = fetch(make_app(forum_settings()))
    assert response.status_code == 503
    assert response.get_json()["type"] == "urn:casecrowd:problem:issuer-keys-unavailable"


def test_the_service_builds_the_document_for_any_moment(forum_app, issuer):
    later = datetime.now(UTC) + timedelta(days=1)
    with forum_app.test_request_context():
        published = token_challenge.document(later)
    assert json.loads(published.body)["token_keys"] == [key_entry(issuer, "current")]
    assert published.max_age == 300


@pytest.mark.parametrize("schema", ["TokenChallengeDocument", "TokenChallengeKey"])
def test_the_document_is_described_in_openapi(forum_app, schema):
    spec = forum_app.test_client().get("/api/v1/openapi.json").get_json()
    assert schema in spec["components"]["schemas"]
    operation = spec["paths"][PATH]["get"]
    assert set(operation["responses"]) >= {"200", "304", "503"}
    content = operation["responses"]["200"]["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/TokenChallengeDocument"}
    assert {"ETag", "Cache-Control"} <= set(operation["responses"]["200"]["headers"])
    assert "security" not in operation
