"""Moderators' actions on content: each is one signed mod-log entry, or no change at all."""

from __future__ import annotations

import pytest

from casecrowd.crypto.base64url import decode
from casecrowd.db import db
from casecrowd.forum.models import Case
from casecrowd.moderation import log, purge
from casecrowd.moderation.keys import moderation_signing_key, public_key_document
from casecrowd.problems import Unprocessable
from casecrowd.protocol import modlog
from tests.forum.physician import case_fields
from tests.moderation.moderator import (
    flag,
    flags_on,
    log_entries,
    problem_code,
    staff_member,
    target_state,
)


@pytest.fixture
def case_id(author) -> int:
    return author.post("case.create", **case_fields()).body["case_id"]


def public_key(app) -> bytes:
    with app.app_context():
        return decode(public_key_document(moderation_signing_key())["public_key"], "key")


def test_an_action_is_one_signed_entry_naming_the_moderator_by_handle(
    forum_app, moderator, peer, case_id
):
    flag(peer, "case", case_id)
    reply = moderator.act("hide", "case", case_id, reason="spam", note="Advert for a clinic.")
    assert reply.status == 201, reply.body
    entry = reply.body["entry"]
    assert entry["moderator"] == f"mod-{moderator.account_id}"
    assert (entry["action"], entry["reason"]) == ("hide", "spam")
    assert (entry["target_kind"], entry["target_id"]) == ("case", str(case_id))
    assert "note" not in entry
    (stored,) = log_entries(forum_app)
    assert log.served(stored) == entry
    assert stored.note == "Advert for a clinic."
    assert "ward-night-moderator" not in str(log.served(stored)) + stored.note
    modlog.verify_chain([entry], public_key(forum_app))


def test_dismiss_settles_the_pending_flags(forum_app, moderator, peer, case_id):
    flag(peer, "case", case_id, "misinformation")
    reply = moderator.act("dismiss", "case", case_id, reason="misinformation")
    assert reply.status == 201, reply.body
    seq = reply.body["entry"]["seq"]
    assert [f.resolved_seq for f in flags_on(forum_app, "case", case_id)] == [seq]
    state = target_state(forum_app, "case", case_id)
    assert (state.pending_flags, state.pending_weight, state.pending_since) == (0, 0, None)
    assert state.hidden is False
    assert moderator.queue().body["items"] == []

    again = moderator.act("dismiss", "case", case_id, reason="misinformation")
    assert again.status == 409 and problem_code(again) == "no-pending-flags"
    assert len(log_entries(forum_app)) == 1


def test_a_phi_hide_ends_with_dismiss_and_becomes_a_moderators_with_hide(
    forum_app, moderator, author, peer, physician, case_id
):
    other = physician().join()
    answers = [
        author.post("answer.create", case_id=case_id, body=f"Answer {n}.").body["answer_id"]
        for n in (1, 2)
    ]
    for answer_id in answers:
        for flagger in (peer, other):
            flag(flagger, "answer", answer_id, "phi")
        assert target_state(forum_app, "answer", answer_id).phi_hidden is True
    wrong, right = answers

    assert moderator.act("dismiss", "answer", wrong, reason="phi").status == 201
    state = target_state(forum_app, "answer", wrong)
    assert (state.hidden, state.phi_hidden, state.phi_flags) == (False, False, 0)

    assert moderator.act("hide", "answer", right, reason="phi").status == 201
    state = target_state(forum_app, "answer", right)
    assert (state.hidden, state.phi_hidden, state.pending_flags) == (True, False, 0)
    # A moderator's hide is not undone by dismissing later flags: only restore undoes it.
    flag(physician().join(), "answer", right, "spam")
    assert moderator.act("dismiss", "answer", right, reason="spam").status == 201
    assert target_state(forum_app, "answer", right).hidden is True


def test_hide_and_restore(forum_app, moderator, peer, case_id):
    flag(peer, "case", case_id, "harassment")
    hidden = moderator.act("hide", "case", case_id, reason="harassment")
    assert hidden.status == 201
    assert target_state(forum_app, "case", case_id).hidden is True
    assert [f.resolved_seq for f in flags_on(forum_app, "case", case_id)] == [1]
    again = moderator.act("hide", "case", case_id, reason="harassment")
    assert again.status == 409 and problem_code(again) == "moderation-state-unchanged"

    assert moderator.act("restore", "case", case_id, reason="harassment").status == 201
    assert target_state(forum_app, "case", case_id).hidden is False
    again = moderator.act("restore", "case", case_id, reason="harassment")
    assert again.status == 409 and problem_code(again) == "moderation-state-unchanged"
    assert [e.action for e in log_entries(forum_app)] == ["hide", "restore"]


def test_lock_unlock_and_slow_mode(forum_app, moderator, case_id):
    # (action, members, status, then (locked, slow_mode_seconds))
    steps = [
        ("lock", {}, 201, (True, None)),
        ("lock", {}, 409, (True, None)),
        ("unlock", {}, 201, (False, None)),
        ("unlock", {}, 409, (False, None)),
        ("slow-mode", {"slow_mode_seconds": 60}, 201, (False, 60)),
        ("slow-mode", {"slow_mode_seconds": 60}, 409, (False, 60)),
        ("slow-mode", {"slow_mode_seconds": 0}, 201, (False, None)),
        ("slow-mode", {"slow_mode_seconds": 0}, 409, (False, None)),
    ]
    for action, members, status, expected in steps:
        reply = moderator.act(action, "case", case_id, **members)
        assert reply.status == status, (action, members, reply.body)
        state = target_state(forum_app, "case", case_id)
        assert (state.locked, state.slow_mode_seconds) == expected, (action, members)
    actions = [e.action for e in log_entries(forum_app)]
    assert actions == ["lock", "unlock", "slow-mode", "slow-mode"]


HANDLE = "quiet-otter-0a0b0c"


def body(action: str, kind: str = "case", target_id=1, reason: str = "spam", **members):
    return {
        "action": action,
        "reason": reason,
        "target": {"kind": kind, "id": target_id},
        **members,
    }


# Each refused body, and the field invalid-params names.
INVALID = [
    (body("shout"), "action"),
    (body("hide", reason="rude"), "reason"),
    ({"action": "hide", "reason": "spam"}, "target"),
    (body("hide", note="n" * 1001), "note"),
    (body("hide", target_id="1"), "target.id"),
    (body("hide", target_id=True), "target.id"),
    (body("hide", "post"), "target.kind"),
    (body("ban", "pseudonym", 7), "target.id"),
    (body("ban", "pseudonym", "Dr Smith"), "target.id"),
    (body("lock", "answer"), "target.kind"),
    (body("slow-mode", "comment", slow_mode_seconds=60), "target.kind"),
    (body("warn", "case"), "target.kind"),
    (body("reject-appeal", "case"), "target.kind"),
    (body("hide", "appeal"), "target.kind"),
    (body("suspend", "pseudonym", HANDLE), "duration_hours"),
    (body("suspend", "pseudonym", HANDLE, duration_hours=0), "duration_hours"),
    (body("suspend", "pseudonym", HANDLE, duration_hours=8761), "duration_hours"),
    (body("suspend", "pseudonym", HANDLE, duration_hours=1.5), "duration_hours"),
    (body("hide", duration_hours=2), "duration_hours"),
    (body("slow-mode"), "slow_mode_seconds"),
    (body("slow-mode", slow_mode_seconds=86401), "slow_mode_seconds"),
    (body("slow-mode", slow_mode_seconds=-1), "slow_mode_seconds"),
    (body("lock", slow_mode_seconds=60), "slow_mode_seconds"),
]


def test_action_members_are_checked(forum_app, moderator):
    for request_body, field in INVALID:
        reply = moderator.send(request_body)
        assert reply.status == 422 and problem_code(reply) == "validation", request_body
        names = [param["name"] for param in reply.body["invalid-params"]]
        assert field in names, (request_body, reply.body)
    assert log_entries(forum_app) == []


def test_unknown_targets_are_not_found(forum_app, moderator):
    unknown = [
        ("hide", "case", 999, "case-not-found"),
        ("dismiss", "answer", 999, "answer-not-found"),
        ("restore", "comment", 999, "comment-not-found"),
        ("ban", "pseudonym", HANDLE, "pseudonym-not-found"),
        ("reject-appeal", "appeal", 999, "appeal-not-found"),
    ]
    for action, kind, target_id, code in unknown:
        reply = moderator.act(action, kind, target_id)
        assert reply.status == 404 and problem_code(reply) == code, reply.body
    assert log_entries(forum_app) == []


def test_purge_removes_the_text_and_ends_the_phi_hide(
    forum_app, moderator, peer, physician, case_id
):
    for flagger in (peer, physician().join()):
        flag(flagger, "case", case_id, "phi")
    reply = moderator.act("purge", "case", case_id, reason="phi", note="MRN in history")
    assert reply.status == 201, reply.body
    seq = reply.body["entry"]["seq"]
    state = target_state(forum_app, "case", case_id)
    assert (state.redacted_seq, state.hidden, state.pending_flags) == (seq, False, 0)
    assert [f.resolved_seq for f in flags_on(forum_app, "case", case_id)] == [seq, seq]
    with forum_app.app_context():
        case = db.session.get(Case, case_id)
        assert case.history == case.presentation == case.title == ""
    again = moderator.act("purge", "case", case_id, reason="phi")
    assert again.status == 409 and problem_code(again) == "moderation-state-unchanged"


def test_a_failed_action_leaves_no_entry_and_no_change(
    forum_app, moderator, peer, case_id, monkeypatch
):
    flag(peer, "case", case_id, "phi")

    def refuse(*_args):
        raise Unprocessable("The purge could not finish.")

    monkeypatch.setattr(purge, "purge_target", refuse)
    reply = moderator.act("purge", "case", case_id, reason="phi")
    assert reply.status == 422 and problem_code(reply) == "unprocessable"
    assert log_entries(forum_app) == []
    state = target_state(forum_app, "case", case_id)
    assert (state.redacted_seq, state.pending_flags, state.phi_flags) == (None, 1, 1)
    assert [f.resolved_seq for f in flags_on(forum_app, "case", case_id)] == [None]


def test_only_moderators_and_admins_act(forum_app, http, case_id):
    body = {"action": "lock", "reason": "other", "target": {"kind": "case", "id": case_id}}
    anonymous = http.request("POST", "/api/v1/moderation/actions", json=body)
    assert anonymous.status == 401 and problem_code(anonymous) == "staff-unauthenticated"
    verifier = staff_member(forum_app, http, "verifier")
    refused = verifier.send(body)
    assert refused.status == 403 and problem_code(refused) == "role-required"
    assert log_entries(forum_app) == []
    admin = staff_member(forum_app, http, "admin")
    reply = admin.send(body)
    assert reply.status == 201 and reply.body["entry"]["moderator"] == admin.handle
