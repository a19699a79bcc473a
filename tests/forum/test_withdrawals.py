"""An author withdraws their case, answer or comment: its text leaves the forum for good,
its place in the thread (id, author, score, votes, acceptance) stays, and no moderator acts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.forum.models import ModerationLogEntry
from tests.forum.physician import Physician, case_fields
from tests.moderation.conftest import NEW_PSEUDONYMS_POST_FREELY
from tests.moderation.purge_support import Marker, created, marked_posts, purge, tables_holding

KINDS = ("case", "answer", "comment")


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(NEW_PSEUDONYMS_POST_FREELY))


@pytest.fixture
def third(physician) -> Physician:
    return physician().join()


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


@dataclass
class Thread:
    """A case (the author's), an accepted answer (the peer's) with the author's comment,
    each carrying its own marker word; the third member upvoted the case and the answer.
    """

    ids: dict[str, int]
    markers: dict[str, Marker]
    writers: dict[str, Physician]


@pytest.fixture
def thread(author, peer, third) -> Thread:
    markers = {kind: Marker.new() for kind in KINDS}
    case = created(
        author.post("case.create", **case_fields(history=f"Took {markers['case'].word}."))
    )
    answer = created(
        peer.post(
            "answer.create", case_id=case["case_id"], body=f"Ask about {markers['answer'].word}."
        )
    )
    comment = created(
        author.post(
            "comment.create",
            answer_id=answer["answer_id"],
            body=f"Was {markers['comment'].word} the only one?",
        )
    )
    for target, target_id in (("case", case["case_id"]), ("answer", answer["answer_id"])):
        created(third.post("vote", target=target, target_id=target_id, value=1), 200)
    created(author.post("answer.accept", answer_id=answer["answer_id"]), 200)
    ids = {"case": case["case_id"], "answer": answer["answer_id"], "comment": comment["comment_id"]}
    return Thread(ids, markers, {"case": author, "answer": peer, "comment": author})


def withdraw(member: Physician, kind: str, target_id: int):
    return member.post("withdraw", target=kind, target_id=target_id)


def detail(reader: Physician, case_id: int) -> dict:
    return created(reader.get(f"/api/v1/cases/{case_id}"), 200)


def search(reader: Physician, words: str) -> list[int]:
    return [item["id"] for item in created(reader.get(f"/api/v1/search?q={words}"), 200)["items"]]


def posts_of(shown: dict) -> dict[str, dict]:
    (answer,) = shown["answers"]
    (comment,) = answer["comments"]
    return {"case": shown, "answer": answer, "comment": comment}


@pytest.mark.parametrize("kind", KINDS)
def test_a_withdrawn_post_loses_its_text_and_keeps_its_place(forum_app, thread, peer, kind):
    before = posts_of(detail(peer, thread.ids["case"]))
    reply = created(withdraw(thread.writers[kind], kind, thread.ids[kind]), 200)
    assert (reply["target"], reply["target_id"]) == (kind, thread.ids[kind])

    after = posts_of(detail(peer, thread.ids["case"]))
    texts = {
        "case": ("title", "history", "presentation"),
        "answer": ("body",),
        "comment": ("body",),
    }
    for name in texts[kind]:
        assert before[kind][name] and after[kind][name] == "", name
    kept = ("id", "author", "score", "accepted", "accepted_answer_id", "created", "proof_id")
    for name in kept:
        assert after[kind].get(name) == before[kind].get(name), name
    assert {k: after[k]["withdrawn"] for k in KINDS} == {k: k == kind for k in KINDS}
    assert (
        after["answer"]["accepted"] and after["case"]["accepted_answer_id"] == thread.ids["answer"]
    )
    assert after["case"]["score"] == after["answer"]["score"] == 1

    holding = {other: tables_holding(forum_app, thread.markers[other].found_in) for other in KINDS}
    assert holding[kind] == set()
    assert all(holding[other] for other in KINDS if other != kind)
    assert search(peer, thread.markers[kind].word) == []
    if kind != "case":  # the case's own text stays searchable
        assert search(peer, thread.markers["case"].word) == [thread.ids["case"]]


def test_a_withdrawn_case_stays_in_listings_with_empty_text(thread, peer):
    created(withdraw(thread.writers["case"], "case", thread.ids["case"]), 200)
    listed = created(peer.get("/api/v1/cases?sort=new"), 200)["items"]
    (item,) = [item for item in listed if item["id"] == thread.ids["case"]]
    assert item["withdrawn"] is True and item["title"] == "" and item["score"] == 1


def test_only_the_author_withdraws_an_existing_post_once(thread, peer, third):
    for kind in KINDS:
        missing = withdraw(thread.writers[kind], kind, 424242)
        assert missing.status == 404 and problem_code(missing) == f"{kind}-not-found"
        refused = withdraw(third, kind, thread.ids[kind])
        assert refused.status == 403 and problem_code(refused) == "not-author"
        created(withdraw(thread.writers[kind], kind, thread.ids[kind]), 200)
        again = withdraw(thread.writers[kind], kind, thread.ids[kind])
        assert again.status == 409 and problem_code(again) == "withdrawal-duplicate"


def test_a_withdrawn_post_takes_no_edit_outcome_or_acceptance(thread, author, peer):
    case_id, answer_id = thread.ids["case"], thread.ids["answer"]
    created(withdraw(peer, "answer", answer_id), 200)
    for refused in (
        peer.post("answer.edit", answer_id=answer_id, body="Back again."),
        author.post("answer.accept", answer_id=answer_id),
    ):
        assert refused.status == 409 and problem_code(refused) == "post-withdrawn", refused.body
    created(withdraw(author, "case", case_id), 200)
    for refused in (
        author.post("case.edit", case_id=case_id, history="Back again."),
        author.post("case.outcome", case_id=case_id, outcome="Recovered."),
    ):
        assert refused.status == 409 and problem_code(refused) == "post-withdrawn", refused.body
    assert posts_of(detail(peer, case_id))["answer"]["accepted"]


def test_the_mod_log_gets_no_entry(forum_app, thread):
    for kind in KINDS:
        created(withdraw(thread.writers[kind], kind, thread.ids[kind]), 200)
    with forum_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ModerationLogEntry)) == 0
    assert all(
        post["moderation"]["redacted_by"] is None
        for post in posts_of(detail(thread.writers["case"], thread.ids["case"])).values()
    )


def test_no_cell_keeps_the_text_of_every_revision_outcome_and_flag_note(
    forum_app, author, peer, third
):
    marker = Marker.new()
    posts = marked_posts(author, peer, third, marker)
    assert tables_holding(forum_app, marker.found_in)
    created(withdraw(author, "case", posts.case_id), 200)
    created(withdraw(peer, "answer", posts.answer_id), 200)
    created(withdraw(peer, "comment", posts.comment_id), 200)
    assert tables_holding(forum_app, marker.found_in) == set()
    assert search(third, marker.word) == []


def test_a_purge_after_a_withdrawal_and_a_withdrawal_after_a_purge(forum_app, thread, peer):
    case_id, answer_id = thread.ids["case"], thread.ids["answer"]
    created(withdraw(peer, "answer", answer_id), 200)
    seq = purge(forum_app, "answer", answer_id)
    answer = posts_of(detail(peer, case_id))["answer"]
    assert answer["withdrawn"] and answer["moderation"]["redacted_by"] == seq
    proof = created(peer.get(f"/api/v1/proofs/{answer['proof_id']}"), 200)
    assert proof["redaction"]["log_entry"] is None  # the first removal's cause stays

    seq = purge(forum_app, "case", case_id)
    created(withdraw(thread.writers["case"], "case", case_id), 200)
    case = detail(peer, case_id)
    assert case["withdrawn"] and case["moderation"]["redacted_by"] == seq and case["title"] == ""
    proof = created(peer.get(f"/api/v1/proofs/{case['proof_id']}"), 200)
    assert proof["redaction"]["log_entry"] == seq and "withdrawal" not in proof["redaction"]
    assert tables_holding(forum_app, thread.markers["case"].found_in) == set()
    assert tables_holding(forum_app, thread.markers["answer"].found_in) == set()
