"""Proofs verify offline against the issuer's keys, and fail when anything is tampered."""

from __future__ import annotations

import copy

import pytest

from casecrowd.crypto import base64url, envelope
from casecrowd.crypto.proof import proof_is_valid, proof_warnings, verify_proof
from tests.forum.physician import ISSUER_NAME, ORIGIN, case_fields


@pytest.fixture
def forum_app(make_app, forum_settings):
    # New members downvote here; the threshold itself is tested in test_reputation.py.
    return make_app(forum_settings({"forum": {"privileges": {"vote_down": 1}}}))


@pytest.fixture
def proof(author) -> dict:
    reply = author.post("case.create", **case_fields())
    fetched = author.get(f"/api/v1/proofs/{reply.body['proof_id']}")
    assert fetched.status == 200, fetched.body
    return fetched.body


@pytest.fixture
def trusted(issuer) -> list[bytes]:
    return [issuer.spki("previous"), issuer.spki("current")]


def check(proof, trusted, *, origin=ORIGIN, issuer_name=ISSUER_NAME):
    return verify_proof(proof, trusted, origin=origin, issuer_name=issuer_name)


def test_a_proof_verifies_offline(proof, trusted, author, issuer):
    steps = check(proof, trusted)
    assert proof_is_valid(steps), steps
    assert [s.name for s in steps] == [
        "author key",
        "envelope signature",
        "envelope form",
        "envelope author",
        "envelope kind",
        "envelope origin",
        "registration token 1",
        "registration",
    ]
    assert proof["public_key"] == author.pseudonym and proof["handle"] == author.handle
    assert proof["kind"] == "case.create"
    (registration,) = proof["registration_tokens"]
    (issuer_key,) = proof["issuer_keys"]
    assert registration["token_key_id"] == issuer_key["token_key_id"]
    assert base64url.decode(proof["issuer_keys"][0]["token_key"], "spki") == issuer.spki("current")


def test_a_renewed_pseudonym_shows_every_registration_token(author, trusted):
    assert author.register(author.token("previous")).status == 200
    created = author.post("case.create", **case_fields())
    proof = author.get(f"/api/v1/proofs/{created.body['proof_id']}").body
    assert len(proof["registration_tokens"]) == 2 and len(proof["issuer_keys"]) == 2
    assert proof_is_valid(check(proof, trusted))


def flip(text: str) -> str:
    data = bytearray(base64url.decode(text, "value"))
    data[-1] ^= 1
    return base64url.encode(bytes(data), padded=False)


TAMPERINGS = {
    "envelope text": lambda p, o: p.update(envelope=p["envelope"].replace("fevers", "fever")),
    "signature": lambda p, o: p.update(signature=flip(p["signature"])),
    "public key": lambda p, o: p.update(public_key=o["public_key"]),
    "public key garbage": lambda p, o: p.update(public_key="xyz"),
    "token bytes": lambda p, o: p["registration_tokens"][0].update(
        token=flip(p["registration_tokens"][0]["token"])
    ),
    "token of another pseudonym": lambda p, o: p.update(
        registration_tokens=o["registration_tokens"]
    ),
    "no token": lambda p, o: p.update(registration_tokens=[]),
    "token not base64": lambda p, o: p["registration_tokens"][0].update(token="!!"),
    "envelope missing": lambda p, o: p.pop("envelope"),
    "kind": lambda p, o: p.update(kind="vote"),
    "token key id": lambda p, o: p["registration_tokens"][0].update(
        token_key_id=o["issuer_keys"][0]["token_key_id"][::-1]
    ),
}


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_any_tampering_fails(proof, trusted, physician, tampering):
    other = physician().join()
    created = other.post("case.create", **case_fields())
    other_proof = other.get(f"/api/v1/proofs/{created.body['proof_id']}").body
    tampered = copy.deepcopy(proof)
    TAMPERINGS[tampering](tampered, other_proof)
    steps = check(tampered, trusted)
    assert not proof_is_valid(steps)
    assert any(not step.ok and step.explanation for step in steps)


def serialised(token) -> dict:
    return {
        "token": base64url.encode(token.serialize(), padded=False),
        "token_key_id": base64url.encode(token.token_key_id, padded=False),
    }


def test_junk_beside_a_good_token_cannot_make_a_genuine_proof_fail(
    proof, trusted, author, physician
):
    # Whoever serves the proof appends tokens that do not verify: junk, one under an
    # issuer key the reader does not trust, one of another pseudonym.
    other = physician()
    served = copy.deepcopy(proof)
    served["registration_tokens"] += [
        {"token": "!!", "token_key_id": "junk"},
        serialised(author.token("other")),
        serialised(other.token("current")),
    ]
    steps = check(served, trusted)
    assert proof_is_valid(steps)
    warned = {step.name: step.explanation for step in proof_warnings(steps)}
    assert set(warned) == {
        "registration token 2",
        "registration token 3",
        "registration token 4",
    }
    assert "do not trust" in warned["registration token 3"]
    assert "another key" in warned["registration token 4"]
    assert all(not step.ok for step in proof_warnings(steps))
    registration = next(step for step in steps if step.name == "registration")
    assert registration.ok and registration.explanation.startswith("1 of 4")


@pytest.mark.parametrize(
    "tokens",
    [
        [{"token": "!!"}],
        ["not an object"],
        [{"token_key_id": "no token"}],
    ],
)
def test_a_proof_whose_only_token_is_junk_is_invalid(proof, trusted, tokens):
    served = copy.deepcopy(proof)
    served["registration_tokens"] = tokens
    steps = check(served, trusted)
    assert not proof_is_valid(steps)
    assert [step.name for step in proof_warnings(steps)] == ["registration token 1"]
    assert [step.name for step in steps if not step.ok and not step.warning] == ["registration"]


def test_an_envelope_re_signed_by_the_same_key_for_another_pseudonym_fails(author, trusted):
    body = {
        "v": 1,
        "kind": "case.create",
        "origin": ORIGIN,
        "pseudonym": envelope.pseudonym_id(bytes(32)),
        "created": "2026-01-01T00:00:00Z",
        "id": "abcdefghijklmnop",
    }
    message, signature = envelope.sign_message(author.key, body)
    forged = {
        "public_key": author.pseudonym,
        "envelope": message.decode(),
        "signature": signature,
        "registration_tokens": [],
    }
    steps = {s.name: s.ok for s in check(forged, trusted)}
    assert steps["envelope signature"] and not steps["envelope author"]


def test_a_token_from_a_key_the_proof_vouches_for_is_not_trusted(proof, trusted, author, issuer):
    # A forger mints with a key of its own and lists that key in the proof.
    forged = copy.deepcopy(proof)
    token = author.token("other")
    forged["registration_tokens"] = [
        {
            "token": base64url.encode(token.serialize(), padded=False),
            "token_key_id": base64url.encode(token.token_key_id, padded=False),
        }
    ]
    forged["issuer_keys"] = [
        {
            "token_key_id": forged["registration_tokens"][0]["token_key_id"],
            "token_key": base64url.encode(issuer.spki("other"), padded=False),
        }
    ]
    assert not proof_is_valid(check(forged, trusted))
    assert proof_is_valid(check(forged, trusted + [issuer.spki("other")]))


def test_untrusted_issuer_keys_fail(proof, issuer):
    steps = check(proof, [issuer.spki("other")])
    assert not proof_is_valid(steps)
    assert "do not trust" in [s for s in steps if s.name == "registration token 1"][0].explanation


@pytest.mark.parametrize(
    "context", [{"origin": "https://elsewhere.test"}, {"issuer_name": "other-issuer.test"}]
)
def test_another_origin_or_issuer_fails(proof, trusted, context):
    assert not proof_is_valid(check(proof, trusted, **context))


def test_unknown_proof(author):
    reply = author.get("/api/v1/proofs/9999")
    assert reply.status == 404


def test_several_proofs_come_in_one_request_in_the_order_asked(author, proof, trusted):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    answer = author.post("answer.create", case_id=case_id, body="Exclude lymphoma first.")
    ids = [answer.body["proof_id"], proof["proof_id"], 9999, proof["proof_id"]]
    listed = author.get("/api/v1/proofs?" + "&".join(f"id={i}" for i in ids))
    assert listed.status == 200, listed.body
    assert [item["proof_id"] for item in listed.body["items"]] == ids[:2]
    assert listed.body["items"][1] == proof
    assert all(proof_is_valid(check(item, trusted)) for item in listed.body["items"])


@pytest.mark.parametrize("query", ["", "?id=x", "?id=0", "?" + "&".join(["id=1"] * 101)])
def test_a_request_for_several_proofs_is_bounded_and_validated(author, query):
    assert author.get("/api/v1/proofs" + query).status == 422


def test_several_proofs_need_a_session(author, http, proof):
    assert http.request("GET", f"/api/v1/proofs?id={proof['proof_id']}").status == 401


def test_votes_are_recountable_from_their_proofs(physician, author, trusted):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    voters = [physician().join() for _ in range(3)]
    for voter, value in zip(voters, (1, 1, -1), strict=True):
        voter.post("vote", target="case", target_id=case_id, value=value)
    tally = author.get(f"/api/v1/cases/{case_id}/votes").body
    recount = 0
    for vote in tally["votes"]:
        assert proof_is_valid(check(vote["proof"], trusted))
        signed = envelope.parse_canonical(vote["proof"]["envelope"].encode())
        assert signed["target_id"] == case_id and signed["value"] == vote["value"]
        recount += signed["value"]
    assert recount == tally["score"] == 1
