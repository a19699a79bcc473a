"""Votes: one per pseudonym per target, latest signed vote wins, no self-votes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.forum.physician import Physician, case_fields


@pytest.fixture
def forum_app(make_app, forum_settings):
    # New members downvote here; the threshold itself is tested in test_reputation.py.
    return make_app(forum_settings({"forum": {"privileges": {"vote_down": 1}}}))


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


@pytest.fixture
def case_id(author) -> int:
    return author.post("case.create", **case_fields()).body["case_id"]


def score(reader: Physician, case_id: int) -> int:
    return reader.get(f"/api/v1/cases/{case_id}").body["score"]


def test_latest_vote_wins(physician, author, case_id):
    voter = physician().join()
    for value, expected in ((1, 1), (-1, -1), (0, 0), (1, 1)):
        reply = voter.post("vote", target="case", target_id=case_id, value=value)
        assert reply.status == 200, reply.body
        assert reply.body["counted"] is True
        assert score(author, case_id) == expected
    second = physician().join()
    second.post("vote", target="case", target_id=case_id, value=-1)
    assert score(author, case_id) == 0
    tally = author.get(f"/api/v1/cases/{case_id}/votes").body
    assert sorted(v["value"] for v in tally["votes"]) == [-1, 1]
    assert tally["score"] == 0


def test_a_replayed_older_vote_does_not_override_a_newer_one(physician, author, case_id):
    voter = physician().join()
    now = datetime.now(UTC)
    older = voter.sign(
        "vote", created=now - timedelta(seconds=30), target="case", target_id=case_id, value=1
    )
    newer = voter.sign("vote", created=now, target="case", target_id=case_id, value=-1)
    assert voter.send(*newer).body["counted"] is True
    late = voter.send(*older)
    assert late.status == 200 and late.body["counted"] is False
    assert score(author, case_id) == -1
    (counted,) = author.get(f"/api/v1/cases/{case_id}/votes").body["votes"]
    assert counted["proof"]["envelope"] == newer[0]


def test_no_self_votes(author, case_id):
    reply = author.post("vote", target="case", target_id=case_id, value=1)
    assert reply.status == 403
    assert problem_code(reply) == "self-vote"
    assert score(author, case_id) == 0


def test_answers_are_voted_on_too(physician, author, case_id):
    peer = physician().join()
    answer_id = peer.post("answer.create", case_id=case_id, body="An answer.").body["answer_id"]
    assert peer.post("vote", target="answer", target_id=answer_id, value=1).status == 403
    assert author.post("vote", target="answer", target_id=answer_id, value=-1).status == 200
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["answers"][0]["score"] == -1 and case["score"] == 0
    tally = author.get(f"/api/v1/answers/{answer_id}/votes").body
    assert [v["value"] for v in tally["votes"]] == [-1] and tally["score"] == -1


@pytest.mark.parametrize(
    ("members", "status"),
    [
        ({"target": "case", "target_id": 999, "value": 1}, 404),
        ({"target": "answer", "target_id": 999, "value": 1}, 404),
        ({"target": "comment", "target_id": 1, "value": 1}, 422),
        ({"target": "case", "target_id": 1, "value": 2}, 422),
        ({"target": "case", "target_id": 1, "value": True}, 422),
        ({"target": "case", "target_id": 1, "value": "1"}, 422),
        ({"target": "case", "target_id": 0, "value": 1}, 422),
        ({"target": "case", "value": 1}, 422),
    ],
)
def test_vote_members(physician, members, status):
    voter = physician().join()
    assert voter.post("vote", **members).status == status


def test_unknown_targets_have_no_tally(author):
    assert author.get("/api/v1/cases/999/votes").status == 404
    assert author.get("/api/v1/answers/999/votes").status == 404
