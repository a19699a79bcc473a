"""Removing one post's text (a case, answer, comment or discussion) from the whole forum database.

Two causes take this one path: a moderator's PHI purge
(``casecrowd.moderation.purge``, a mod-log entry) and the author's own
withdrawal (``casecrowd.forum.service.withdrawals``, a ``withdraw``
envelope). :class:`Cause` names which; nothing else differs.

What goes, in the caller's transaction:

- the target's free text, in its row and in every revision's snapshot: a
  case's title, presentation, history, examination, investigations,
  question, outcome and final diagnosis; an answer's body and whole
  differential, with its differential entries and search text; a
  comment's body; a discussion's title and body. Each reads "" (the
  differential [], the final diagnosis null), so the post keeps its place,
  its id, its author, its age, sex and tags, its score;
- the PHI acknowledgements stored with it: they are SHA-256 of short spans,
  and a short span (a name, a town) is found again by hashing guesses;
- every envelope that carried the text (the creation, each edit, each
  outcome of a case, the comment, or the discussion and its edits) and every flag or appeal that may
  quote it (the flag's note, the appeal of an entry about this target):
  the envelope row keeps its id, author, client id, kind, signature and
  time, its text becomes "" and an :class:`EnvelopeRedaction` keeps the
  SHA-256 of the removed bytes and the cause;
- moderators' notes on log entries about this target (they are not signed);
- the old words in SQLite's full-text index (``forget_removed_text``).

Invariant: after the commit, no row of the forum database holds the
target's former text; an envelope whose text is "" always has its
redaction row, and a redaction is written once (the first removal's
cause). An envelope that carries no text of the target (a vote, the
``withdraw`` envelope itself) is never redacted.

Freed storage: SQLite overwrites what it frees only with ``secure_delete``,
which every connection turns on (``casecrowd.db``), so the cells and index
segments a removal drops are zeroed, and so are the bytes ordinary writes
freed before (a row rewritten on commit, an edited case). After the
commit a TRUNCATE checkpoint moves the rewritten pages out of the
write-ahead log and empties it (old page images linger there otherwise).
PostgreSQL keeps dead row versions, and GIN index keys, until VACUUM and
REINDEX.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from casecrowd.db import db
from casecrowd.forum.models import (
    Answer,
    AnswerRevision,
    Appeal,
    Case,
    CaseRevision,
    Comment,
    Discussion,
    DiscussionRevision,
    EnvelopeRedaction,
    Flag,
    ModerationLogEntry,
    SignedEnvelope,
)
from casecrowd.forum.service.diagnoses import forget_entries
from casecrowd.forum.service.moderation_state import Post, content_row, locked_state
from casecrowd.forum.service.search import forget_removed_text
from casecrowd.problems import raises
from casecrowd.protocol.cases import CASE_TEXT_FIELDS
from casecrowd.protocol.discussions import DISCUSSION_TEXT_FIELDS

_log = logging.getLogger("casecrowd.forum.redaction")

REMOVED = ""
# The answer fields a removal empties, and what each becomes.
ANSWER_REMOVED: dict[str, Any] = {"body": REMOVED, "differential": []}
# A stored response body keeps only its numbers, booleans and kind names.
RESPONSE_TEXT_MEMBERS_KEPT = ("kind", "target")


@dataclass(frozen=True)
class Cause:
    """Why text was removed: mod-log entry ``log_seq`` or withdrawal envelope
    ``withdrawal_envelope_id`` (a ``signed_envelopes`` id); exactly one is set.
    """

    log_seq: int | None = None
    withdrawal_envelope_id: int | None = None

    def __post_init__(self) -> None:
        if (self.log_seq is None) == (self.withdrawal_envelope_id is None):
            raise ValueError("a removal has one cause: a mod-log entry or a withdrawal")

    @classmethod
    def log_entry(cls, seq: int) -> Cause:
        return cls(log_seq=seq)

    @classmethod
    def withdrawal(cls, envelope_id: int) -> Cause:
        return cls(withdrawal_envelope_id=envelope_id)


@raises(content_row)
def remove_text(target_kind: str, target_id: int, cause: Cause) -> None:
    """Remove the text of the case, answer or comment everywhere, for ``cause``.

    Adds to the caller's transaction (flush, no commit). The target's state
    row, then its content row, are locked first (the order moderators'
    actions take them in), so an edit or a flag of the same target waits
    and then sees the removal, or commits before it and is removed with the
    rest. Removing again redacts only what was written since. Only a
    mod-log cause marks the state ``redacted_seq``: that member names the
    moderators' entry.
    """
    session = db.session()
    row = content_row(target_kind, target_id)
    state = locked_state(target_kind, row)
    if cause.log_seq is not None:
        state.redacted_seq = cause.log_seq
    envelope_ids = PURGES[target_kind](_locked(row))
    envelope_ids |= _purge_flags(target_kind, target_id)
    envelope_ids |= _purge_appeals_and_notes(target_kind, target_id)
    _redact_envelopes(envelope_ids, cause)
    session.flush()
    forget_removed_text(session)
    if _is_sqlite(session):
        _checkpoint_after_commit(session)


def _locked(row: Post) -> Post:
    """The row locked until commit and read afresh: an edit may have committed meanwhile."""
    model = type(row)
    statement = (
        select(model)
        .where(model.id == row.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return db.session.scalars(statement).one()


def _purge_case(case: Case) -> set[int]:
    for name in CASE_TEXT_FIELDS:
        setattr(case, name, REMOVED)
    if case.outcome is not None:
        case.outcome, case.outcome_phi_acknowledged = REMOVED, []
    case.final_diagnosis = None
    revisions = db.session.scalars(select(CaseRevision).where(CaseRevision.case_id == case.id))
    ids = _empty_revisions(revisions, dict.fromkeys(CASE_TEXT_FIELDS, REMOVED))
    return ids | _outcome_envelopes(case)


def _purge_answer(answer: Answer) -> set[int]:
    for name, value in ANSWER_REMOVED.items():
        setattr(answer, name, value)
    # The differential's copies: its search text and its entries.
    answer.diagnoses = REMOVED
    forget_entries(answer.id)
    revisions = db.session.scalars(
        select(AnswerRevision).where(AnswerRevision.answer_id == answer.id)
    )
    return _empty_revisions(revisions, ANSWER_REMOVED)


def _purge_comment(comment: Comment) -> set[int]:
    comment.body, comment.phi_acknowledged = REMOVED, []
    return {comment.envelope_id}


def _purge_discussion(discussion: Discussion) -> set[int]:
    removed = dict.fromkeys(DISCUSSION_TEXT_FIELDS, REMOVED)
    for name, value in removed.items():
        setattr(discussion, name, value)
    revisions = db.session.scalars(
        select(DiscussionRevision).where(DiscussionRevision.discussion_id == discussion.id)
    )
    return _empty_revisions(revisions, removed)


# The remover of each content kind: it empties the row and its revisions and
# returns the ids of the envelopes that carried the text. A new content kind
# adds its own here (and to CONTENT_MODELS).
PURGES: dict[str, Callable[[Any], set[int]]] = {
    "case": _purge_case,
    "answer": _purge_answer,
    "comment": _purge_comment,
    "discussion": _purge_discussion,
}


def _empty_revisions(
    revisions: Iterable[CaseRevision | AnswerRevision | DiscussionRevision],
    removed: dict[str, Any],
) -> set[int]:
    """Empty each snapshot's texts (keeping its other fields); the revisions' envelope ids."""
    ids = set()
    for revision in revisions:
        # A new dict: the JSON column is not mutation-tracked.
        revision.fields = {**revision.fields, **removed}
        revision.phi_acknowledged = []
        ids.add(revision.envelope_id)
    return ids


def _outcome_envelopes(case: Case) -> set[int]:
    """Every outcome the case's author signed for it; a later one replaces the row's link."""
    ids = {case.outcome_envelope_id} if case.outcome_envelope_id is not None else set()
    rows = db.session.execute(
        select(SignedEnvelope.id, SignedEnvelope.envelope).where(
            SignedEnvelope.pseudonym_id == case.pseudonym_id,
            SignedEnvelope.kind == "case.outcome",
            SignedEnvelope.envelope != REMOVED,
        )
    )
    for envelope_id, signed in rows:
        if json.loads(signed).get("case_id") == case.id:
            ids.add(envelope_id)
    return ids


def _purge_flags(target_kind: str, target_id: int) -> set[int]:
    """Empty the notes of the target's flags; the envelopes of those that had one."""
    flags = db.session.scalars(
        select(Flag).where(
            Flag.target_kind == target_kind, Flag.target_id == target_id, Flag.note != REMOVED
        )
    )
    ids = set()
    for flag in flags:
        flag.note = REMOVED
        ids.add(flag.envelope_id)
    return ids


def _purge_appeals_and_notes(target_kind: str, target_id: int) -> set[int]:
    """Empty moderators' notes on this target's log entries, and the appeals of those entries."""
    about_target = (
        ModerationLogEntry.target_kind == target_kind,
        ModerationLogEntry.target_id == str(target_id),
    )
    db.session.execute(
        update(ModerationLogEntry)
        .where(*about_target, ModerationLogEntry.note != REMOVED)
        .values(note=REMOVED)
        .execution_options(synchronize_session="fetch")
    )
    entries = select(ModerationLogEntry.seq).where(*about_target)
    appeals = db.session.scalars(
        select(Appeal).where(Appeal.log_seq.in_(entries), Appeal.text != REMOVED)
    )
    ids = set()
    for appeal in appeals:
        appeal.text = REMOVED
        ids.add(appeal.envelope_id)
    return ids


def _redact_envelopes(envelope_ids: set[int], cause: Cause) -> None:
    """Replace each envelope's text by a redaction; ones redacted before keep theirs."""
    if not envelope_ids:
        return
    done = set(
        db.session.scalars(
            select(EnvelopeRedaction.envelope_id).where(
                EnvelopeRedaction.envelope_id.in_(envelope_ids)
            )
        )
    )
    rows = db.session.scalars(
        select(SignedEnvelope)
        .where(SignedEnvelope.id.in_(envelope_ids - done))
        .order_by(SignedEnvelope.id)
    )
    for row in rows:
        digest = hashlib.sha256(row.envelope.encode("utf-8")).hexdigest()
        db.session.add(
            EnvelopeRedaction(
                envelope_id=row.id,
                log_seq=cause.log_seq,
                withdrawal_envelope_id=cause.withdrawal_envelope_id,
                envelope_sha256=digest,
            )
        )
        row.envelope = REMOVED
        row.response_body = _without_text(row.response_body)


def _without_text(value: Any) -> Any:
    """A stored response body with every string dropped but kind names (ids stay)."""
    if isinstance(value, dict):
        return {
            key: _without_text(item)
            for key, item in value.items()
            if not isinstance(item, str) or key in RESPONSE_TEXT_MEMBERS_KEPT
        }
    if isinstance(value, list):
        return [_without_text(item) for item in value if not isinstance(item, str)]
    return value


def _is_sqlite(session: Session) -> bool:
    return session.get_bind(mapper=Case.__mapper__).dialect.name == "sqlite"


def _checkpoint_after_commit(session: Session) -> None:
    engine = session.get_bind(mapper=Case.__mapper__)

    def checkpoint(_session: Session) -> None:
        # Runs once the removal is committed (the session's connection is back
        # in the pool). A reader still on an older snapshot makes it give up;
        # SQLite's own checkpoints then catch up, so this only logs.
        try:
            with engine.connect() as connection:
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()[0]
        except Exception:  # noqa: BLE001 - the removal is committed; the request must not fail
            busy = 1
        if busy:
            _log.warning("the write-ahead log could not be emptied after removing text")

    # On this session only (not the scoped registry, whose listeners every
    # session would get); it goes with the session when the request ends.
    event.listen(session, "after_commit", checkpoint, once=True)
