"""Wellbeing flags: care, not accusation. They hide nothing, wait in the queue with their
reason, and a moderator answers them with a signed message in the author's inbox alone,
naming no flagger and leaving nothing in the public mod log."""

from __future__ import annotations

import pytest

from casecrowd.crypto.base64url import decode
from casecrowd.forum.moderation_settings import moderation_config
from casecrowd.moderation.keys import moderation_signing_key, public_key_document
from casecrowd.protocol import moderator_message
from tests.forum.physician import case_fields
from tests.moderation.moderator import (
    flag,
    flags_on,
    log_entries,
    problem_code,
    staff_member,
    target_state,
)

MESSAGES = "/api/v1/moderation/messages"
INBOX = "/api/v1/me/inbox"
TEXT = "We noticed your recent posts. If things feel heavy, we are here to listen."


@pytest.fixture
def case_id(author) -> int:
    return author.post("case.create", **case_fields()).body["case_id"]


def send(moderator, kind: str, target_id, text: str = TEXT):
    body = {"target": {"kind": kind, "id": target_id}, "text": text}
    return moderator.http.request("POST", MESSAGES, json=body, headers=moderator.headers)


def test_wellbeing_flags_never_hide_even_past_the_phi_threshold(forum_app, physician, case_id):
    with forum_app.app_context():
        threshold = moderation_config().phi_hide_threshold
    for _ in range(threshold + 1):
        assert flag(physician().join(), "case", case_id, "wellbeing")["hidden"] is False
    state = target_state(forum_app, "case", case_id)
    assert (state.hidden, state.phi_flags, state.pending_flags) == (False, 0, threshold + 1)


def test_the_queue_shows_a_wellbeing_flag_with_its_reason(moderator, peer, case_id):
    flag(peer, "case", case_id, "wellbeing", note="Sounded exhausted.")
    (item,) = moderator.queue(reason="wellbeing").body["items"]
    assert item["target"]["id"] == case_id
    assert [(f["reason"], f["note"]) for f in item["flags"]] == [
        ("wellbeing", "Sounded exhausted.")
    ]


def test_a_message_reaches_the_authors_inbox_only_signed_and_naming_no_flagger(
    forum_app, moderator, author, peer, case_id
):
    flag(peer, "case", case_id, "wellbeing")
    reply = send(moderator, "case", case_id)
    assert reply.status == 201, reply.body
    sent = reply.body["message"]
    (received,) = author.get(INBOX).body["messages"]
    assert received == sent
    assert (received["text"], received["about"], received["to"]) == (
        TEXT,
        {"kind": "case", "id": case_id},
        author.handle,
    )
    assert received["created"].endswith(":00:00Z")
    everything = str(received)
    assert peer.handle not in everything and moderator.handle not in everything
    with forum_app.app_context():
        key = decode(public_key_document(moderation_signing_key())["public_key"], "key")
    moderator_message.verify(received, key)
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal of a changed text
        moderator_message.verify({**received, "text": "Something else."}, key)
    assert peer.get(INBOX).body == {"messages": []}


def test_a_message_settles_the_wellbeing_flags_only_and_is_not_logged(
    forum_app, moderator, author, peer, physician, case_id
):
    other = physician().join()
    flag(peer, "case", case_id, "wellbeing")
    flag(other, "case", case_id, "spam")
    message = send(moderator, "case", case_id).body["message"]
    assert log_entries(forum_app) == []
    by_reason = {f.reason: f for f in flags_on(forum_app, "case", case_id)}
    assert (by_reason["wellbeing"].resolved_message, by_reason["wellbeing"].resolved_seq) == (
        message["id"],
        None,
    )
    assert by_reason["spam"].pending
    state = target_state(forum_app, "case", case_id)
    assert state.pending_flags == 1 and state.pending_since == by_reason["spam"].created
    assert moderator.queue(reason="wellbeing").body["items"] == []
    again = send(moderator, "case", case_id)
    assert again.status == 409 and problem_code(again) == "no-pending-flags"


def test_wellbeing_flags_are_dismissed_the_usual_way_without_their_reason_in_the_log(
    forum_app, moderator, peer, case_id
):
    flag(peer, "case", case_id, "wellbeing")
    refused = moderator.act("dismiss", "case", case_id, reason="wellbeing")
    assert refused.status == 422
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert moderator.act("dismiss", "case", case_id, reason="other").status == 201
    (entry,) = log_entries(forum_app)
    assert entry.reason == "other"
    assert send(moderator, "case", case_id).status == 409


@pytest.mark.parametrize(
    "body",
    [
        {"target": {"kind": "case", "id": 1}, "text": ""},
        {"target": {"kind": "case", "id": 1}, "text": "x" * 2001},
        {"target": {"kind": "pseudonym", "id": 1}, "text": TEXT},
        {"target": {"kind": "case", "id": "1"}, "text": TEXT},
        {"text": TEXT},
    ],
)
def test_a_malformed_message_is_a_problem(forum_app, moderator, body):
    reply = moderator.http.request("POST", MESSAGES, json=body, headers=moderator.headers)
    assert reply.status == 422
    assert reply.headers["Content-Type"].startswith("application/problem+json")


def test_a_message_about_no_post_is_not_found(moderator):
    reply = send(moderator, "answer", 987654)
    assert reply.status == 404
    assert reply.headers["Content-Type"].startswith("application/problem+json")


def test_staff_without_the_moderator_role_cannot_send(forum_app, http, author, peer, case_id):
    flag(peer, "case", case_id, "wellbeing")
    reviewer = staff_member(forum_app, http, "verifier")
    assert send(reviewer, "case", case_id).status == 403
    assert author.get(INBOX).body == {"messages": []}


def test_the_inbox_needs_a_session(http):
    reply = http.request("GET", INBOX)
    assert reply.status == 401
    assert reply.headers["Content-Type"].startswith("application/problem+json")
