"""What every moderator's action shares: its request, its log entry, the appeals it answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.db import db
from casecrowd.forum.models import Appeal, ModerationLogEntry
from casecrowd.moderation import log
from casecrowd.problems import raises

MODERATOR_ROLES = ("moderator", "admin")


def moderator_handle(staff_account_id: int) -> str:
    """The only name of a moderator the forum database and the public log ever hold."""
    return f"mod-{staff_account_id}"


@dataclass(frozen=True)
class ActionRequest:
    """A validated action (casecrowd.moderation.schemas.ModerationActionSchema) and who takes it."""

    action: str
    reason: str
    note: str
    target_kind: str
    # A content or appeal id, or a pseudonym's handle.
    target_id: int | str
    moderator: str
    duration_hours: int | None = None
    slow_mode_seconds: int | None = None

    @classmethod
    def of(cls, body: Mapping[str, Any], moderator: str) -> ActionRequest:
        return cls(
            action=body["action"],
            reason=body["reason"],
            note=body.get("note", ""),
            target_kind=body["target"]["kind"],
            target_id=body["target"]["id"],
            moderator=moderator,
            duration_hours=body.get("duration_hours"),
            slow_mode_seconds=body.get("slow_mode_seconds"),
        )


@raises(log.append)
def append_entry(request: ActionRequest) -> ModerationLogEntry:
    """The action's one mod-log entry; from here until commit the caller holds the log's lock."""
    return log.append(
        request.action,
        request.reason,
        request.target_kind,
        request.target_id,
        request.moderator,
        note=request.note,
    )


def decide_appeals(seq: int, answered: ColumnElement[bool]) -> None:
    """Mark entry ``seq`` as the decision of every open appeal of the entries ``answered`` picks."""
    appealed = select(ModerationLogEntry.seq).where(answered)
    statement = (
        update(Appeal)
        .where(Appeal.decided_seq.is_(None), Appeal.log_seq.in_(appealed))
        .values(decided_seq=seq)
    )
    db.session.execute(statement.execution_options(synchronize_session=False))
