"""Blind cases: each read path hides a blind case's answers from a member until they answer,
the case is solved or its first answer is old enough; the author and the answerers see all."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.models import Case
from casecrowd.forum.service import blind
from tests.conftest import deep_merge
from tests.forum.physician import Physician, case_fields
from tests.forum.test_appeals import problem_code, pseudonym_id

ROOMY = {
    "forum": {
        "limits": {
            "new_pseudonym_days": 0,
            "posts": "1000/minute",
            "votes": "1000/minute",
            "edits": "1000/minute",
            "requests": "10000/minute",
        },
        "privileges": {"vote_up": 1, "comment": 1, "vote_down": 1},
    }
}
LIFT_DAYS = 7
DX = [{"diagnosis": "Adult-onset Still disease", "note": "Ferritin this high."}]
ANSWER_BODY = "Macrophage activation would fit the cytopenias."
ANSWER_COMMENT = "Was a marrow aspirate done?"
CASE_COMMENT = "Any recent travel?"


@pytest.fixture
def crowd() -> dict[str, object]:
    """Settings of forum.crowd for the test (parametrize to change them)."""
    return {}


@pytest.fixture
def forum_app(make_app, forum_settings, crowd):
    return make_app(forum_settings(deep_merge(ROOMY, {"forum": {"crowd": crowd}})))


@dataclass
class Thread:
    case_id: int
    answer_id: int
    answer_proof: int
    comment_proof: int
    case_proof: int


def blind_thread(author: Physician, answerer: Physician, **case_changes) -> Thread:
    """A blind case by ``author``, ``answerer``'s answer, a comment on it and one on the case."""
    created = author.post("case.create", **case_fields(blind=True, **case_changes))
    assert created.status == 201, created.body
    case_id = created.body["case_id"]
    answer = answerer.post("answer.create", case_id=case_id, body=ANSWER_BODY, differential=DX)
    assert answer.status == 201, answer.body
    answer_id = answer.body["answer_id"]
    comment = author.post("comment.create", answer_id=answer_id, body=ANSWER_COMMENT)
    assert comment.status == 201, comment.body
    assert answerer.post("comment.create", case_id=case_id, body=CASE_COMMENT).status == 201
    return Thread(
        case_id,
        answer_id,
        answer.body["proof_id"],
        comment.body["proof_id"],
        created.body["proof_id"],
    )


def read_paths(reader: Physician, thread: Thread) -> dict[str, object]:
    """What each read path gives ``reader`` of the thread's answers."""
    detail = reader.get(f"/api/v1/cases/{thread.case_id}").body
    proof_ids = f"id={thread.answer_proof}&id={thread.comment_proof}&id={thread.case_proof}"
    return {
        "answers": [answer["id"] for answer in detail["answers"]],
        "answer_comments": [c["body"] for a in detail["answers"] for c in a["comments"]],
        "crowd": detail["crowd_differential"] is not None,
        "answers_hidden": detail["answers_hidden"],
        "search by answer": [
            i["id"] for i in reader.get("/api/v1/search?q=macrophage").body["items"]
        ],
        "revisions": reader.get(f"/api/v1/answers/{thread.answer_id}/revisions").status,
        "answer proof": reader.get(f"/api/v1/proofs/{thread.answer_proof}").status,
        "comment proof": reader.get(f"/api/v1/proofs/{thread.comment_proof}").status,
        "proofs": [p["proof_id"] for p in reader.get(f"/api/v1/proofs?{proof_ids}").body["items"]],
        "votes": reader.get(f"/api/v1/answers/{thread.answer_id}/votes").status,
    }


def closed(thread: Thread) -> dict[str, object]:
    return {
        "answers": [],
        "answer_comments": [],
        "crowd": False,
        "answers_hidden": True,
        "search by answer": [],
        "revisions": 403,
        "answer proof": 404,
        "comment proof": 404,
        "proofs": [thread.case_proof],
        "votes": 403,
    }


def opened(thread: Thread) -> dict[str, object]:
    return {
        "answers": [thread.answer_id],
        "answer_comments": [ANSWER_COMMENT],
        "crowd": True,
        "answers_hidden": False,
        "search by answer": [thread.case_id],
        "revisions": 200,
        "answer proof": 200,
        "comment proof": 200,
        "proofs": [thread.answer_proof, thread.comment_proof, thread.case_proof],
        "votes": 200,
    }


@pytest.fixture
def stranger(physician) -> Physician:
    return physician().join()


@pytest.fixture
def thread(author, peer) -> Thread:
    return blind_thread(author, peer)


def test_a_stranger_gets_nothing_of_the_answers_on_any_read_path(author, peer, stranger, thread):
    assert read_paths(stranger, thread) == closed(thread)
    # The author and the answerer see everything.
    assert read_paths(author, thread) == opened(thread)
    assert read_paths(peer, thread) == opened(thread)


def test_the_case_itself_stays_readable_while_its_answers_wait(stranger, thread):
    detail = stranger.get(f"/api/v1/cases/{thread.case_id}").body
    assert detail["blind"] is True
    assert detail["title"] == case_fields()["title"]
    assert detail["answer_count"] == 1  # a number, not content
    assert [comment["body"] for comment in detail["comments"]] == [CASE_COMMENT]
    lifts = datetime.fromisoformat(detail["blind_lifts"])
    assert utcnow() + timedelta(days=LIFT_DAYS - 1) < lifts <= utcnow() + timedelta(days=LIFT_DAYS)
    # Its own words still find it, with a snippet of its own text.
    (hit,) = stranger.get("/api/v1/search?q=splenomegaly").body["items"]
    assert hit["id"] == thread.case_id and "Macrophage" not in hit["snippet"]["text"]


def test_listings_show_that_a_case_is_blind_and_nothing_of_its_answers(stranger, thread):
    for sort in ("new", "hot", "top", "active"):
        (item,) = stranger.get(f"/api/v1/cases?sort={sort}").body["items"]
        assert item["id"] == thread.case_id and item["blind"] is True
        text = json.dumps(item)
        assert "Macrophage" not in text and "Still" not in text, sort


def test_a_stranger_may_not_vote_or_comment_on_a_hidden_answer(stranger, thread):
    for kind, members in (
        ("vote", {"target": "answer", "target_id": thread.answer_id, "value": 1}),
        ("comment.create", {"answer_id": thread.answer_id, "body": "Agreed."}),
    ):
        reply = stranger.post(kind, **members)
        assert reply.status == 403 and problem_code(reply) == "blind-answers", kind
    # The case itself takes votes and comments as any case does.
    assert stranger.post("vote", target="case", target_id=thread.case_id, value=1).status == 200
    assert stranger.post("comment.create", case_id=thread.case_id, body="Ferritin?").status == 201


def test_answering_opens_every_path_to_the_one_who_answered(stranger, thread):
    own = stranger.post(
        "answer.create",
        case_id=thread.case_id,
        body="Still's disease, after excluding lymphoma.",
        differential=[{"diagnosis": "Still disease"}, {"diagnosis": "Lymphoma"}],
    )
    assert own.status == 201, own.body
    seen = read_paths(stranger, thread)
    assert seen["answers"] == [thread.answer_id, own.body["answer_id"]]
    assert {**seen, "answers": [thread.answer_id]} == opened(thread)
    vote = stranger.post("vote", target="answer", target_id=thread.answer_id, value=1)
    assert vote.status == 200, vote.body


def test_solving_the_case_lifts_the_blind_for_everyone(author, stranger, thread):
    assert author.post("answer.accept", answer_id=thread.answer_id).status == 200
    assert read_paths(stranger, thread) == opened(thread)
    assert stranger.get(f"/api/v1/cases/{thread.case_id}").body["blind_lifts"] is None


def test_an_outcome_lifts_the_blind_too(author, peer, stranger):
    thread = blind_thread(author, peer)
    reply = author.post("case.outcome", case_id=thread.case_id, outcome="Biopsy: lymphoma.")
    assert reply.status == 200, reply.body
    assert read_paths(stranger, thread) == opened(thread)


def test_time_lifts_the_blind_after_the_configured_days(stranger, thread, monkeypatch):
    lifts = datetime.fromisoformat(
        stranger.get(f"/api/v1/cases/{thread.case_id}").body["blind_lifts"]
    )
    monkeypatch.setattr(blind, "utcnow", lambda: lifts - timedelta(seconds=1))
    assert read_paths(stranger, thread) == closed(thread)
    monkeypatch.setattr(blind, "utcnow", lambda: lifts)
    assert read_paths(stranger, thread) == opened(thread)


@pytest.mark.parametrize("crowd", [{"blind_lift_days": 0}])
def test_with_no_lift_days_only_answering_or_solving_lifts_it(stranger, thread, monkeypatch):
    assert stranger.get(f"/api/v1/cases/{thread.case_id}").body["blind_lifts"] is None
    monkeypatch.setattr(blind, "utcnow", lambda: utcnow() + timedelta(days=3650))
    assert read_paths(stranger, thread) == closed(thread)


def test_an_open_case_hides_nothing(author, peer, stranger):
    case_id = author.post("case.create", **case_fields(blind=False)).body["case_id"]
    answer = peer.post("answer.create", case_id=case_id, body=ANSWER_BODY).body
    detail = stranger.get(f"/api/v1/cases/{case_id}").body
    assert detail["blind"] is False and detail["answers_hidden"] is False
    assert detail["blind_lifts"] is None
    assert [item["id"] for item in detail["answers"]] == [answer["answer_id"]]
    assert stranger.get(f"/api/v1/proofs/{answer['proof_id']}").status == 200


def blind_of(author: Physician, **changes) -> bool:
    created = author.post("case.create", **case_fields(**changes))
    assert created.status == 201, created.body
    return author.get(f"/api/v1/cases/{created.body['case_id']}").body["blind"]


def test_a_puzzle_is_blind_unless_its_author_says_otherwise(author):
    puzzle = ["diagnostic-puzzle", "rheumatology"]
    assert blind_of(author, tags=puzzle) is True
    assert blind_of(author, tags=puzzle, blind=False) is False
    assert blind_of(author) is False
    assert blind_of(author, blind=True) is True


@pytest.mark.parametrize("crowd", [{"blind_default_tags": "zebra, rheumatology"}])
def test_the_blind_default_tags_are_a_setting(author):
    assert blind_of(author, tags=["diagnostic-puzzle"]) is False
    assert blind_of(author, tags=["rheumatology"]) is True
    assert blind_of(author, tags=["rheumatology"], blind=False) is False


@pytest.mark.parametrize("crowd", [{"blind_default_tags": ""}])
def test_no_default_tags_make_no_case_blind_by_itself(author):
    assert blind_of(author, tags=["diagnostic-puzzle"]) is False
    assert blind_of(author, tags=["diagnostic-puzzle"], blind=True) is True


def test_a_blind_case_takes_only_answers_with_a_differential(author, peer, stranger, thread):
    refused = stranger.post("answer.create", case_id=thread.case_id, body="Probably Still's.")
    assert refused.status == 422 and problem_code(refused) == "differential-required"
    detail = author.get(f"/api/v1/cases/{thread.case_id}").body
    assert detail["answer_count"] == 1 and len(detail["answers"]) == 1
    # Refused, the stranger still has no answer: the blind holds.
    assert read_paths(stranger, thread) == closed(thread)
    emptied = peer.post("answer.edit", answer_id=thread.answer_id, differential=[])
    assert emptied.status == 422 and problem_code(emptied) == "differential-required"
    assert peer.post("answer.edit", answer_id=thread.answer_id, body="Or HLH.").status == 200
    answer = author.get(f"/api/v1/cases/{thread.case_id}").body["answers"][0]
    assert answer["differential"][0]["diagnosis"] == DX[0]["diagnosis"]


def test_hidden_case_ids_answers_for_many_cases_at_once(forum_app, author, peer, stranger):
    hidden = blind_thread(author, peer).case_id
    answered = blind_thread(author, peer).case_id
    stranger.post("answer.create", case_id=answered, body="Still's.", differential=DX)
    solved = blind_thread(author, peer)
    author.post("answer.accept", answer_id=solved.answer_id)
    unanswered = author.post("case.create", **case_fields(blind=True)).body["case_id"]
    open_case = author.post("case.create", **case_fields(blind=False)).body["case_id"]
    ids = [hidden, answered, solved.case_id, unanswered, open_case]
    viewer = pseudonym_id(forum_app, stranger)
    with forum_app.app_context():
        # A blind case without answers is still blind: its first answer will be hidden.
        assert blind.hidden_case_ids(viewer, ids) == {hidden, unanswered}
        assert blind.hidden_case_ids(pseudonym_id(forum_app, author), ids) == set()
        assert blind.hidden_case_ids(blind.NOBODY, ids) == {hidden, answered, unanswered}
        assert blind.hidden_case_ids(viewer, []) == set()
        cases = {case_id: db.session.get(Case, case_id) for case_id in ids}
        assert blind.lifts_at(cases[unanswered]) is None
        assert blind.lifts_at(cases[solved.case_id]) is None
        assert blind.lifts_at(cases[open_case]) is None
        assert blind.lifts_at(cases[hidden]) is not None
