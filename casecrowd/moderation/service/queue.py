"""The moderators' queue: open appeals first, then the targets whose flags wait.

Order, total and stable:

1. Open appeals (no deciding entry yet), oldest first. They come before any
   flag so that none waits behind a stream of new flags: an appeal is made
   by someone a moderator already acted against, often barred meanwhile,
   and there is at most one per mod-log entry, so they cannot crowd the
   flags out.
2. Targets with pending flags: heaviest pending weight (the flaggers'
   reputation) first, then the longest waiting, then by kind and id.

``reason`` narrows the queue: ``appeal`` to the appeals, a flag reason to
the targets having a pending flag of that reason. Pages are keyset pages
over that order: the cursor (signed, casecrowd.forum.service.paging) names
the section and the last item's key, so items that leave the queue while a
moderator pages (the usual case: they were acted on) never make a page skip
another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, exists, or_, select, tuple_

from casecrowd.db import UTCDateTime, db
from casecrowd.forum.models import Appeal, Flag, ModerationTarget
from casecrowd.forum.service.paging import (
    decode_cursor,
    encode_cursor,
    state_time,
    state_value,
    time_text,
)
from casecrowd.moderation.service import items
from casecrowd.problems import raises
from casecrowd.protocol.moderation import FLAG_REASONS

QUEUE_REASONS = (*FLAG_REASONS, "appeal")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CURSOR_KIND = "moderation-queue"
APPEALS, TARGETS = "appeal", "target"


@dataclass(frozen=True)
class QueueRow:
    """One row of the queue in order, and the cursor state that points just after it."""

    section: str
    row: Appeal | ModerationTarget
    after: dict[str, Any]


@raises(state_time, state_value)
def _appeals(_reason: str | None, state: dict[str, Any] | None, limit: int) -> list[QueueRow]:
    statement = select(Appeal).where(Appeal.decided_seq.is_(None))
    if state is not None:
        created = bindparam("after_created", state_time(state, "t"), type_=UTCDateTime())
        last = (created, state_value(state, "id", int))
        statement = statement.where(tuple_(Appeal.created, Appeal.id) > tuple_(*last))
    rows = db.session.scalars(statement.order_by(Appeal.created, Appeal.id).limit(limit))
    return [QueueRow(APPEALS, row, {"t": time_text(row.created), "id": row.id}) for row in rows]


@raises(state_time, state_value)
def _targets(reason: str | None, state: dict[str, Any] | None, limit: int) -> list[QueueRow]:
    target = ModerationTarget
    statement = select(target).where(target.pending_flags > 0)
    if reason is not None:
        statement = statement.where(
            exists().where(
                Flag.target_kind == target.target_kind,
                Flag.target_id == target.target_id,
                Flag.reason == reason,
                Flag.pending,
            )
        )
    if state is not None:
        weight = state_value(state, "w", int)
        since = bindparam("after_since", state_time(state, "t"), type_=UTCDateTime())
        after_key = tuple_(target.target_kind, target.target_id) > tuple_(
            state_value(state, "k", str), state_value(state, "id", int)
        )
        statement = statement.where(
            or_(
                target.pending_weight < weight,
                and_(
                    target.pending_weight == weight,
                    or_(
                        target.pending_since > since,
                        and_(target.pending_since == since, after_key),
                    ),
                ),
            )
        )
    statement = statement.order_by(
        target.pending_weight.desc(),
        target.pending_since,
        target.target_kind,
        target.target_id,
    )
    return [
        QueueRow(
            TARGETS,
            row,
            {
                "w": row.pending_weight,
                "t": time_text(row.pending_since),
                "k": row.target_kind,
                "id": row.target_id,
            },
        )
        for row in db.session.scalars(statement.limit(limit))
    ]


Section = Callable[[str | None, dict[str, Any] | None, int], list[QueueRow]]
SECTIONS: dict[str, Section] = {APPEALS: _appeals, TARGETS: _targets}


def sections_for(reason: str | None) -> list[str]:
    if reason is None:
        return [APPEALS, TARGETS]
    return [APPEALS] if reason == "appeal" else [TARGETS]


@raises(decode_cursor, state_value, *SECTIONS.values())
def queue_page(reason: str | None, limit: int, after: str | None) -> dict[str, Any]:
    """One page of the queue, {"items", "next"}: ``next`` continues it, None at the end."""
    scope = {"reason": reason}
    sections = sections_for(reason)
    state: dict[str, Any] | None = None
    start = 0
    if after is not None:
        state = decode_cursor(CURSOR_KIND, after, scope)
        # The scope holds the reason, so a cursor names one of this reason's sections.
        start = sections.index(state_value(state, "s", str))
    found: list[QueueRow] = []
    for name in sections[start:]:
        # One more than a page tells whether another page follows.
        wanted = limit + 1 - len(found)
        if wanted <= 0:
            break
        found += SECTIONS[name](reason, state if name == sections[start] else None, wanted)
    following = None
    if len(found) > limit:
        last = found[limit - 1]
        following = encode_cursor(CURSOR_KIND, scope, {"s": last.section, **last.after})
    page = found[:limit]
    return {"items": items.describe([queued.row for queued in page]), "next": following}
