"""Flags: once per pseudonym per target, never one's own post; PHI flags hide a post once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.forum.models import Flag, ModerationTarget, Pseudonym
from tests.forum.physician import Physician, Transport, case_fields
from tests.forum.test_appeals import problem_code
from tests.forum.test_hidden_content import set_state
from tests.forum.test_live import in_parallel

PHONE = "Her daughter can be reached on 555-123-4567."


def state_of(app, kind: str, target_id: int) -> dict | None:
    with app.app_context():
        state = db.session.get(ModerationTarget, (kind, target_id))
        if state is None:
            return None
        names = ("phi_flags", "pending_flags", "pending_weight", "hidden", "phi_hidden")
        return {name: getattr(state, name) for name in names} | {"since": state.pending_since}


def flags_stored(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Flag))


def set_reputation(app, doctor: Physician, value: int) -> None:
    with app.app_context():
        db.session.execute(
            sa.update(Pseudonym).where(Pseudonym.handle == doctor.handle).values(reputation=value)
        )
        db.session.commit()


@pytest.fixture
def case_id(author) -> int:
    return author.post("case.create", **case_fields()).body["case_id"]


def test_a_flag_is_kept_and_queues_its_target(peer, case_id, forum_app):
    created = datetime.now(UTC).replace(microsecond=0)
    reply = peer.post(
        "flag", created=created, target="case", target_id=case_id, reason="spam", note="An ad."
    )
    assert reply.status == 201, reply.body
    assert reply.body == {
        "kind": "flag",
        "proof_id": reply.body["proof_id"],
        "flag_id": reply.body["flag_id"],
        "target": "case",
        "target_id": case_id,
        "hidden": False,
    }
    with forum_app.app_context():
        flag = db.session.get(Flag, reply.body["flag_id"])
        assert (flag.reason, flag.note, flag.weight) == ("spam", "An ad.", 1)
        assert flag.envelope_id == reply.body["proof_id"] and flag.resolved_seq is None
    assert state_of(forum_app, "case", case_id) == {
        "phi_flags": 0,
        "pending_flags": 1,
        "pending_weight": 1,
        "hidden": False,
        "phi_hidden": False,
        "since": created,
    }


def test_answers_and_comments_are_flagged_too(author, peer, case_id, forum_app):
    answer_id = peer.post("answer.create", case_id=case_id, body="Lymphoma.").body["answer_id"]
    comment_id = peer.post("comment.create", case_id=case_id, body="Biopsy?").body["comment_id"]
    for kind, target_id, reason in (
        ("answer", answer_id, "misinformation"),
        ("comment", comment_id, "harassment"),
    ):
        reply = author.post("flag", target=kind, target_id=target_id, reason=reason)
        assert reply.status == 201, reply.body
        assert (reply.body["target"], reply.body["target_id"]) == (kind, target_id)
        assert state_of(forum_app, kind, target_id)["pending_flags"] == 1


@pytest.mark.parametrize(
    "members",
    [
        {"target": "vote", "target_id": 1, "reason": "spam"},
        {"target": "pseudonym", "target_id": 1, "reason": "spam"},
        {"target": "case", "target_id": 1, "reason": "rude"},
        {"target": "case", "target_id": 1, "reason": "PHI"},
        {"target": "case", "target_id": 0, "reason": "spam"},
        {"target": "case", "target_id": "1", "reason": "spam"},
        {"target": "case", "target_id": True, "reason": "spam"},
        {"target_id": 1, "reason": "spam"},
        {"target": "case", "reason": "spam"},
        {"target": "case", "target_id": 1},
        {"target": "case", "target_id": 1, "reason": "spam", "note": "x" * 501},
        {"target": "case", "target_id": 1, "reason": "spam", "note": 5},
        {"target": "case", "target_id": 1, "reason": "spam", "weight": 10},
    ],
)
def test_flag_members_are_validated(peer, case_id, forum_app, members):
    reply = peer.post("flag", **members)
    assert reply.status == 422, reply.body
    assert problem_code(reply) == "validation"
    assert flags_stored(forum_app) == 0


@pytest.mark.parametrize("kind", ["case", "answer", "comment"])
def test_a_missing_target_is_not_found(peer, case_id, kind):
    reply = peer.post("flag", target=kind, target_id=424242, reason="spam")
    assert reply.status == 404 and problem_code(reply) == f"{kind}-not-found"


def test_no_one_flags_their_own_post(author, peer, case_id, forum_app):
    answer_id = peer.post("answer.create", case_id=case_id, body="Lymphoma.").body["answer_id"]
    for doctor, kind, target_id in ((author, "case", case_id), (peer, "answer", answer_id)):
        reply = doctor.post("flag", target=kind, target_id=target_id, reason="phi")
        assert reply.status == 403 and problem_code(reply) == "flag-own-content", kind
    assert flags_stored(forum_app) == 0
    assert state_of(forum_app, "case", case_id) is None


def test_a_pseudonym_flags_a_target_once(peer, physician, case_id, forum_app):
    assert peer.post("flag", target="case", target_id=case_id, reason="spam").status == 201
    again = peer.post("flag", target="case", target_id=case_id, reason="phi")
    assert again.status == 409 and problem_code(again) == "flag-duplicate"
    counts = state_of(forum_app, "case", case_id)
    assert (counts["pending_flags"], counts["phi_flags"]) == (1, 0)
    other = physician().join()
    assert other.post("flag", target="case", target_id=case_id, reason="spam").status == 201
    assert state_of(forum_app, "case", case_id)["pending_flags"] == 2
    assert flags_stored(forum_app) == 2


def test_the_note_is_screened_for_phi(peer, case_id, forum_app):
    reply = peer.post("flag", target="case", target_id=case_id, reason="phi", note=PHONE)
    assert reply.status == 422 and problem_code(reply) == "phi-detected"
    assert [finding["field"] for finding in reply.body["findings"]] == ["note"]
    assert flags_stored(forum_app) == 0 and state_of(forum_app, "case", case_id) is None
    # The refused flag was not the pseudonym's one flag on the target.
    reply = peer.post("flag", target="case", target_id=case_id, reason="phi", note="A phone no.")
    assert reply.status == 201


def test_a_flag_weighs_its_flaggers_reputation_within_bounds(peer, physician, case_id, forum_app):
    trusted = physician().join()
    set_reputation(forum_app, trusted, 500)
    set_reputation(forum_app, peer, -40)
    for doctor in (trusted, peer):
        assert doctor.post("flag", target="case", target_id=case_id, reason="spam").status == 201
    with forum_app.app_context():
        weights = sorted(db.session.scalars(sa.select(Flag.weight)))
    assert weights == [1, 10]
    assert state_of(forum_app, "case", case_id)["pending_weight"] == 11


def test_phi_flags_hide_a_post_once_at_the_threshold(author, physician, case_id, forum_app):
    first, second, third, fourth = (physician().join() for _ in range(4))
    spam = first.post("flag", target="case", target_id=case_id, reason="spam")
    assert spam.body["hidden"] is False
    phi = second.post("flag", target="case", target_id=case_id, reason="phi")
    assert phi.body["hidden"] is False
    assert third.get(f"/api/v1/cases/{case_id}").body["title"]
    phi = third.post("flag", target="case", target_id=case_id, reason="phi")
    assert phi.status == 201 and phi.body["hidden"] is True
    assert state_of(forum_app, "case", case_id) | {"since": None} == {
        "phi_flags": 2,
        "pending_flags": 3,
        "pending_weight": 3,
        "hidden": True,
        "phi_hidden": True,
        "since": None,
    }
    assert set(fourth.get(f"/api/v1/cases/{case_id}").body) == {"id", "moderation"}
    assert author.get(f"/api/v1/cases/{case_id}").body["title"]
    # A moderator restores it, settling its flags: PHI flags count afresh from there,
    # so one more does not hide it again.
    settled = {"hidden": False, "phi_hidden": False, "phi_flags": 0, "pending_flags": 0}
    set_state(forum_app, "case", case_id, **settled, pending_weight=0)
    phi = fourth.post("flag", target="case", target_id=case_id, reason="phi")
    assert phi.status == 201 and phi.body["hidden"] is False
    assert state_of(forum_app, "case", case_id)["phi_flags"] == 1


def test_phi_flags_leave_a_moderators_hide_as_it_is(author, physician, case_id, forum_app):
    # Hidden by a moderator: reaching the threshold must not make it a PHI hide,
    # which a later dismissal of the flags would undo.
    set_state(forum_app, "case", case_id, hidden=True)
    for flagger in (physician().join(), physician().join()):
        assert flagger.post("flag", target="case", target_id=case_id, reason="phi").status == 201
    state = state_of(forum_app, "case", case_id)
    assert (state["hidden"], state["phi_hidden"], state["phi_flags"]) == (True, False, 2)


def test_the_threshold_is_a_setting(make_app, forum_settings, issuer):
    app = make_app(forum_settings({"forum": {"moderation": {"phi_hide_threshold": 1}}}))
    http = Transport(app.test_client())
    author, flagger = Physician(http, issuer).join(), Physician(http, issuer).join()
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    reply = flagger.post("flag", target="case", target_id=case_id, reason="phi")
    assert reply.status == 201 and reply.body["hidden"] is True


@pytest.mark.live
def test_concurrent_phi_flags_cross_the_threshold_once(
    live_server, forum_settings, make_app, issuer
):
    server = live_server(workers=3, overrides=forum_settings())
    http = Transport(server.url)
    author = Physician(http, issuer).join()
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    flaggers = [Physician(http, issuer).join() for _ in range(5)]
    # Each flagger races two different envelopes flagging the same case.
    signed = [
        (doctor, doctor.sign("flag", target="case", target_id=case_id, reason="phi"))
        for doctor in flaggers
        for _ in range(2)
    ]
    replies = in_parallel([lambda d=d, s=s: d.send(*s) for d, s in signed], workers=10)
    assert Counter(r.status for r in replies) == {201: 5, 409: 5}, [r.body for r in replies]
    # Flags were counted one at a time: only the first saw fewer than two.
    assert Counter(r.body["hidden"] for r in replies if r.status == 201) == {False: 1, True: 4}
    app = make_app(forum_settings())
    assert state_of(app, "case", case_id) | {"since": None} == {
        "phi_flags": 5,
        "pending_flags": 5,
        "pending_weight": 5,
        "hidden": True,
        "phi_hidden": True,
        "since": None,
    }
    assert flags_stored(app) == 5
