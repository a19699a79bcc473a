"""Content under moderation: hidden posts, locked cases, slow mode, purged text."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.forum.models import Answer, Case, Comment, ModerationTarget
from tests.forum.physician import Physician, case_fields
from tests.forum.test_appeals import ROOMY_LIMITS, problem_code

MODELS = {"case": Case, "answer": Answer, "comment": Comment}
VISIBLE_CASE = {"hidden": False, "locked": False, "slow_mode_seconds": None, "redacted_by": None}
VISIBLE_POST = {"hidden": False, "redacted_by": None}


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(ROOMY_LIMITS))


def set_state(app, kind: str, target_id: int, **values) -> None:
    """Put the target in a state, as a moderator's action or the PHI threshold would."""
    with app.app_context():
        row = db.session.get(MODELS[kind], target_id)
        state = db.session.get(ModerationTarget, (kind, target_id))
        if state is None:
            state = ModerationTarget(
                target_kind=kind,
                target_id=target_id,
                author_id=row.pseudonym_id,
                case_id=row.id if kind == "case" else row.case_id,
                phi_flags=0,
                pending_flags=0,
                pending_weight=0,
            )
            db.session.add(state)
        for name, value in values.items():
            setattr(state, name, value)
        db.session.commit()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def thread(author, peer):
    """A case by ``author`` with an answer and a comment by ``peer``; their ids."""
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    answer = peer.post("answer.create", case_id=case_id, body="Lymphoma would explain it.")
    comment = peer.post("comment.create", case_id=case_id, body="Was a marrow done?")
    return case_id, answer.body["answer_id"], comment.body["comment_id"]


def detail(reader: Physician, case_id: int) -> dict:
    reply = reader.get(f"/api/v1/cases/{case_id}")
    assert reply.status == 200, reply.body
    return reply.body


def listed(reader: Physician, path: str) -> list[int]:
    return [item["id"] for item in reader.get(path).body["items"]]


def test_every_post_shows_its_moderation_state(author, thread):
    case_id, _, _ = thread
    case = detail(author, case_id)
    assert case["moderation"] == VISIBLE_CASE
    assert case["answers"][0]["moderation"] == VISIBLE_POST
    assert case["comments"][0]["moderation"] == VISIBLE_POST


def test_a_hidden_case_is_its_authors_alone(author, peer, forum_app, thread):
    case_id, _, _ = thread
    set_state(forum_app, "case", case_id, hidden=True)
    assert detail(peer, case_id) == {"id": case_id, "moderation": {**VISIBLE_CASE, "hidden": True}}
    mine = detail(author, case_id)
    assert mine["title"] == case_fields()["title"] and mine["moderation"]["hidden"] is True
    assert len(mine["answers"]) == len(mine["comments"]) == 1
    revisions = peer.get(f"/api/v1/cases/{case_id}/revisions")
    assert revisions.status == 403 and problem_code(revisions) == "content-hidden"
    assert author.get(f"/api/v1/cases/{case_id}/revisions").status == 200
    for reader in (author, peer):
        for sort in ("new", "hot", "top", "active"):
            assert listed(reader, f"/api/v1/cases?sort={sort}") == [], sort
        assert listed(reader, "/api/v1/search?q=fevers") == []
        assert listed(reader, "/api/v1/search?q=lymphoma") == []
    set_state(forum_app, "case", case_id, hidden=False)
    assert listed(peer, "/api/v1/cases") == [case_id]
    assert listed(peer, "/api/v1/search?q=fevers") == [case_id]


def test_a_hidden_answer_or_comment_shows_others_only_its_state(author, peer, forum_app, thread):
    case_id, answer_id, comment_id = thread
    set_state(forum_app, "answer", answer_id, hidden=True)
    set_state(forum_app, "comment", comment_id, hidden=True)
    hidden = {"hidden": True, "redacted_by": None}
    seen = detail(author, case_id)
    assert seen["title"] and seen["moderation"] == VISIBLE_CASE
    assert seen["answers"] == [{"id": answer_id, "moderation": hidden}]
    assert seen["comments"] == [{"id": comment_id, "moderation": hidden}]
    own = detail(peer, case_id)
    assert own["answers"][0]["body"] == "Lymphoma would explain it."
    assert own["answers"][0]["author"] == peer.handle
    assert own["comments"][0]["body"] == "Was a marrow done?"
    # The hidden answer's words find nothing, for others and its author alike.
    assert listed(author, "/api/v1/search?q=lymphoma") == []
    assert listed(peer, "/api/v1/search?q=lymphoma") == []
    revisions = author.get(f"/api/v1/answers/{answer_id}/revisions")
    assert revisions.status == 403 and problem_code(revisions) == "content-hidden"
    assert peer.get(f"/api/v1/answers/{answer_id}/revisions").status == 200


def test_no_one_but_the_author_writes_beneath_or_votes_on_a_hidden_post(
    author, peer, physician, forum_app, thread
):
    case_id, answer_id, _ = thread
    other = physician().join()
    set_state(forum_app, "answer", answer_id, hidden=True)
    for writer, kind, members in (
        (author, "comment.create", {"answer_id": answer_id, "body": "Any night sweats?"}),
        (author, "vote", {"target": "answer", "target_id": answer_id, "value": 1}),
        (author, "answer.accept", {"answer_id": answer_id}),
        (other, "vote", {"target": "answer", "target_id": answer_id, "value": 1}),
    ):
        reply = writer.post(kind, **members)
        assert reply.status == 403 and problem_code(reply) == "content-hidden", kind
    comments = count(forum_app, Comment)
    assert peer.post("comment.create", answer_id=answer_id, body="Night sweats, yes.").status == 201
    assert peer.post("answer.edit", answer_id=answer_id, body="Lymphoma, or TB.").status == 200
    # Flags still count on a hidden post.
    flag = other.post("flag", target="answer", target_id=answer_id, reason="spam")
    assert flag.status == 201 and flag.body["hidden"] is True
    assert count(forum_app, Comment) == comments + 1

    set_state(forum_app, "case", case_id, hidden=True)
    for kind, members in (
        ("answer.create", {"case_id": case_id, "body": "Still's disease."}),
        ("comment.create", {"case_id": case_id, "body": "Ferritin trend?"}),
        ("vote", {"target": "case", "target_id": case_id, "value": 1}),
    ):
        reply = other.post(kind, **members)
        assert reply.status == 403 and problem_code(reply) == "content-hidden", kind
    assert author.post("comment.create", case_id=case_id, body="Ferritin is falling.").status == 201


def test_a_locked_case_takes_no_answers_comments_or_edits(author, peer, forum_app, thread):
    case_id, answer_id, _ = thread
    set_state(forum_app, "case", case_id, locked=True)
    answers, comments = count(forum_app, Answer), count(forum_app, Comment)
    for writer, kind, members in (
        (peer, "answer.create", {"case_id": case_id, "body": "Still's disease."}),
        (peer, "comment.create", {"case_id": case_id, "body": "Ferritin trend?"}),
        (author, "comment.create", {"answer_id": answer_id, "body": "Thanks."}),
        (author, "case.edit", {"case_id": case_id, "question": "Anything else?"}),
        (peer, "answer.edit", {"answer_id": answer_id, "body": "Lymphoma, or TB."}),
    ):
        reply = writer.post(kind, **members)
        assert reply.status == 409 and problem_code(reply) == "case-locked", kind
    assert (count(forum_app, Answer), count(forum_app, Comment)) == (answers, comments)
    assert detail(peer, case_id)["moderation"]["locked"] is True
    # Votes, acceptance and the outcome go on: a lock stops the discussion, not its closing.
    assert peer.post("vote", target="case", target_id=case_id, value=1).status == 200
    assert author.post("answer.accept", answer_id=answer_id).status == 200
    assert author.post("case.outcome", case_id=case_id, outcome="It was lymphoma.").status == 200
    set_state(forum_app, "case", case_id, locked=False)
    assert peer.post("comment.create", case_id=case_id, body="Ferritin trend?").status == 201


def test_slow_mode_lets_each_pseudonym_post_once_per_period(
    author, peer, physician, forum_app, thread
):
    case_id, answer_id, _ = thread
    set_state(forum_app, "case", case_id, slow_mode_seconds=120)
    assert detail(peer, case_id)["moderation"]["slow_mode_seconds"] == 120
    other = physician().join()
    # A post refused for another reason costs no turn.
    blocked = peer.post("comment.create", case_id=case_id, body="Call 555-123-4567.")
    assert problem_code(blocked) == "phi-detected"
    assert peer.post("comment.create", case_id=case_id, body="Ferritin trend?").status == 201
    comments = count(forum_app, Comment)
    for kind, members in (
        ("comment.create", {"answer_id": answer_id, "body": "And the LDH?"}),
        ("answer.create", {"case_id": case_id, "body": "Still's disease."}),
    ):
        reply = peer.post(kind, **members)
        assert reply.status == 429 and problem_code(reply) == "slow-mode", kind
        assert 1 <= int(reply.headers["Retry-After"]) <= 120
        assert reply.body["retry_after"] == int(reply.headers["Retry-After"])
    assert count(forum_app, Comment) == comments
    # Each pseudonym has its own turn; edits and votes are not posts.
    assert other.post("answer.create", case_id=case_id, body="Still's disease.").status == 201
    assert author.post("comment.create", answer_id=answer_id, body="Thanks.").status == 201
    assert peer.post("answer.edit", answer_id=answer_id, body="Lymphoma, or TB.").status == 200
    assert peer.post("vote", target="case", target_id=case_id, value=1).status == 200


def test_a_purged_post_keeps_its_place_and_names_the_entry(author, peer, forum_app, thread):
    case_id, answer_id, _ = thread
    with forum_app.app_context():
        db.session.get(Answer, answer_id).body = ""
        db.session.commit()
    set_state(forum_app, "answer", answer_id, redacted_seq=7)
    (answer,) = detail(author, case_id)["answers"]
    assert answer["id"] == answer_id and answer["author"] == peer.handle
    assert answer["body"] == ""
    assert answer["moderation"] == {"hidden": False, "redacted_by": 7}
