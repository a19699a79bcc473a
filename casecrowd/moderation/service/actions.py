"""Moderators' actions on content and appeals, and the one entry point for every action.

Invariants:

- An action commits its change together with exactly one mod-log entry, or
  changes nothing: a refusal is raised before the commit and the whole
  transaction, the entry included, is rolled back.
- Actions on one target serialise. A content action locks the target's state
  row first (``moderation_state.locked_state``, which flags take as well),
  checks it, then appends; the other actions append first and check after,
  under the log's append lock, which every action holds until it commits.
- An action that judges a target's flags (dismiss, hide, restore, purge)
  settles them: each pending flag, wellbeing flags included, gets the
  entry's seq, and the pending
  counters and the PHI count return to zero, so the target leaves the queue
  and later PHI flags count afresh towards the threshold.
- An automatic PHI hide lasts until a moderator reviews the target: dismiss
  and purge end it (the flags were wrong, or the text is gone); a hide by a
  moderator stays until one restores it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import and_, update
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.db import db
from casecrowd.forum.models import Appeal, Flag, ModerationLogEntry, ModerationTarget
from casecrowd.forum.service.moderation_state import content_row, locked_state
from casecrowd.moderation import log, purge
from casecrowd.moderation.errors import (
    AppealDecided,
    AppealNotFound,
    NoPendingFlags,
    StateUnchanged,
)
from casecrowd.moderation.service import sanctions
from casecrowd.moderation.service.common import (
    ActionRequest,
    append_entry,
    decide_appeals,
    moderator_handle,
)
from casecrowd.problems import raises

ContentAction = Callable[[ModerationTarget, ActionRequest], ModerationLogEntry]


def settle_flags(state: ModerationTarget, seq: int) -> None:
    """Entry ``seq`` settles every pending flag of the target; nothing stays pending."""
    statement = (
        update(Flag)
        .where(
            Flag.target_kind == state.target_kind,
            Flag.target_id == state.target_id,
            Flag.pending,
        )
        .values(resolved_seq=seq)
    )
    db.session.execute(statement.execution_options(synchronize_session=False))
    state.pending_flags = state.pending_weight = state.phi_flags = 0
    state.pending_since = None


def _entries_on(state: ModerationTarget, action: str) -> ColumnElement[bool]:
    """The target's earlier entries of ``action``: the ones an undoing action answers."""
    return and_(
        ModerationLogEntry.action == action,
        ModerationLogEntry.target_kind == state.target_kind,
        ModerationLogEntry.target_id == str(state.target_id),
    )


def _end_phi_hide(state: ModerationTarget) -> None:
    if state.phi_hidden:
        state.hidden = state.phi_hidden = False


@raises(NoPendingFlags, append_entry)
def _dismiss(state: ModerationTarget, request: ActionRequest) -> ModerationLogEntry:
    if state.pending_flags == 0:
        raise NoPendingFlags(f"No flag on this {state.target_kind} waits for a moderator.")
    entry = append_entry(request)
    settle_flags(state, entry.seq)
    _end_phi_hide(state)
    return entry


@raises(StateUnchanged, append_entry)
def _hide(state: ModerationTarget, request: ActionRequest) -> ModerationLogEntry:
    # Hiding what the PHI threshold hid confirms it: it becomes a moderator's hide.
    if state.hidden and not state.phi_hidden:
        raise StateUnchanged(f"A moderator has hidden this {state.target_kind} already.")
    entry = append_entry(request)
    settle_flags(state, entry.seq)
    state.hidden, state.phi_hidden = True, False
    return entry


@raises(StateUnchanged, append_entry)
def _restore(state: ModerationTarget, request: ActionRequest) -> ModerationLogEntry:
    if not state.hidden:
        raise StateUnchanged(f"This {state.target_kind} is not hidden.")
    entry = append_entry(request)
    settle_flags(state, entry.seq)
    state.hidden = state.phi_hidden = False
    decide_appeals(entry.seq, _entries_on(state, "hide"))
    return entry


@raises(StateUnchanged, append_entry)
def _lock(state: ModerationTarget, request: ActionRequest) -> ModerationLogEntry:
    if state.locked:
        raise StateUnchanged(f"This {state.target_kind} is locked already.")
    entry = append_entry(request)
    state.locked = True
    return entry


@raises(StateUnchanged, append_entry)
def _unlock(state: ModerationTarget, request: ActionRequest) -> ModerationLogEntry:
    if not state.locked:
        raise StateUnchanged(f"This {state.target_kind} is not locked.")
    entry = append_entry(request)
    state.locked = False
    decide_appeals(entry.seq, _entries_on(state, "lock"))
    return entry


@raises(StateUnchanged, append_entry)
def _slow_mode(state: ModerationTarget, request: ActionRequest) -> ModerationLogEntry:
    seconds = request.slow_mode_seconds or None  # 0 ends slow mode
    if seconds == state.slow_mode_seconds:
        current = f"{seconds} seconds" if seconds else "off"
        raise StateUnchanged(f"Slow mode on this case is {current} already.")
    entry = append_entry(request)
    state.slow_mode_seconds = seconds
    if seconds is None:
        decide_appeals(entry.seq, _entries_on(state, "slow-mode"))
    return entry


@raises(StateUnchanged, append_entry, purge.purge_target)
def _purge(state: ModerationTarget, request: ActionRequest) -> ModerationLogEntry:
    if state.redacted_seq is not None:
        raise StateUnchanged(
            f"The text of this {state.target_kind} was purged by entry {state.redacted_seq}."
        )
    entry = append_entry(request)
    purge.purge_target(state.target_kind, state.target_id, entry.seq)
    state.redacted_seq = entry.seq
    settle_flags(state, entry.seq)
    _end_phi_hide(state)
    return entry


CONTENT_ACTIONS: dict[str, ContentAction] = {
    "dismiss": _dismiss,
    "hide": _hide,
    "restore": _restore,
    "lock": _lock,
    "unlock": _unlock,
    "slow-mode": _slow_mode,
    "purge": _purge,
}


@raises(content_row, *CONTENT_ACTIONS.values())
def content_action(request: ActionRequest) -> ModerationLogEntry:
    row = content_row(request.target_kind, int(request.target_id))
    state = locked_state(request.target_kind, row)
    return CONTENT_ACTIONS[request.action](state, request)


@raises(AppealNotFound, AppealDecided, append_entry)
def reject_appeal(request: ActionRequest) -> ModerationLogEntry:
    """Refuse an appeal: the appealed action stands."""
    entry = append_entry(request)
    # Read under the append lock: another moderator may have decided it meanwhile.
    appeal = db.session.get(Appeal, request.target_id)
    if appeal is None:
        raise AppealNotFound("No appeal has this id.")
    if appeal.decided_seq is not None:
        raise AppealDecided(f"Mod-log entry {appeal.decided_seq} has decided this appeal.")
    appeal.decided_seq = entry.seq
    return entry


# What each target kind of an action is handled by; the schema has matched actions to kinds.
BY_TARGET_KIND: dict[str, Callable[[ActionRequest], ModerationLogEntry]] = {
    "case": content_action,
    "answer": content_action,
    "comment": content_action,
    "discussion": content_action,
    "pseudonym": sanctions.pseudonym_action,
    "appeal": reject_appeal,
}


@raises(*BY_TARGET_KIND.values())
def act(body: Mapping[str, Any], staff_account_id: int) -> dict[str, Any]:
    """Take one action in one transaction: {"entry": its mod-log entry as served}."""
    request = ActionRequest.of(body, moderator_handle(staff_account_id))
    try:
        entry = BY_TARGET_KIND[request.target_kind](request)
        served = log.served(entry)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return {"entry": served}
