"""GET /api/v1/registrations/sample: other members' registration tokens, nothing more."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from casecrowd.crypto import base64url, envelope, privacypass
from casecrowd.db import db
from casecrowd.forum.models import Pseudonym
from tests.forum.conftest import EPOCH_DAYS
from tests.forum.physician import ISSUER_NAME, ORIGIN, case_fields

PATH = "/api/v1/registrations/sample"


def posted(physician, issuer_key: str = "current"):
    doctor = physician().join(issuer_key)
    assert doctor.post("case.create", **case_fields()).status == 201
    return doctor


def test_only_pseudonyms_that_signed_something_are_sampled_with_their_tokens(
    physician, http, issuer
):
    author = posted(physician)
    physician().join()  # registered, never posted: not shown
    reply = http.request("GET", PATH)
    assert reply.status == 200
    [item] = reply.body["items"]
    assert set(item) == {"public_key", "registration_tokens", "issuer_keys"}  # no handle, no time
    assert item["public_key"] == author.pseudonym
    [entry] = item["registration_tokens"]
    [key] = item["issuer_keys"]
    assert base64url.decode(key["token_key"], "key") == issuer.spki("current")
    assert entry["token_key_id"] == key["token_key_id"]
    # What a client checks before counting it: the token verifies under the key it names.
    token = privacypass.Token.deserialize(base64url.decode(entry["token"], "token"))
    challenge = envelope.pseudonym_challenge(ISSUER_NAME, ORIGIN, author.public_key)
    assert privacypass.verify_token(token, challenge, [issuer.spki("current")])


def test_the_sample_is_limited_and_drawn_from_the_last_epoch(physician, http, forum_app):
    doctors = [posted(physician) for _ in range(3)]
    assert len(http.request("GET", PATH + "?limit=2").body["items"]) == 2
    with forum_app.app_context():
        old = date.today() - timedelta(days=EPOCH_DAYS + 1)
        db.session.execute(
            sa.update(Pseudonym)
            .where(Pseudonym.public_key == doctors[0].public_key)
            .values(registered_on=old)
        )
        db.session.commit()
    shown = {item["public_key"] for item in http.request("GET", PATH).body["items"]}
    assert shown == {doctors[1].pseudonym, doctors[2].pseudonym}


def test_a_bad_limit_is_a_problem_not_an_error(http):
    for limit in ("0", "51", "many"):
        reply = http.request("GET", f"{PATH}?limit={limit}")
        assert reply.status == 422, reply.body
        assert reply.headers["Content-Type"].startswith("application/problem+json")
