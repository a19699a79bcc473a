"""The lounge through the API: discussions written, commented, edited, voted, listed and
searched apart from cases, and screened for PHI as cases are.
"""

from __future__ import annotations

from typing import Any

import pytest

from casecrowd.protocol.discussions import LOUNGE_TAGS
from tests.forum.physician import Physician, case_fields
from tests.moderation.conftest import NEW_PSEUDONYMS_POST_FREELY
from tests.moderation.purge_support import created


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(NEW_PSEUDONYMS_POST_FREELY))


def problem_code(reply: Any) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def discuss(member: Physician, title: str = "Another night of twelve admissions", **changes: Any):
    fields = {
        "title": title,
        "body": "I am running on empty and dread the rota.",
        "tags": ["burnout"],
    }
    return created(member.post("discussion.create", **{**fields, **changes}))


def listed(reader: Physician, query: str = "") -> list[int]:
    page = created(reader.get(f"/api/v1/discussions{query}"), 200)
    return [item["id"] for item in page["items"]]


def found(reader: Physician, words: str) -> list[int]:
    page = created(reader.get(f"/api/v1/discussions/search?q={words}"), 200)
    return [item["id"] for item in page["items"]]


def test_a_discussion_is_read_back_as_signed(author, peer):
    reply = discuss(author, tags=["burnout", "night-shifts"])
    assert reply["kind"] == "discussion.create" and reply["revision"] == 1
    shown = created(peer.get(f"/api/v1/discussions/{reply['discussion_id']}"), 200)
    assert shown["title"] == "Another night of twelve admissions"
    assert shown["body"] == "I am running on empty and dread the rota."
    assert shown["tags"] == ["burnout", "night-shifts"]
    assert shown["author"] == author.handle and shown["proof_id"] == reply["proof_id"]
    assert shown["comments"] == [] and shown["withdrawn"] is False
    assert shown["moderation"] == {
        "hidden": False,
        "redacted_by": None,
        "locked": False,
        "slow_mode_seconds": None,
    }
    proof = created(peer.get(f"/api/v1/proofs/{reply['proof_id']}"), 200)
    assert '"kind":"discussion.create"' in proof["envelope"]


@pytest.mark.parametrize(
    ("changes", "member"),
    [
        ({"tags": ["night-shifts"]}, "tags"),  # no lounge topic
        ({"tags": ["burnout", "burnout"]}, "tags"),
        ({"tags": []}, "tags"),
        ({"tags": ["Burnout!"]}, "tags"),
        ({"title": "Ugh"}, "title"),
        ({"body": ""}, "body"),
    ],
)
def test_a_malformed_discussion_is_refused_and_nothing_is_stored(author, changes, member):
    fields = {"title": "A long week", "body": "Tired.", "tags": ["burnout"], **changes}
    reply = author.post("discussion.create", **fields)
    assert reply.status == 422 and reply.headers["Content-Type"] == "application/problem+json"
    assert member in str(reply.body), reply.body
    assert listed(author) == []


def test_the_phi_guard_screens_a_discussion_as_a_case(author):
    reply = author.post(
        "discussion.create",
        title="The patient who broke me",
        body="Mr John Smith, MRN 4839201, called me at 555-867-5309 to scream at me.",
        tags=["workplace"],
    )
    assert reply.status == 422 and problem_code(reply) == "phi-detected", reply.body
    assert listed(author) == []


def test_discussions_and_cases_are_listed_and_searched_apart(author, peer):
    discussion = discuss(author, title="Quorvantic rota despair", body="Nights again.")
    case = created(author.post("case.create", **case_fields(title="Quorvantic fever in a farmer")))
    assert listed(peer) == [discussion["discussion_id"]]
    cases = created(peer.get("/api/v1/cases"), 200)["items"]
    assert [item["id"] for item in cases] == [case["case_id"]]
    assert found(peer, "quorvantic") == [discussion["discussion_id"]]
    case_hits = created(peer.get("/api/v1/search?q=quorvantic"), 200)["items"]
    assert [item["id"] for item in case_hits] == [case["case_id"]]


def test_search_ranks_title_matches_first_and_snippets_the_match(author, peer):
    in_body = discuss(author, title="A quiet week at last", body="Then the pager: sepsis again.")
    in_title = discuss(author, title="Sepsis fatigue is real", body="Every shift the same.")
    page = created(peer.get("/api/v1/discussions/search?q=sepsis"), 200)
    assert [item["id"] for item in page["items"]] == [
        in_title["discussion_id"],
        in_body["discussion_id"],
    ]
    assert [item["rank"] for item in page["items"]] == [2, 1]
    snippet = page["items"][1]["snippet"]
    start, end = snippet["highlights"][0]["start"], snippet["highlights"][0]["end"]
    assert snippet["text"][start:end].lower() == "sepsis"
    assert found(peer, "cardiology") == []


def test_listing_sorts_filters_and_pages(author, peer):
    ids = [
        discuss(author, title=f"Week {n} of nights", tags=[LOUNGE_TAGS[n % 2]])["discussion_id"]
        for n in range(5)
    ]
    created(peer.post("vote", target="discussion", target_id=ids[1], value=1), 200)
    created(peer.post("comment.create", discussion_id=ids[2], body="Same here, hang on."))
    assert listed(peer, "?sort=new") == ids[::-1]
    assert listed(peer, "?sort=top")[0] == ids[1]
    assert listed(peer, "?sort=active")[0] == ids[2]
    assert ids[2] not in listed(peer, "?sort=unanswered")
    assert listed(peer, f"?tag={LOUNGE_TAGS[0]}") == [ids[4], ids[2], ids[0]]
    first = created(peer.get("/api/v1/discussions?sort=new&limit=2"), 200)
    later = discuss(author, title="Written while paging")["discussion_id"]
    second = created(
        peer.get(f"/api/v1/discussions?sort=new&limit=2&cursor={first['next_cursor']}"), 200
    )
    paged = [item["id"] for item in first["items"] + second["items"]]
    assert paged == [ids[4], ids[3], ids[2], ids[1]] and later not in paged
    bad = peer.get("/api/v1/discussions?sort=loudest")
    assert bad.status == 422 and bad.headers["Content-Type"] == "application/problem+json"
    wrong = peer.get(f"/api/v1/discussions?cursor={first['next_cursor']}&sort=top")
    assert wrong.status == 400 and problem_code(wrong) == "cursor-invalid"


def test_comments_edits_and_revisions(author, peer):
    discussion_id = discuss(author)["discussion_id"]
    comment = created(
        peer.post("comment.create", discussion_id=discussion_id, body="You are not alone.")
    )
    assert comment["discussion_id"] == discussion_id and "case_id" not in comment
    edit = created(
        author.post("discussion.edit", discussion_id=discussion_id, body="Better after a day off."),
        200,
    )
    assert edit["revision"] == 2
    refused = peer.post("discussion.edit", discussion_id=discussion_id, body="Not mine.")
    assert refused.status == 403 and problem_code(refused) == "not-author"
    missing = author.post("discussion.edit", discussion_id=424242, body="Gone.")
    assert missing.status == 404 and problem_code(missing) == "discussion-not-found"
    shown = created(peer.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert shown["body"] == "Better after a day off." and shown["comment_count"] == 1
    assert [c["body"] for c in shown["comments"]] == ["You are not alone."]
    assert shown["revision_proof_ids"] == [shown["proof_id"], edit["proof_id"]]
    revisions = created(peer.get(f"/api/v1/discussions/{discussion_id}/revisions"), 200)
    assert [r["fields"]["body"] for r in revisions] == [
        "I am running on empty and dread the rota.",
        "Better after a day off.",
    ]
    assert revisions[1]["fields"]["title"] == "Another night of twelve admissions"


def test_a_comment_names_exactly_one_thread(author, peer):
    discussion_id = discuss(author)["discussion_id"]
    case_id = created(author.post("case.create", **case_fields()))["case_id"]
    both = peer.post("comment.create", discussion_id=discussion_id, case_id=case_id, body="Hm.")
    assert both.status == 422
    missing = peer.post("comment.create", discussion_id=424242, body="Hm.")
    assert missing.status == 404 and problem_code(missing) == "discussion-not-found"


def test_votes_move_the_score_and_no_reputation(author, peer):
    discussion_id = discuss(author)["discussion_id"]
    before = created(peer.get(f"/api/v1/discussions/{discussion_id}"), 200)["author_reputation"]
    created(peer.post("vote", target="discussion", target_id=discussion_id, value=1), 200)
    shown = created(peer.get(f"/api/v1/discussions/{discussion_id}"), 200)
    assert shown["score"] == 1 and shown["author_reputation"] == before
    own = author.post("vote", target="discussion", target_id=discussion_id, value=1)
    assert own.status == 403 and problem_code(own) == "self-vote"
    missing = peer.post("vote", target="discussion", target_id=424242, value=1)
    assert missing.status == 404 and problem_code(missing) == "discussion-not-found"
