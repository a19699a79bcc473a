"""Against a running multi-worker server (gunicorn): races and one whole journey over HTTP."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.crypto import base64url, envelope, http_auth
from casecrowd.crypto.proof import proof_is_valid, verify_proof
from casecrowd.db import db
from casecrowd.forum.models import Case, Pseudonym, PseudonymToken, SignedEnvelope, Vote
from casecrowd.forum.service.reputation import recompute
from tests.forum.physician import ISSUER_NAME, ORIGIN, Physician, Transport, case_fields

pytestmark = pytest.mark.live


def in_parallel(calls, workers=16):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(call) for call in calls]
        return [future.result() for future in futures]


def test_one_token_redeemed_by_many_clients_registers_once(
    live_server, forum_settings, make_app, issuer
):
    server = live_server(workers=3, overrides=forum_settings())
    doctor = Physician(Transport(server.url), issuer)
    token = doctor.token()
    replies = in_parallel([lambda: doctor.register(token)] * 16)
    assert Counter(r.status for r in replies) == {201: 1, 409: 15}, [r.body for r in replies]
    app = make_app(forum_settings())
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PseudonymToken)) == 1


def test_concurrent_votes_keep_scores_equal_to_the_stored_votes(
    live_server, forum_settings, make_app, issuer
):
    # New members downvote here: the threshold is not what this test is about.
    open_downvotes = {"forum": {"privileges": {"vote_down": 1}}}
    server = live_server(workers=3, overrides=forum_settings(open_downvotes))
    http = Transport(server.url)
    author = Physician(http, issuer).join()
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    answer_id = author.post("answer.create", case_id=case_id, body="Mine.").body["answer_id"]
    voters = [Physician(http, issuer).join() for _ in range(8)]
    now = datetime.now(UTC)
    envelopes, latest = [], {}
    for index, voter in enumerate(voters):
        # Each voter changes their mind several times; the envelopes race each other.
        for step, value in enumerate((1, -1, 0, 1 if index % 3 else -1)):
            created = now - timedelta(seconds=10 - step)
            for target, target_id in (("case", case_id), ("answer", answer_id)):
                signed = voter.sign(
                    "vote", created=created, target=target, target_id=target_id, value=value
                )
                envelopes.append((voter, signed))
            latest[voter.handle] = value
    replies = in_parallel([lambda v=v, s=s: v.send(*s) for v, s in envelopes])
    assert {r.status for r in replies} == {200}, [r.body for r in replies if r.status != 200]

    expected = sum(latest.values())
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["score"] == expected
    assert case["answers"][0]["score"] == expected
    tally = author.get(f"/api/v1/cases/{case_id}/votes").body
    assert sum(v["value"] for v in tally["votes"]) == tally["score"] == expected
    app = make_app(forum_settings())
    with app.app_context():
        for kind, target_id in (("case", case_id), ("answer", answer_id)):
            stored = db.session.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(Vote.value), 0)).where(
                    Vote.target_kind == kind, Vote.target_id == target_id
                )
            )
            assert stored == expected
        # Every signed vote is kept for recounts, not only the ones that count.
        kept = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(SignedEnvelope)
            .where(SignedEnvelope.kind == "vote")
        )
        assert kept == len(envelopes)
        # Reputation moved with every counted vote, in the vote's transaction.
        for pseudonym_id, value in db.session.execute(
            sa.select(Pseudonym.id, Pseudonym.reputation)
        ):
            assert value == recompute(db.session, pseudonym_id)


def test_racing_retries_of_one_envelope_create_one_case(
    live_server, forum_settings, make_app, issuer
):
    server = live_server(workers=3, overrides=forum_settings())
    author = Physician(Transport(server.url), issuer).join()
    text, signature = author.sign("case.create", **case_fields())
    replies = in_parallel([lambda: author.send(text, signature)] * 12)
    assert {(r.status, r.body["case_id"]) for r in replies} == {(201, replies[0].body["case_id"])}
    app = make_app(forum_settings())
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 1


def test_from_a_token_to_an_accepted_answer_over_http(live_server, forum_settings, issuer):
    server = live_server(workers=2, overrides=forum_settings())
    http = Transport(server.url)

    # The author asks the forum what to redeem, and follows the challenge.
    author = Physician(http, issuer)
    proof = envelope.sign_registration(author.key, ORIGIN)
    body = {"public_key": author.pseudonym, "proof": proof}
    asked = http.request("POST", "/api/v1/pseudonyms", json=body)
    assert asked.status == 401
    (offer,) = http_auth.parse_www_authenticate(asked.headers["WWW-Authenticate"])
    token = issuer.mint(offer["challenge"], "current")
    registered = author.register(token)
    assert registered.status == 201, registered.body
    assert author.open_session().status == 201

    peer = Physician(http, issuer).join()
    case = author.post("case.create", **case_fields())
    assert case.status == 201, case.body
    case_id = case.body["case_id"]
    answer = peer.post(
        "answer.create",
        case_id=case_id,
        body="Adult-onset Still's disease; exclude lymphoma and infection first.",
        differential=[{"diagnosis": "Adult-onset Still's disease"}, {"diagnosis": "Lymphoma"}],
    )
    assert answer.status == 201, answer.body
    assert (
        author.post("vote", target="answer", target_id=answer.body["answer_id"], value=1).status
        == 200
    )
    accepted = author.post("answer.accept", answer_id=answer.body["answer_id"])
    assert accepted.status == 200, accepted.body

    solved = peer.get(f"/api/v1/cases/{case_id}").body
    assert solved["status"] == "solved"
    assert solved["accepted_answer_id"] == answer.body["answer_id"]
    assert solved["answers"][0]["accepted"] and solved["answers"][0]["score"] == 1
    # The answer earned its author an upvote (10) and the acceptance (15); accepting gave 2.
    assert solved["answers"][0]["author_reputation"] == 1 + 10 + 15
    assert peer.get(f"/api/v1/pseudonyms/{author.handle}").body["reputation"] == 1 + 2

    # Other members find the case in the listings and by the answer's words.
    listed = peer.get("/api/v1/cases?sort=hot").body
    assert [(c["id"], c["status"]) for c in listed["items"]] == [(case_id, "solved")]
    assert listed["next_cursor"] is None
    found = peer.get("/api/v1/search?q=lymphoma+infection").body["items"]
    assert [(hit["id"], hit["rank"]) for hit in found] == [(case_id, 1)]

    # Anyone can check, offline, that a verified physician wrote the answer.
    fetched = author.get(f"/api/v1/proofs/{answer.body['proof_id']}").body
    trusted = [issuer.spki("current")]
    assert proof_is_valid(verify_proof(fetched, trusted, origin=ORIGIN, issuer_name=ISSUER_NAME))
    assert fetched["handle"] == peer.handle
    assert base64url.decode(fetched["public_key"], "key") == peer.public_key

    assert http.request("DELETE", "/api/v1/sessions/current", headers=author.auth()).status == 204
    assert author.get(f"/api/v1/cases/{case_id}").status == 401
