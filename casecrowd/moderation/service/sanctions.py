"""Actions on a pseudonym: warn, suspend for some hours, ban, and lift.

A sanction is a Sanction row naming its mod-log entry; the forum reads the
suspension or ban in force (``moderation_state.barring_sanction``) to bar the
pseudonym. Lifting stamps every suspension and ban in force with the lifting
entry's seq and decides the open appeals against them; a warning bars nothing
and is not lifted. Each action appends its entry before it checks: the append
lock, held until commit, makes two moderators acting on one pseudonym at once
check one after the other (no double ban, no second lift of one sanction).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import ModerationLogEntry, Pseudonym, Sanction
from casecrowd.forum.service.moderation_state import barring_sanction
from casecrowd.moderation.errors import NoActiveSanction, PseudonymAlreadyBanned
from casecrowd.moderation.service.common import ActionRequest, append_entry, decide_appeals
from casecrowd.problems import raises
from casecrowd.protocol.moderation import BARRING_SANCTIONS

PseudonymAction = Callable[[Pseudonym, ActionRequest, ModerationLogEntry, datetime], None]


def in_force(pseudonym_id: int, now: datetime) -> list[Sanction]:
    """The pseudonym's suspensions and bans that bar it at ``now``."""
    statement = select(Sanction).where(
        Sanction.pseudonym_id == pseudonym_id,
        Sanction.kind.in_(BARRING_SANCTIONS),
        Sanction.lifted_seq.is_(None),
        Sanction.starts <= now,
        or_(Sanction.ends.is_(None), Sanction.ends > now),
    )
    return list(db.session.scalars(statement.order_by(Sanction.log_seq)))


@raises(PseudonymAlreadyBanned)
def _sanction(
    pseudonym: Pseudonym, request: ActionRequest, entry: ModerationLogEntry, now: datetime
) -> None:
    barred = barring_sanction(pseudonym.id, now)
    if request.action in BARRING_SANCTIONS and barred is not None and barred.kind == "ban":
        raise PseudonymAlreadyBanned(
            f"Mod-log entry {barred.log_seq} banned this pseudonym; lift the ban first."
        )
    # The schema requires duration_hours of a suspension; warnings and bans have no end.
    ends = now + timedelta(hours=request.duration_hours) if request.action == "suspend" else None
    db.session.add(
        Sanction(
            pseudonym_id=pseudonym.id,
            kind=request.action,
            log_seq=entry.seq,
            starts=now,
            ends=ends,
        )
    )


@raises(NoActiveSanction)
def _lift(
    pseudonym: Pseudonym, _request: ActionRequest, entry: ModerationLogEntry, now: datetime
) -> None:
    lifted = in_force(pseudonym.id, now)
    if not lifted:
        raise NoActiveSanction("No suspension or ban of this pseudonym is in force.")
    for sanction in lifted:
        sanction.lifted_seq = entry.seq
    decide_appeals(entry.seq, ModerationLogEntry.seq.in_([s.log_seq for s in lifted]))


PSEUDONYM_ACTIONS: dict[str, PseudonymAction] = {
    "warn": _sanction,
    "suspend": _sanction,
    "ban": _sanction,
    "lift": _lift,
}


@raises(append_entry, errors.PseudonymNotFound, *PSEUDONYM_ACTIONS.values())
def pseudonym_action(request: ActionRequest) -> ModerationLogEntry:
    entry = append_entry(request)
    pseudonym = db.session.scalars(
        select(Pseudonym).where(Pseudonym.handle == request.target_id)
    ).first()
    if pseudonym is None:
        raise errors.PseudonymNotFound("No pseudonym has this handle.")
    PSEUDONYM_ACTIONS[request.action](pseudonym, request, entry, utcnow())
    return entry
