"""Discussions under moderation and withdrawal, as cases are: flagged into the queue,
hidden from listings, search and proofs, locked and slowed as threads, purged and
withdrawn without a trace in any table or index, while proofs report the redaction.
"""

from __future__ import annotations

from typing import Any

import pytest

from casecrowd.crypto.proof import WITHDRAWN_DETAIL
from tests.forum.physician import Physician
from tests.moderation.moderator import flag, log_entries, problem_code
from tests.moderation.purge_support import Marker, created, purge, tables_holding


@pytest.fixture
def third(physician) -> Physician:
    return physician().join()


def discuss(member: Physician, marker: Marker | None = None) -> dict[str, Any]:
    word = marker.word if marker else "rota"
    return created(
        member.post(
            "discussion.create",
            title=f"Venting about {word} tonight",
            body=f"The {word} has broken me this month.",
            tags=["burnout", "nights"],
        )
    )


def page(reader: Physician, path: str) -> list[int]:
    return [item["id"] for item in created(reader.get(path), 200)["items"]]


def test_a_flag_queues_the_discussion_and_a_hide_takes_it_from_everyone_but_its_author(
    forum_app, moderator, author, peer, third
):
    reply = discuss(author)
    discussion_id, proof_id = reply["discussion_id"], reply["proof_id"]
    flag(peer, "discussion", discussion_id, "harassment", note="Names a colleague.")
    (item,) = moderator.queue().body["items"]
    assert item["target"] == {"kind": "discussion", "id": discussion_id, "case_id": None}
    assert item["revisions"][0]["fields"]["title"] == "Venting about rota tonight"

    assert moderator.act("hide", "discussion", discussion_id, reason="harassment").status == 201
    assert page(third, "/api/v1/discussions") == []
    assert page(third, "/api/v1/discussions/search?q=rota") == []
    shown = created(third.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert set(shown) == {"id", "moderation"} and shown["moderation"]["hidden"] is True
    refused = third.get(f"/api/v1/discussions/{discussion_id}/revisions")
    assert refused.status == 403 and problem_code(refused) == "content-hidden"
    assert third.get(f"/api/v1/proofs/{proof_id}").status == 404
    comment = third.post("comment.create", discussion_id=discussion_id, body="Hang in there.")
    assert comment.status == 403 and problem_code(comment) == "content-hidden"
    own = created(author.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert own["body"] == "The rota has broken me this month."
    assert author.get(f"/api/v1/proofs/{proof_id}").status == 200


def test_a_locked_discussion_takes_no_comment_or_edit(moderator, author, peer):
    discussion_id = discuss(author)["discussion_id"]
    assert moderator.act("lock", "discussion", discussion_id).status == 201
    for refused in (
        peer.post("comment.create", discussion_id=discussion_id, body="Me too."),
        author.post("discussion.edit", discussion_id=discussion_id, body="Changed my mind."),
    ):
        assert refused.status == 409 and problem_code(refused) == "discussion-locked"
    shown = created(peer.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert shown["moderation"]["locked"] is True
    assert moderator.act("unlock", "discussion", discussion_id).status == 201
    created(peer.post("comment.create", discussion_id=discussion_id, body="Me too."))


def test_slow_mode_counts_comments_on_the_discussion(moderator, author, peer):
    discussion_id = discuss(author)["discussion_id"]
    assert (
        moderator.act("slow-mode", "discussion", discussion_id, slow_mode_seconds=600).status == 201
    )
    created(peer.post("comment.create", discussion_id=discussion_id, body="First."))
    again = peer.post("comment.create", discussion_id=discussion_id, body="Second.")
    assert again.status == 429 and problem_code(again) == "slow-mode"
    assert "discussion" in again.body["detail"]
    created(author.post("comment.create", discussion_id=discussion_id, body="Thanks."))


def test_a_thread_action_refuses_an_answer_or_a_comment(moderator, author, peer):
    discussion_id = discuss(author)["discussion_id"]
    comment = created(peer.post("comment.create", discussion_id=discussion_id, body="Same."))
    refused = moderator.act("lock", "comment", comment["comment_id"])
    assert refused.status == 422


def test_withdrawal_leaves_no_trace_and_the_proof_reports_the_redaction(
    forum_app, moderator, author, peer, third
):
    marker = Marker.new()
    reply = discuss(author, marker)
    discussion_id = reply["discussion_id"]
    edit = created(
        author.post(
            "discussion.edit", discussion_id=discussion_id, body=f"Still {marker.word}, still."
        ),
        200,
    )
    flag(third, "discussion", discussion_id, "spam", note=f"quotes {marker.word}")
    created(peer.post("vote", target="discussion", target_id=discussion_id, value=1), 200)
    kept = created(peer.post("comment.create", discussion_id=discussion_id, body="Hugs."))
    assert tables_holding(forum_app, marker.found_in)
    assert page(peer, f"/api/v1/discussions/search?q={marker.word}") == [discussion_id]

    withdrawal = created(author.post("withdraw", target="discussion", target_id=discussion_id), 200)
    assert tables_holding(forum_app, marker.found_in) == set()
    assert page(peer, f"/api/v1/discussions/search?q={marker.word}") == []
    shown = created(peer.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert shown["withdrawn"] is True and shown["title"] == shown["body"] == ""
    assert shown["score"] == 1 and [c["id"] for c in shown["comments"]] == [kept["comment_id"]]
    assert shown["tags"] == ["burnout", "nights"]
    for proof_id in (reply["proof_id"], edit["proof_id"]):
        proof = created(peer.get(f"/api/v1/proofs/{proof_id}"), 200)
        assert proof["envelope"] is None
        redaction = proof["redaction"]
        assert redaction["log_entry"] is None and redaction["detail"] == WITHDRAWN_DETAIL
        assert redaction["withdrawal"] == withdrawal["proof_id"]
    assert log_entries(forum_app) == []
    refused = author.post("discussion.edit", discussion_id=discussion_id, body="Back.")
    assert refused.status == 409 and problem_code(refused) == "post-withdrawn"
    again = author.post("withdraw", target="discussion", target_id=discussion_id)
    assert again.status == 409 and problem_code(again) == "withdrawal-duplicate"
    other = peer.post("withdraw", target="discussion", target_id=discussion_id)
    assert other.status in (403, 409)


def test_a_comment_on_a_discussion_is_withdrawn_alone(forum_app, author, peer):
    marker = Marker.new()
    discussion_id = discuss(author)["discussion_id"]
    comment = created(
        peer.post("comment.create", discussion_id=discussion_id, body=f"I left {marker.word}.")
    )
    created(peer.post("withdraw", target="comment", target_id=comment["comment_id"]), 200)
    assert tables_holding(forum_app, marker.found_in) == set()
    shown = created(author.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert shown["body"] and shown["comments"][0]["withdrawn"] is True
    assert shown["comments"][0]["body"] == ""


def test_a_purge_empties_the_discussion_everywhere(forum_app, author, peer):
    marker = Marker.new()
    discussion_id = discuss(author, marker)["discussion_id"]
    seq = purge(forum_app, "discussion", discussion_id)
    assert tables_holding(forum_app, marker.found_in) == set()
    shown = created(peer.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert shown["moderation"]["redacted_by"] == seq and shown["withdrawn"] is False
    assert shown["title"] == ""
