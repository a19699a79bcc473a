"""Actions on pseudonyms and appeals: sanctions, lifts, appeal decisions, moderators racing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.models import Appeal, Pseudonym, Sanction
from casecrowd.forum.service.moderation_state import barring_sanction
from tests.forum.physician import Transport, case_fields
from tests.moderation.moderator import (
    Moderator,
    flag,
    log_entries,
    problem_code,
    staff_member,
    target_state,
)


def sanctions_of(app, member) -> list[Sanction]:
    with app.app_context():
        pseudonym = db.session.scalars(
            select(Pseudonym).where(Pseudonym.handle == member.handle)
        ).one()
        rows = list(
            db.session.scalars(
                select(Sanction)
                .where(Sanction.pseudonym_id == pseudonym.id)
                .order_by(Sanction.log_seq)
            )
        )
        db.session.expunge_all()
        return rows


def barred(app, member):
    with app.app_context():
        pseudonym = db.session.scalars(
            select(Pseudonym).where(Pseudonym.handle == member.handle)
        ).one()
        return barring_sanction(pseudonym.id, utcnow())


def appeal_of(app, seq: int) -> Appeal:
    with app.app_context():
        appeal = db.session.scalars(select(Appeal).where(Appeal.log_seq == seq)).one()
        db.session.expunge_all()
        return appeal


def appeal(member, seq: int, text: str = "Please look again.") -> None:
    """Appeal without a session, as a barred pseudonym must."""
    envelope, signature = member.sign("appeal", log_entry=seq, text=text)
    body = {"envelope": envelope, "signature": signature}
    reply = member.http.request("POST", "/api/v1/appeals", json=body)
    assert reply.status == 201, reply.body


def test_a_suspension_bars_the_pseudonym_until_it_ends(forum_app, moderator, author):
    before = utcnow()
    reply = moderator.act("suspend", "pseudonym", author.handle, "harassment", duration_hours=24)
    assert reply.status == 201, reply.body
    entry = reply.body["entry"]
    assert (entry["target_kind"], entry["target_id"]) == ("pseudonym", author.handle)
    (sanction,) = sanctions_of(forum_app, author)
    assert sanction.kind == "suspend" and sanction.log_seq == entry["seq"]
    assert before <= sanction.starts <= utcnow()
    assert sanction.ends == sanction.starts + timedelta(hours=24)
    assert sanction.lifted_seq is None
    assert barred(forum_app, author).log_seq == entry["seq"]


def test_a_warning_bars_nothing_and_a_ban_is_not_repeated(forum_app, moderator, author):
    assert moderator.act("warn", "pseudonym", author.handle, "spam").status == 201
    assert barred(forum_app, author) is None
    assert moderator.act("ban", "pseudonym", author.handle, "spam").status == 201
    for action, members in (("ban", {}), ("suspend", {"duration_hours": 5})):
        reply = moderator.act(action, "pseudonym", author.handle, "spam", **members)
        assert reply.status == 409 and problem_code(reply) == "pseudonym-already-banned"
    assert moderator.act("warn", "pseudonym", author.handle, "spam").status == 201
    kinds = [(s.kind, s.ends) for s in sanctions_of(forum_app, author)]
    assert kinds == [("warn", None), ("ban", None), ("warn", None)]
    assert [e.action for e in log_entries(forum_app)] == ["warn", "ban", "warn"]


def test_lift_ends_every_bar_and_decides_their_appeals(forum_app, moderator, author):
    warned = moderator.act("warn", "pseudonym", author.handle, "spam").body["entry"]["seq"]
    suspended = moderator.act("suspend", "pseudonym", author.handle, "spam", duration_hours=3)
    assert suspended.status == 201
    ban_seq = moderator.act("ban", "pseudonym", author.handle, "spam").body["entry"]["seq"]
    appeal(author, ban_seq)
    appeal(author, warned)

    lifted = moderator.act("lift", "pseudonym", author.handle, "appeal")
    assert lifted.status == 201, lifted.body
    seq = lifted.body["entry"]["seq"]
    assert [(s.kind, s.lifted_seq) for s in sanctions_of(forum_app, author)] == [
        ("warn", None),
        ("suspend", seq),
        ("ban", seq),
    ]
    assert barred(forum_app, author) is None
    assert appeal_of(forum_app, ban_seq).decided_seq == seq
    # A warning is not lifted; its appeal waits for reject-appeal.
    assert appeal_of(forum_app, warned).decided_seq is None

    again = moderator.act("lift", "pseudonym", author.handle, "appeal")
    assert again.status == 409 and problem_code(again) == "no-active-sanction"
    assert len(log_entries(forum_app)) == 4


def test_undoing_an_action_decides_its_appeal_only(forum_app, moderator, author, peer):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    flag(peer, "case", case_id, "misinformation")
    hidden = moderator.act("hide", "case", case_id, "misinformation").body["entry"]["seq"]
    locked = moderator.act("lock", "case", case_id, "misinformation").body["entry"]["seq"]
    appeal(author, hidden, "The guideline I cite is current.")
    appeal(author, locked, "The discussion was civil.")
    items = moderator.queue(reason="appeal").body["items"]
    assert [item["appeal"]["log_entry"] for item in items] == [hidden, locked]

    restored = moderator.act("restore", "case", case_id, "appeal", note="Guideline checked.")
    assert restored.status == 201
    assert appeal_of(forum_app, hidden).decided_seq == restored.body["entry"]["seq"]
    assert appeal_of(forum_app, locked).decided_seq is None
    unlocked = moderator.act("unlock", "case", case_id, "appeal")
    assert appeal_of(forum_app, locked).decided_seq == unlocked.body["entry"]["seq"]
    assert moderator.queue().body["items"] == []


def test_reject_appeal_decides_it_once_and_the_action_stands(forum_app, moderator, author, peer):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    flag(peer, "case", case_id, "spam")
    hidden = moderator.act("hide", "case", case_id, "spam").body["entry"]["seq"]
    appeal(author, hidden)
    (item,) = moderator.queue(reason="appeal").body["items"]
    appeal_id = item["appeal"]["id"]

    rejected = moderator.act("reject-appeal", "appeal", appeal_id, "appeal")
    assert rejected.status == 201, rejected.body
    entry = rejected.body["entry"]
    assert (entry["target_kind"], entry["target_id"]) == ("appeal", str(appeal_id))
    assert appeal_of(forum_app, hidden).decided_seq == entry["seq"]
    assert target_state(forum_app, "case", case_id).hidden is True
    assert moderator.queue().body["items"] == []

    again = moderator.act("reject-appeal", "appeal", appeal_id, "appeal")
    assert again.status == 409 and problem_code(again) == "appeal-decided"
    assert [e.action for e in log_entries(forum_app)] == ["hide", "reject-appeal"]


def race(forum_app, moderators: list[Moderator], body: dict) -> list[int]:
    """Send ``body`` from each moderator at once, each on its own client; the statuses."""
    start = threading.Barrier(len(moderators))
    statuses: list[int] = []

    def send(moderator: Moderator) -> None:
        own = Moderator(Transport(forum_app.test_client()), moderator.headers, moderator.account_id)
        start.wait()
        statuses.append(own.send(body).status)

    threads = [threading.Thread(target=send, args=(m,)) for m in moderators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


@pytest.fixture
def moderators(forum_app, http, moderator) -> list[Moderator]:
    return [moderator, staff_member(forum_app, http, "moderator", "second-moderator")]


def pseudonym_body(action: str, member) -> dict:
    target = {"kind": "pseudonym", "id": member.handle}
    return {"action": action, "reason": "spam", "target": target}


def test_two_moderators_banning_at_once_ban_once(forum_app, moderators, author):
    assert race(forum_app, moderators, pseudonym_body("ban", author)) == [201, 409]
    assert [s.kind for s in sanctions_of(forum_app, author)] == ["ban"]
    assert [e.action for e in log_entries(forum_app)] == ["ban"]


def test_two_moderators_lifting_at_once_lift_once(forum_app, moderators, author):
    moderators[0].act("suspend", "pseudonym", author.handle, "spam", duration_hours=1)
    assert race(forum_app, moderators, pseudonym_body("lift", author)) == [201, 409]
    assert barred(forum_app, author) is None
    assert [e.action for e in log_entries(forum_app)] == ["suspend", "lift"]


def test_two_moderators_dismissing_at_once_dismiss_once(forum_app, moderators, author, peer):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    flag(peer, "case", case_id, "spam")
    body = {"action": "dismiss", "reason": "spam", "target": {"kind": "case", "id": case_id}}
    assert race(forum_app, moderators, body) == [201, 409]
    assert [e.action for e in log_entries(forum_app)] == ["dismiss"]
