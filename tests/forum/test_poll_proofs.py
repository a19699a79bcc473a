"""Poll proofs: the tally recounted from signed votes, and vote envelopes withheld from
those who may not see the results yet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casecrowd.crypto import envelope
from casecrowd.crypto.proof import proof_is_valid, verify_proof
from casecrowd.forum.service import poll_visibility
from tests.forum.physician import ISSUER_NAME, ORIGIN, case_fields
from tests.forum.test_hidden_content import set_state
from tests.forum.test_polls import ROOMY_LIMITS, ask, poll, problem_code, rfc3339, vote


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(ROOMY_LIMITS))


@pytest.fixture
def case_id(author) -> int:
    return author.post("case.create", **case_fields()).body["case_id"]


@pytest.fixture
def poll_id(author, case_id) -> int:
    return ask(author, case_id).body["poll_id"]


def test_the_tally_is_recounted_from_the_signed_votes(author, peer, physician, issuer, poll_id):
    others = [physician().join() for _ in range(3)]
    for doctor, choice in zip([peer, *others], (1, 2, 2, 3), strict=True):
        assert vote(doctor, poll_id, choice).status == 200
    assert vote(others[2], poll_id).status == 200  # withdrawn
    served = author.get(f"/api/v1/polls/{poll_id}").body
    assert vote(author, poll_id, 2).status == 200
    document = author.get(f"/api/v1/polls/{poll_id}/votes").body
    recount = [0, 0, 0]
    for item in document["votes"]:
        steps = verify_proof(
            item["proof"], [issuer.spki("current")], origin=ORIGIN, issuer_name=ISSUER_NAME
        )
        assert proof_is_valid(steps), steps
        signed = envelope.parse_canonical(item["proof"]["envelope"].encode())
        assert (signed["kind"], signed["poll_id"]) == ("poll.vote", poll_id)
        assert sorted(signed["choices"]) == item["choices"]
        for choice in signed["choices"]:
            recount[choice - 1] += 1
    assert recount == document["tally"] == [1, 3, 0]
    assert document["voters"] == 4 and len(document["votes"]) == 5
    assert served["voters"] == 3 and served["tally"] is None


def test_others_vote_proofs_are_withheld_until_one_may_see_results(author, peer, poll_id):
    now = datetime.now(UTC)
    older = author.sign(
        "poll.vote", created=now - timedelta(seconds=5), poll_id=poll_id, choices=[2]
    )
    older_id = author.send(*older).body["proof_id"]
    counting_id = vote(author, poll_id, 1).body["proof_id"]
    for proof_id in (older_id, counting_id):
        reply = peer.get(f"/api/v1/proofs/{proof_id}")
        assert reply.status == 404 and problem_code(reply) == "proof-not-found"
    listed = peer.get(f"/api/v1/proofs?id={older_id}&id={counting_id}").body["items"]
    assert listed == []
    own_id = vote(peer, poll_id).body["proof_id"]  # a withdrawal shows nothing either
    assert peer.get(f"/api/v1/proofs/{own_id}").status == 200
    assert peer.get(f"/api/v1/proofs/{counting_id}").status == 404

    assert vote(peer, poll_id, 3).status == 200
    for proof_id in (older_id, counting_id):
        assert peer.get(f"/api/v1/proofs/{proof_id}").status == 200
    assert author.get(f"/api/v1/proofs/{own_id}").status == 200


def test_a_closed_polls_vote_proofs_are_public(author, peer, case_id, monkeypatch):
    closes = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=2)
    poll_id = ask(author, case_id, closes=rfc3339(closes)).body["poll_id"]
    proof_id = vote(author, poll_id, 2).body["proof_id"]
    assert peer.get(f"/api/v1/proofs/{proof_id}").status == 404
    monkeypatch.setattr(poll_visibility, "utcnow", lambda: closes)
    assert peer.get(f"/api/v1/proofs/{proof_id}").status == 200


def test_a_hidden_cases_poll_proofs_are_withheld(author, peer, case_id, poll_id, forum_app):
    assert vote(peer, poll_id, 1).status == 200
    create_proof = poll(peer, poll_id)["proof_id"]
    vote_proof = vote(author, poll_id, 2).body["proof_id"]
    set_state(forum_app, "case", case_id, hidden=True)
    for proof_id in (create_proof, vote_proof):
        assert peer.get(f"/api/v1/proofs/{proof_id}").status == 404
    assert author.get(f"/api/v1/proofs/{vote_proof}").status == 200
