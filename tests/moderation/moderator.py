"""A moderator's side of the staff API, for tests: the queue, actions, and what they wrote."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum.models import Flag, ModerationLogEntry, ModerationTarget, Pseudonym
from casecrowd.staff.models import StaffAccount
from tests.forum.physician import Physician, Reply, Transport
from tests.staff.support import add_account, bearer

QUEUE = "/api/v1/moderation/queue"
ACTIONS = "/api/v1/moderation/actions"


@dataclass
class Moderator:
    http: Transport
    headers: dict[str, str]
    account_id: int

    @property
    def handle(self) -> str:
        return f"mod-{self.account_id}"

    def queue(self, **params: Any) -> Reply:
        return self.http.request("GET", QUEUE, query_string=params, headers=self.headers)

    def act(self, action: str, kind: str, target_id: Any, reason: str = "other", **members: Any):
        body = {"action": action, "reason": reason, "target": {"kind": kind, "id": target_id}}
        return self.send({**body, **members})

    def send(self, body: Any) -> Reply:
        return self.http.request("POST", ACTIONS, json=body, headers=self.headers)


def staff_member(app: Any, http: Transport, role: str, username: str | None = None) -> Moderator:
    """Create a staff account with ``role``, log it in, and act as it."""
    username = username or role
    add_account(app, username, role)
    with app.app_context():
        account_id = db.session.scalars(
            select(StaffAccount.id).where(StaffAccount.username == username)
        ).one()
    return Moderator(http, bearer(http.target, username), account_id)


def problem_code(reply: Reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def flag(flagger: Physician, kind: str, target_id: int, reason: str = "spam", **members: Any):
    reply = flagger.post("flag", target=kind, target_id=target_id, reason=reason, **members)
    assert reply.status == 201, reply.body
    return reply.body


def set_reputation(app: Any, member: Physician, reputation: int) -> None:
    with app.app_context():
        pseudonym = db.session.scalars(
            select(Pseudonym).where(Pseudonym.handle == member.handle)
        ).one()
        pseudonym.reputation = reputation
        db.session.commit()


def log_entries(app: Any) -> list[ModerationLogEntry]:
    with app.app_context():
        rows = db.session.scalars(select(ModerationLogEntry).order_by(ModerationLogEntry.seq))
        entries = list(rows)
        db.session.expunge_all()
        return entries


def target_state(app: Any, kind: str, target_id: int) -> ModerationTarget | None:
    with app.app_context():
        state = db.session.get(ModerationTarget, (kind, target_id))
        db.session.expunge_all()
        return state


def flags_on(app: Any, kind: str, target_id: int) -> list[Flag]:
    with app.app_context():
        rows = db.session.scalars(
            select(Flag)
            .where(Flag.target_kind == kind, Flag.target_id == target_id)
            .order_by(Flag.id)
        )
        flags = list(rows)
        db.session.expunge_all()
        return flags
