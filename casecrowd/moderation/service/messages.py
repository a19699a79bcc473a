"""A moderator's private answer to wellbeing flags: a message in the author's inbox.

Invariants:

- A message answers the pending wellbeing flags of one target, and only
  those: it needs at least one, settles every one of them (each names the
  message in ``resolved_message``) and takes them off the target's pending
  count and weight, so the target leaves the queue unless other flags wait.
- Nothing of it reaches the public mod log, which would otherwise publish
  that an author seemed in distress; the message names neither the
  moderator nor any flagger.
- The target's state row is locked first, as flags and content actions lock
  it, so a flag arriving meanwhile is either settled or left pending whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from casecrowd.clock import start_of_hour, utcnow
from casecrowd.db import db
from casecrowd.forum.models import Flag, ModerationTarget, ModeratorMessage, Pseudonym, random_id
from casecrowd.forum.service.inbox import served
from casecrowd.forum.service.moderation_state import content_row, locked_state
from casecrowd.moderation.errors import NoPendingFlags
from casecrowd.moderation.keys import moderation_signing_key
from casecrowd.problems import raises
from casecrowd.protocol import moderator_message
from casecrowd.protocol.moderation import CARE_REASONS


def _pending_care_flags(state: ModerationTarget) -> list[Flag]:
    statement = select(Flag).where(
        Flag.target_kind == state.target_kind,
        Flag.target_id == state.target_id,
        Flag.reason.in_(CARE_REASONS),
        Flag.pending,
    )
    return list(db.session.scalars(statement))


def _settle(state: ModerationTarget, answered: list[Flag], message_id: int) -> None:
    for flag in answered:
        flag.resolved_message = message_id
    state.pending_flags -= len(answered)
    state.pending_weight -= sum(flag.weight for flag in answered)
    db.session.flush()
    waiting = select(Flag.created).where(
        Flag.target_kind == state.target_kind, Flag.target_id == state.target_id, Flag.pending
    )
    state.pending_since = db.session.scalars(waiting.order_by(Flag.created).limit(1)).first()


@raises(content_row, NoPendingFlags)
def reach_out(body: Mapping[str, Any]) -> dict[str, Any]:
    """Send ``body``'s text to the author of its target: {"message": the message as served}."""
    kind, target_id = body["target"]["kind"], body["target"]["id"]
    try:
        row = content_row(kind, target_id)
        state = locked_state(kind, row)
        answered = _pending_care_flags(state)
        if not answered:
            raise NoPendingFlags(
                f"No wellbeing flag on this {kind} waits for a moderator; a message answers one."
            )
        message = ModeratorMessage(
            id=random_id(),
            pseudonym_id=row.pseudonym_id,
            text=body["text"],
            about_kind=kind,
            about_id=target_id,
            created=start_of_hour(utcnow()),
            signature="",
        )
        addressee = db.session.get(Pseudonym, row.pseudonym_id)
        message.signature = moderator_message.sign(
            served(message, addressee.handle), moderation_signing_key()
        )
        db.session.add(message)
        db.session.flush()
        _settle(state, answered, message.id)
        result = served(message, addressee.handle)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {"message": result}
