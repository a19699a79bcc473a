"""Appeals: the author's one appeal per mod-log entry, and what a member sees of moderation."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from nacl.signing import SigningKey

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.models import Appeal, ModerationLogEntry, Pseudonym, Sanction
from casecrowd.protocol.modlog import GENESIS_HASH, sign_entry
from tests.forum.physician import Physician, case_fields

# Stands in for the forum's moderation key: these tests read entries, not the chain.
LOG_KEY = SigningKey.generate()
PHONE = "Call me on 555-123-4567 about this."
# Members here post, appeal and are refused more often than the rate limits
# allow; those limits have tests of their own.
ROOMY_LIMITS = {
    "forum": {"limits": {"new_pseudonym_days": 0, "posts": "100/minute", "appeals": "100/minute"}}
}


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(ROOMY_LIMITS))


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def pseudonym_id(app, doctor: Physician) -> int:
    with app.app_context():
        return db.session.scalars(
            sa.select(Pseudonym.id).where(Pseudonym.handle == doctor.handle)
        ).one()


def add_entry(app, action: str, target_kind: str, target_id, reason: str = "other") -> int:
    """Append a signed mod-log entry as a moderator's action would; its seq."""
    with app.app_context():
        last = db.session.scalars(
            sa.select(ModerationLogEntry).order_by(ModerationLogEntry.seq.desc()).limit(1)
        ).first()
        day = utcnow().date()
        document = {
            "seq": last.seq + 1 if last else 1,
            "day": day.isoformat(),
            "action": action,
            "reason": reason,
            "target_kind": target_kind,
            "target_id": str(target_id),
            "moderator": "mod-1",
            "prev_hash": last.entry_hash if last else GENESIS_HASH,
        }
        signed = sign_entry(document, LOG_KEY)
        db.session.add(ModerationLogEntry(**{**signed, "day": day}, note=""))
        db.session.commit()
        return document["seq"]


def new_case(author: Physician) -> int:
    reply = author.post("case.create", **case_fields())
    assert reply.status == 201, reply.body
    return reply.body["case_id"]


def appeals_stored(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Appeal))


def test_the_author_appeals_a_hide_of_their_case_once(author, forum_app):
    case_id = new_case(author)
    seq = add_entry(forum_app, "hide", "case", case_id, reason="misinformation")
    reply = author.post("appeal", log_entry=seq, text="The dose quoted is the guideline's.")
    assert reply.status == 201, reply.body
    assert reply.body["kind"] == "appeal"
    assert reply.body["log_entry"] == seq
    assert isinstance(reply.body["appeal_id"], int) and isinstance(reply.body["proof_id"], int)
    again = author.post("appeal", log_entry=seq, text="Please look again.")
    assert again.status == 409 and problem_code(again) == "appeal-duplicate"
    assert appeals_stored(forum_app) == 1


def test_an_entry_naming_the_pseudonym_itself_can_be_appealed(author, forum_app):
    seq = add_entry(forum_app, "warn", "pseudonym", author.handle, reason="harassment")
    reply = author.post("appeal", log_entry=seq, text="The remark was about the drug.")
    assert reply.status == 201, reply.body


def test_answers_and_comments_are_appealed_by_their_authors(author, peer, forum_app):
    case_id = new_case(author)
    answer = peer.post("answer.create", case_id=case_id, body="Consider lymphoma.")
    comment = peer.post("comment.create", case_id=case_id, body="Was a biopsy done?")
    targets = {"answer": answer.body["answer_id"], "comment": comment.body["comment_id"]}
    for kind, target_id in targets.items():
        seq = add_entry(forum_app, "hide", kind, target_id, reason="spam")
        refused = author.post("appeal", log_entry=seq, text="Not mine, but unfair.")
        assert refused.status == 403 and problem_code(refused) == "appeal-not-yours", kind
        assert peer.post("appeal", log_entry=seq, text="It was on topic.").status == 201, kind


def test_entries_concerning_others_cannot_be_appealed(author, peer, forum_app):
    case_id = new_case(peer)
    on_peer = add_entry(forum_app, "warn", "pseudonym", peer.handle)
    on_peers_case = add_entry(forum_app, "lock", "case", case_id)
    for seq in (on_peer, on_peers_case):
        reply = author.post("appeal", log_entry=seq, text="I disagree with this.")
        assert reply.status == 403 and problem_code(reply) == "appeal-not-yours"
    assert appeals_stored(forum_app) == 0


def test_a_decision_on_an_appeal_is_final(author, forum_app):
    seq = add_entry(forum_app, "warn", "pseudonym", author.handle)
    appeal_id = author.post("appeal", log_entry=seq, text="Unfair.").body["appeal_id"]
    decision = add_entry(forum_app, "reject-appeal", "appeal", appeal_id, reason="appeal")
    reply = author.post("appeal", log_entry=decision, text="Still unfair.")
    assert reply.status == 403 and problem_code(reply) == "appeal-not-yours"
    assert "final" in reply.body["detail"]


def test_an_unknown_entry_is_not_found(author):
    reply = author.post("appeal", log_entry=41, text="Which one?")
    assert reply.status == 404 and problem_code(reply) == "log-entry-not-found"


def test_appeal_members_are_validated(author, forum_app):
    seq = add_entry(forum_app, "warn", "pseudonym", author.handle)
    for members in (
        {"log_entry": seq, "text": ""},
        {"log_entry": seq, "text": "x" * 2001},
        {"log_entry": 0, "text": "Unfair."},
        {"log_entry": str(seq), "text": "Unfair."},
        {"text": "Unfair."},
        {"log_entry": seq},
        {"log_entry": seq, "text": "Unfair.", "extra": 1},
    ):
        reply = author.post("appeal", **members)
        assert reply.status == 422, members
        assert problem_code(reply) == "validation", members
    assert appeals_stored(forum_app) == 0


def test_the_appeal_text_is_screened_for_phi(author, forum_app):
    seq = add_entry(forum_app, "warn", "pseudonym", author.handle)
    reply = author.post("appeal", log_entry=seq, text=PHONE)
    assert reply.status == 422 and problem_code(reply) == "phi-detected"
    assert [f["field"] for f in reply.body["findings"]] == ["text"]
    assert appeals_stored(forum_app) == 0
    assert author.post("appeal", log_entry=seq, text="Unfair.").status == 201


def test_my_moderation_lists_what_concerns_me_and_nothing_else(author, peer, forum_app):
    mine = new_case(author)
    theirs = new_case(peer)
    hidden = add_entry(forum_app, "hide", "case", mine, reason="phi")
    add_entry(forum_app, "hide", "case", theirs)
    warned = add_entry(forum_app, "warn", "pseudonym", author.handle, reason="harassment")
    add_entry(forum_app, "warn", "pseudonym", peer.handle)
    appeal_id = author.post("appeal", log_entry=warned, text="Unfair.").body["appeal_id"]
    decided = add_entry(forum_app, "reject-appeal", "appeal", appeal_id, reason="appeal")
    now, author_id = utcnow(), pseudonym_id(forum_app, author)
    with forum_app.app_context():
        db.session.add(
            Sanction(
                pseudonym_id=author_id,
                kind="warn",
                log_seq=warned,
                starts=now,
                ends=None,
            )
        )
        db.session.commit()

    body = author.get("/api/v1/me/moderation").body
    assert [(e["seq"], e["action"], e["appealed"]) for e in body["entries"]] == [
        (hidden, "hide", False),
        (warned, "warn", True),
        (decided, "reject-appeal", False),
    ]
    first = body["entries"][0]
    assert first == {
        "seq": hidden,
        "day": now.date().isoformat(),
        "action": "hide",
        "reason": "phi",
        "target_kind": "case",
        "target_id": str(mine),
        "moderator": "mod-1",
        "appealed": False,
    }
    (sanction,) = body["sanctions"]
    assert sanction["kind"] == "warn" and sanction["log_entry"] == warned
    assert sanction["ends"] is None and sanction["lifted_by"] is None
    assert peer.get("/api/v1/me/moderation").body["sanctions"] == []
    assert [e["target_id"] for e in peer.get("/api/v1/me/moderation").body["entries"]] == [
        str(theirs),
        peer.handle,
    ]


def test_my_moderation_needs_a_session(http):
    reply = http.request("GET", "/api/v1/me/moderation")
    assert reply.status == 401
