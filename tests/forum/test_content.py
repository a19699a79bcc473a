"""Cases, answers, comments, revisions, acceptance and outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.forum.models import SignedEnvelope
from tests.forum.physician import Physician, case_fields


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def new_case(author: Physician, **changes) -> int:
    reply = author.post("case.create", **case_fields(**changes))
    assert reply.status == 201, reply.body
    return reply.body["case_id"]


def new_answer(peer: Physician, case_id: int, **members) -> int:
    members.setdefault("body", "Adult-onset Still's disease is likely; exclude lymphoma.")
    reply = peer.post("answer.create", case_id=case_id, **members)
    assert reply.status == 201, reply.body
    return reply.body["answer_id"]


def test_a_case_reads_back_with_its_structured_fields(author):
    created = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=30)
    reply = author.post("case.create", created=created, **case_fields())
    case = author.get(f"/api/v1/cases/{reply.body['case_id']}").body
    for name, value in case_fields().items():
        expected = sorted(value) if name == "tags" else value
        assert case[name] == expected, name
    assert case["status"] == "open"
    assert case["author"] == author.handle
    assert case["score"] == case["answer_count"] == case["comment_count"] == 0
    assert case["answers"] == [] and case["comments"] == []
    # The time is the one the author signed.
    assert datetime.fromisoformat(case["created"]) == created
    assert case["proof_id"] == reply.body["proof_id"]


def test_the_case_list_is_newest_first(author):
    now = datetime.now(UTC)
    older = author.post("case.create", created=now - timedelta(seconds=60), **case_fields())
    newer = author.post("case.create", created=now, **case_fields(title="A second, newer case"))
    listed = author.get("/api/v1/cases?limit=10").body
    assert [c["id"] for c in listed["items"]] == [newer.body["case_id"], older.body["case_id"]]
    assert listed["next_cursor"] is None
    first = author.get("/api/v1/cases?limit=1").body
    assert [c["id"] for c in first["items"]] == [newer.body["case_id"]]
    second = author.get(f"/api/v1/cases?limit=1&cursor={first['next_cursor']}").body
    assert [c["id"] for c in second["items"]] == [older.body["case_id"]]
    assert author.get("/api/v1/cases?limit=0").status == 422
    assert author.get("/api/v1/cases?limit=101").status == 422


def test_unknown_case(author):
    reply = author.get("/api/v1/cases/4242")
    assert reply.status == 404
    assert problem_code(reply) == "case-not-found"


def test_edits_keep_every_revision(author):
    case_id = new_case(author)
    reply = author.post("case.edit", case_id=case_id, title="Recurrent fevers, rash and arthritis")
    assert reply.status == 200, reply.body
    assert reply.body["revision"] == 2
    reply = author.post("case.edit", case_id=case_id, tags=["rheumatology"], age="90+")
    assert reply.body["revision"] == 3
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["title"] == "Recurrent fevers, rash and arthritis"
    assert case["tags"] == ["rheumatology"] and case["age"] == "90+" and case["revision"] == 3
    revisions = author.get(f"/api/v1/cases/{case_id}/revisions").body
    assert [r["number"] for r in revisions] == [1, 2, 3]
    assert revisions[0]["fields"]["title"] == case_fields()["title"]
    assert revisions[0]["fields"]["age"] == "34"
    assert revisions[1]["fields"]["title"] == "Recurrent fevers, rash and arthritis"
    assert revisions[1]["fields"]["tags"] == ["infectious-disease", "rheumatology"]
    assert revisions[2]["fields"]["tags"] == ["rheumatology"]
    assert len({r["proof_id"] for r in revisions}) == 3


def test_only_the_author_edits(author, peer, forum_app):
    case_id = new_case(author)
    reply = peer.post("case.edit", case_id=case_id, title="Hijacked title here")
    assert reply.status == 403
    assert problem_code(reply) == "not-author"
    assert author.get(f"/api/v1/cases/{case_id}").body["title"] == case_fields()["title"]
    with forum_app.app_context():
        kinds = db.session.scalars(sa.select(SignedEnvelope.kind)).all()
    assert kinds == ["case.create"]


@pytest.mark.parametrize(
    "members",
    [{}, {"case_id": 1}, {"case_id": 1, "title": "x"}, {"case_id": "1", "title": "Long title"}],
)
def test_edit_members_are_validated(author, members):
    reply = author.post("case.edit", **members)
    assert reply.status == 422
    assert problem_code(reply) == "validation"


def test_answers_carry_a_ranked_differential(author, peer):
    case_id = new_case(author)
    differential = [
        {"diagnosis": "Adult-onset Still's disease", "note": "Ferritin very high"},
        {"diagnosis": "Lymphoma"},
    ]
    answer_id = new_answer(peer, case_id, differential=differential)
    plain_id = new_answer(author, case_id, body="Also consider drug reaction.")
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["answer_count"] == 2
    first, second = case["answers"]
    assert (first["id"], second["id"]) == (answer_id, plain_id)
    assert first["author"] == peer.handle
    assert first["differential"] == [
        {"rank": 1, "diagnosis": "Adult-onset Still's disease", "note": "Ferritin very high"},
        {"rank": 2, "diagnosis": "Lymphoma", "note": ""},
    ]
    assert second["differential"] == []


@pytest.mark.parametrize(
    "members",
    [
        {"body": ""},
        {"differential": [{"note": "no diagnosis"}]},
        {"differential": [{"diagnosis": f"d{i}"} for i in range(11)]},
        {"differential": "Lymphoma"},
    ],
)
def test_answer_members_are_validated(author, peer, members):
    case_id = new_case(author)
    reply = peer.post("answer.create", case_id=case_id, **{"body": "An answer.", **members})
    assert reply.status == 422


def test_an_answer_to_a_missing_case(peer):
    reply = peer.post("answer.create", case_id=999, body="Hello")
    assert reply.status == 404
    assert problem_code(reply) == "case-not-found"


def test_answer_edits_keep_revisions_and_only_the_author_edits(author, peer):
    answer_id = new_answer(peer, new_case(author))
    refused = author.post("answer.edit", answer_id=answer_id, body="Rewritten by someone else")
    assert refused.status == 403
    reply = peer.post("answer.edit", answer_id=answer_id, differential=[{"diagnosis": "AOSD"}])
    assert reply.status == 200 and reply.body["revision"] == 2
    revisions = peer.get(f"/api/v1/answers/{answer_id}/revisions").body
    assert [r["number"] for r in revisions] == [1, 2]
    assert revisions[0]["fields"]["differential"] == []
    assert revisions[1]["fields"]["differential"] == [{"diagnosis": "AOSD", "note": ""}]
    assert revisions[1]["fields"]["body"] == revisions[0]["fields"]["body"]
    assert peer.post("answer.edit", answer_id=answer_id).status == 422
    assert peer.get("/api/v1/answers/999/revisions").status == 404


def test_comments_on_cases_and_answers(author, peer):
    case_id = new_case(author)
    answer_id = new_answer(peer, case_id)
    on_case = peer.post("comment.create", case_id=case_id, body="Was a bone marrow done?")
    on_answer = author.post("comment.create", answer_id=answer_id, body="PET-CT was negative.")
    assert on_case.status == on_answer.status == 201
    assert on_answer.body["case_id"] == case_id
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert [c["body"] for c in case["comments"]] == ["Was a bone marrow done?"]
    assert [c["author"] for c in case["answers"][0]["comments"]] == [author.handle]
    assert case["comment_count"] == 1


@pytest.mark.parametrize(
    ("members", "status"),
    [
        ({"body": "No target"}, 422),
        ({"case_id": 1, "answer_id": 1, "body": "Two targets"}, 422),
        ({"answer_id": 999, "body": "Missing answer"}, 404),
        ({"case_id": 999, "body": "Missing case"}, 404),
    ],
)
def test_comment_targets(peer, members, status):
    assert peer.post("comment.create", **members).status == status


def test_the_author_accepts_an_answer_and_records_the_outcome(author, peer):
    case_id = new_case(author)
    answer_id = new_answer(peer, case_id)
    other_id = new_answer(peer, case_id, body="Consider familial Mediterranean fever.")
    refused = peer.post("answer.accept", answer_id=answer_id)
    assert refused.status == 403 and problem_code(refused) == "not-author"
    assert author.get(f"/api/v1/cases/{case_id}").body["status"] == "open"

    accepted = author.post("answer.accept", answer_id=answer_id)
    assert accepted.status == 200, accepted.body
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["status"] == "solved" and case["accepted_answer_id"] == answer_id
    assert [a["accepted"] for a in case["answers"]] == [True, False]
    # One accepted answer at a time: accepting another moves the mark.
    author.post("answer.accept", answer_id=other_id)
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert [a["accepted"] for a in case["answers"]] == [False, True]

    outcome = "Biopsy confirmed; responded to anakinra."
    assert peer.post("case.outcome", case_id=case_id, outcome=outcome).status == 403
    assert author.post("case.outcome", case_id=case_id, outcome=outcome).status == 200
    assert author.get(f"/api/v1/cases/{case_id}").body["outcome"] == outcome
    assert author.post("answer.accept", answer_id=999).status == 404


def test_recording_the_outcome_solves_the_case(author):
    case_id = new_case(author)
    assert author.post("case.outcome", case_id=case_id, outcome="Resolved.").status == 200
    assert author.get(f"/api/v1/cases/{case_id}").body["status"] == "solved"


def test_last_activity_follows_the_newest_signed_time(author, peer):
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=120)
    reply = author.post("case.create", created=start, **case_fields())
    case_id = reply.body["case_id"]
    later = start + timedelta(seconds=60)
    peer.post("answer.create", created=later, case_id=case_id, body="An answer.")
    # An envelope signed earlier (but inside the window) does not move it back.
    peer.post("comment.create", created=start + timedelta(seconds=10), case_id=case_id, body="Hm")
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert datetime.fromisoformat(case["last_activity"]) == later
