"""What a moderator sees of a queue item: the target in full, its flags, its author's record.

Everything is pseudonymous. The author is a handle; a flag shows its
reason, note, weight and time but never who flagged (the queue must not
become a way to single out flaggers); the history carries the moderators'
notes, which the public log leaves out. Targets are shown as they stand:
hidden text in full, purged text as the purge left it.

A page's items are read together, a few queries per page whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, or_, select

from casecrowd.db import db
from casecrowd.forum.models import (
    AnswerRevision,
    Appeal,
    CaseRevision,
    Comment,
    DiscussionRevision,
    Flag,
    ModerationLogEntry,
    ModerationTarget,
    Pseudonym,
    Sanction,
)
from casecrowd.forum.service.moderation_state import states
from casecrowd.moderation import log
from casecrowd.protocol.moderation import FLAG_TARGETS

# A content target: its kind (case, answer, comment, discussion) and id.
Ref = tuple[str, int]
# What a mod-log entry names: its target kind and target id as the log writes them.
LogTarget = tuple[str, str]
# The kinds whose edits keep revisions: their revision model and its owner column.
REVISED = {
    "case": (CaseRevision, CaseRevision.case_id),
    "answer": (AnswerRevision, AnswerRevision.answer_id),
    "discussion": (DiscussionRevision, DiscussionRevision.discussion_id),
}


def staff_entry(entry: ModerationLogEntry) -> dict[str, Any]:
    """The entry as served, with the moderator's note that the public log leaves out."""
    return {**log.served(entry), "note": entry.note}


def _by_kind(refs: Iterable[Ref]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for kind, target_id in refs:
        grouped[kind].append(target_id)
    return grouped


def _content_ref(entry: ModerationLogEntry) -> Ref | None:
    if entry.target_kind in FLAG_TARGETS:
        return entry.target_kind, int(entry.target_id)
    return None


class PageData:
    """Everything the items of one page show, read in one go."""

    def __init__(self, rows: list[Appeal | ModerationTarget]) -> None:
        appeals = [row for row in rows if isinstance(row, Appeal)]
        self.appealed = self._entries(
            ModerationLogEntry.seq.in_([appeal.log_seq for appeal in appeals])
        )
        self.states = {
            (row.target_kind, row.target_id): row
            for row in rows
            if isinstance(row, ModerationTarget)
        }
        appealed_refs = {_content_ref(entry) for entry in self.appealed.values()} - {None}
        self.states.update(states(ref for ref in appealed_refs if ref not in self.states))
        refs = set(self.states)
        self.revisions = self._revisions(refs)
        self.flags = self._flags(refs)
        author_ids = {state.author_id for state in self.states.values()}
        author_ids |= {appeal.pseudonym_id for appeal in appeals}
        self.handles = self._handles(author_ids)
        self.sanctions = self._sanctions(author_ids)
        named: set[LogTarget] = {(kind, str(target_id)) for kind, target_id in refs}
        named |= {(entry.target_kind, entry.target_id) for entry in self.appealed.values()}
        named |= {("pseudonym", handle) for handle in self.handles.values()}
        self.history = self._history(named)

    @staticmethod
    def _entries(condition: Any) -> dict[int, ModerationLogEntry]:
        return {e.seq: e for e in db.session.scalars(select(ModerationLogEntry).where(condition))}

    @staticmethod
    def _revisions(refs: set[Ref]) -> dict[Ref, list[dict[str, Any]]]:
        found: dict[Ref, list[dict[str, Any]]] = defaultdict(list)
        ids = _by_kind(refs)
        for kind, (model, owner) in REVISED.items():
            if not ids.get(kind):
                continue
            statement = select(model).where(owner.in_(ids[kind])).order_by(owner, model.number)
            for revision in db.session.scalars(statement):
                found[(kind, getattr(revision, owner.key))].append(
                    {
                        "number": revision.number,
                        "created": revision.created,
                        "fields": revision.fields,
                    }
                )
        if ids.get("comment"):
            # A comment is never edited: its body is its one revision.
            statement = select(Comment).where(Comment.id.in_(ids["comment"]))
            for comment in db.session.scalars(statement):
                found[("comment", comment.id)].append(
                    {"number": 1, "created": comment.created, "fields": {"body": comment.body}}
                )
        return found

    @staticmethod
    def _flags(refs: set[Ref]) -> dict[Ref, list[dict[str, Any]]]:
        found: dict[Ref, list[dict[str, Any]]] = defaultdict(list)
        for kind, ids in _by_kind(refs).items():
            statement = (
                select(Flag)
                .where(Flag.target_kind == kind, Flag.target_id.in_(ids))
                .order_by(Flag.created, Flag.id)
            )
            for flag in db.session.scalars(statement):
                found[(kind, flag.target_id)].append(
                    {
                        "id": flag.id,
                        "reason": flag.reason,
                        "note": flag.note,
                        "weight": flag.weight,
                        "created": flag.created,
                        "resolved_by": flag.resolved_seq,
                        "answered_by_message": flag.resolved_message,
                    }
                )
        return found

    @staticmethod
    def _handles(pseudonym_ids: set[int]) -> dict[int, str]:
        statement = select(Pseudonym.id, Pseudonym.handle).where(Pseudonym.id.in_(pseudonym_ids))
        return {row.id: row.handle for row in db.session.execute(statement)}

    @staticmethod
    def _sanctions(pseudonym_ids: set[int]) -> dict[int, list[dict[str, Any]]]:
        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        statement = (
            select(Sanction)
            .where(Sanction.pseudonym_id.in_(pseudonym_ids))
            .order_by(Sanction.log_seq)
        )
        for sanction in db.session.scalars(statement):
            found[sanction.pseudonym_id].append(
                {
                    "kind": sanction.kind,
                    "starts": sanction.starts,
                    "ends": sanction.ends,
                    "log_entry": sanction.log_seq,
                    "lifted_by": sanction.lifted_seq,
                }
            )
        return found

    def _history(self, named: set[LogTarget]) -> dict[LogTarget, list[ModerationLogEntry]]:
        found: dict[LogTarget, list[ModerationLogEntry]] = defaultdict(list)
        if not named:
            return found
        names = or_(
            *(
                and_(ModerationLogEntry.target_kind == kind, ModerationLogEntry.target_id == name)
                for kind, name in sorted(named)
            )
        )
        for entry in self._entries(names).values():
            found[(entry.target_kind, entry.target_id)].append(entry)
        return found

    def item(self, row: Appeal | ModerationTarget) -> dict[str, Any]:
        if isinstance(row, ModerationTarget):
            named: LogTarget = (row.target_kind, str(row.target_id))
            ref: Ref | None = (row.target_kind, row.target_id)
            author_id, appeal = row.author_id, None
        else:
            entry = self.appealed[row.log_seq]
            named, ref = (entry.target_kind, entry.target_id), _content_ref(entry)
            author_id = row.pseudonym_id
            appeal = {
                "id": row.id,
                "log_entry": row.log_seq,
                "text": row.text,
                "created": row.created,
                "entry": staff_entry(entry),
            }
        state = self.states.get(ref) if ref else None
        handle = self.handles[author_id]
        concerning = {e.seq: e for e in self.history[named] + self.history[("pseudonym", handle)]}
        return {
            "kind": "target" if appeal is None else "appeal",
            "target": {
                "kind": named[0],
                "id": ref[1] if ref else named[1],
                "case_id": state.case_id if state else None,
            },
            "author": handle,
            "weight": state.pending_weight if state else 0,
            "pending_flags": state.pending_flags if state else 0,
            "pending_since": state.pending_since if state else None,
            "hidden": bool(state and state.hidden),
            "locked": bool(state and state.locked),
            "slow_mode_seconds": state.slow_mode_seconds if state else None,
            "redacted_by": state.redacted_seq if state else None,
            "revisions": self.revisions.get(ref, []) if ref else [],
            "flags": self.flags.get(ref, []) if ref else [],
            "author_sanctions": self.sanctions.get(author_id, []),
            "history": [staff_entry(concerning[seq]) for seq in sorted(concerning, reverse=True)],
            "appeal": appeal,
        }


def describe(rows: list[Appeal | ModerationTarget]) -> list[dict[str, Any]]:
    """The queue items of ``rows`` (open appeals and flagged targets), in their order."""
    if not rows:
        return []
    data = PageData(rows)
    return [data.item(row) for row in rows]
