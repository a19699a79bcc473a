"""The moderators' queue: open appeals first, then flagged targets by weight and age, paged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casecrowd.crypto import envelope
from tests.forum.physician import case_fields
from tests.moderation.moderator import flag, problem_code, set_reputation, staff_member


@pytest.fixture
def flaggers(forum_app, physician):
    """Two flaggers: one whose flags weigh 10 (the largest weight), one whose weigh 1."""
    heavy, light = physician().join(), physician().join()
    set_reputation(forum_app, heavy, 10)
    return heavy, light


@pytest.fixture
def posts(author):
    """A case, two answers and a comment, all by the author."""
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    answers = [
        author.post("answer.create", case_id=case_id, body=f"Answer {n}.").body["answer_id"]
        for n in (1, 2)
    ]
    comment = author.post("comment.create", case_id=case_id, body="A comment.").body
    return {"case": case_id, "answers": answers, "comment": comment["comment_id"]}


def targets(reply) -> list[tuple[str, int]]:
    assert reply.status == 200, reply.body
    return [(item["target"]["kind"], item["target"]["id"]) for item in reply.body["items"]]


def test_heaviest_first_then_longest_waiting_and_filtered_by_reason(moderator, flaggers, posts):
    heavy, light = flaggers
    first, second = posts["answers"]
    start = datetime.now(UTC) - timedelta(minutes=5)
    at = [start + timedelta(seconds=n) for n in range(5)]
    flag(light, "answer", first, "spam", created=at[0])
    flag(heavy, "case", posts["case"], "misinformation", created=at[1])
    flag(light, "comment", posts["comment"], "spam", created=at[2])
    flag(heavy, "answer", second, "harassment", created=at[3])
    flag(light, "answer", second, "spam", created=at[4])

    everything = [("answer", second), ("case", posts["case"]), ("answer", first)]
    everything.append(("comment", posts["comment"]))
    assert targets(moderator.queue()) == everything
    assert targets(moderator.queue(reason="spam")) == [
        ("answer", second),
        ("answer", first),
        ("comment", posts["comment"]),
    ]
    assert targets(moderator.queue(reason="phi")) == []
    assert targets(moderator.queue(reason="appeal")) == []

    top = moderator.queue().body["items"][0]
    assert top["weight"] == 11 and top["pending_flags"] == 2
    signed = envelope.parse_created(envelope.format_created(at[3]))
    assert datetime.fromisoformat(top["pending_since"]) == signed


def test_pages_cover_the_queue_once(moderator, flaggers, posts):
    heavy, light = flaggers
    flag(heavy, "case", posts["case"], "spam")
    for answer_id in posts["answers"]:
        flag(light, "answer", answer_id, "spam")
    flag(light, "comment", posts["comment"], "spam")

    whole = targets(moderator.queue())
    seen, after = [], None
    while True:
        params = {"limit": 1, "reason": "spam", **({"after": after} if after else {})}
        reply = moderator.queue(**params)
        seen += targets(reply)
        after = reply.body["next"]
        if after is None:
            break
    assert seen == whole and len(whole) == 4

    # Acting on an item while paging does not make the next page skip one.
    reply = moderator.queue(limit=2, reason="spam")
    assert moderator.act("dismiss", *targets(reply)[1], reason="spam").status == 201
    rest = targets(moderator.queue(limit=2, reason="spam", after=reply.body["next"]))
    assert rest == whole[2:]


def test_an_item_shows_the_target_its_flags_and_its_author_but_no_flagger(
    moderator, author, flaggers, posts
):
    heavy, light = flaggers
    author.post("case.edit", case_id=posts["case"], **case_fields(title="A clearer title"))
    flag(light, "case", posts["case"], "phi", note="Names the hospital ward.")
    flag(heavy, "case", posts["case"], "phi")
    suspended = moderator.act("suspend", "pseudonym", author.handle, duration_hours=2, note="x")
    assert suspended.status == 201

    (item,) = moderator.queue().body["items"]
    assert item["kind"] == "target" and item["appeal"] is None
    assert item["target"] == {"kind": "case", "id": posts["case"], "case_id": posts["case"]}
    assert item["author"] == author.handle
    # Two PHI flags hid it; moderators still read it, every revision of it.
    assert item["hidden"] is True and item["locked"] is False and item["redacted_by"] is None
    assert [r["number"] for r in item["revisions"]] == [1, 2]
    assert item["revisions"][1]["fields"]["title"] == "A clearer title"
    assert [(f["reason"], f["weight"], f["resolved_by"]) for f in item["flags"]] == [
        ("phi", 1, None),
        ("phi", 10, None),
    ]
    assert item["flags"][0]["note"] == "Names the hospital ward."
    text = str(item)
    assert light.handle not in text and heavy.handle not in text
    (sanction,) = item["author_sanctions"]
    assert sanction["kind"] == "suspend" and sanction["log_entry"] == 1
    assert sanction["lifted_by"] is None and sanction["ends"] is not None
    (history,) = item["history"]
    assert history["action"] == "suspend" and history["note"] == "x"


def test_comments_show_their_body_as_their_one_revision(moderator, peer, posts):
    flag(peer, "comment", posts["comment"])
    (item,) = moderator.queue().body["items"]
    assert item["target"]["case_id"] == posts["case"]
    (revision,) = item["revisions"]
    assert revision["number"] == 1 and revision["fields"] == {"body": "A comment."}


def test_open_appeals_come_first_with_the_entry_they_appeal(moderator, author, flaggers, posts):
    heavy, light = flaggers
    flag(heavy, "case", posts["case"], "spam")
    flag(light, "answer", posts["answers"][0], "spam")
    hidden = moderator.act("hide", "answer", posts["answers"][0], reason="spam", note="ad")
    seq = hidden.body["entry"]["seq"]
    appeal = author.post("appeal", log_entry=seq, text="It was a reference, not an ad.")
    assert appeal.status == 201, appeal.body

    items = moderator.queue().body["items"]
    assert [(i["kind"], i["target"]["kind"]) for i in items] == [
        ("appeal", "answer"),
        ("target", "case"),
    ]
    first = items[0]
    assert first["author"] == author.handle and first["hidden"] is True
    assert first["appeal"]["log_entry"] == seq
    assert first["appeal"]["text"] == "It was a reference, not an ad."
    assert first["appeal"]["entry"]["action"] == "hide"
    assert first["appeal"]["entry"]["note"] == "ad"
    assert [f["resolved_by"] for f in first["flags"]] == [seq]
    assert targets(moderator.queue(reason="appeal")) == [("answer", posts["answers"][0])]

    # A page ending on the appeal continues with the targets.
    page = moderator.queue(limit=1)
    assert [i["kind"] for i in page.body["items"]] == ["appeal"]
    assert targets(moderator.queue(limit=1, after=page.body["next"])) == [("case", posts["case"])]


def test_appeals_of_sanctions_name_the_pseudonym(moderator, author):
    warned = moderator.act("warn", "pseudonym", author.handle, reason="harassment")
    author.post("appeal", log_entry=warned.body["entry"]["seq"], text="I was quoting.")
    (item,) = moderator.queue().body["items"]
    assert item["kind"] == "appeal"
    assert item["target"] == {"kind": "pseudonym", "id": author.handle, "case_id": None}
    assert item["revisions"] == [] and item["flags"] == [] and item["weight"] == 0
    assert [s["kind"] for s in item["author_sanctions"]] == ["warn"]
    assert [e["action"] for e in item["history"]] == ["warn"]


def test_bad_queries_are_refused(moderator):
    refused = [
        ({"limit": 0}, 422, "validation"),
        ({"limit": 101}, 422, "validation"),
        ({"reason": "rude"}, 422, "validation"),
        ({"after": "not-a-cursor"}, 400, "cursor-invalid"),
    ]
    for params, status, code in refused:
        reply = moderator.queue(**params)
        assert reply.status == status and problem_code(reply) == code, params


def test_a_cursor_belongs_to_its_reason(moderator, flaggers, posts):
    heavy, light = flaggers
    for answer_id in posts["answers"]:
        flag(light, "answer", answer_id, "spam")
    after = moderator.queue(limit=1, reason="spam").body["next"]
    reply = moderator.queue(limit=1, reason="harassment", after=after)
    assert reply.status == 400 and problem_code(reply) == "cursor-invalid"


def test_only_moderators_and_admins_see_the_queue(forum_app, http):
    assert http.request("GET", "/api/v1/moderation/queue").status == 401
    verifier = staff_member(forum_app, http, "verifier")
    reply = verifier.queue()
    assert reply.status == 403 and problem_code(reply) == "role-required"
    admin = staff_member(forum_app, http, "admin")
    assert admin.queue().status == 200
