"""The ``appeal`` envelope kind, and the moderation a member sees concerning them.

A mod-log entry concerns a pseudonym when it names it (target kind
``pseudonym``, its handle) or names a post it wrote; a decision on an appeal
concerns the appellant too, but is final. A pseudonym appeals an entry
that concerns it once: the unique ``log_seq`` of ``appeals`` decides, never
a read before the write. An appeal needs no session, as the envelope's own
signature authenticates it, so a suspended or banned pseudonym, which opens
none, can still appeal.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, cast, exists, or_, select
from sqlalchemy.sql.elements import ColumnElement

from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.db.statements import insert_ignoring_conflict
from casecrowd.forum import errors
from casecrowd.forum.models import Appeal, ModerationLogEntry, Pseudonym, Sanction
from casecrowd.forum.service.base import Submission, handles, result, screen
from casecrowd.forum.service.moderation_state import CONTENT_MODELS
from casecrowd.forum.service.pseudonyms import by_public_key
from casecrowd.problems import raises

Entry = ModerationLogEntry


def _refusal(entry: Entry, pseudonym: Pseudonym) -> str | None:
    """Why the pseudonym may not appeal ``entry``; None when it may."""
    if entry.target_kind == "pseudonym" and entry.target_id == pseudonym.handle:
        return None
    if entry.target_kind == "appeal":
        return "This entry decides an appeal, and that decision is final."
    model = CONTENT_MODELS.get(entry.target_kind)
    if model is not None and entry.target_id.isdecimal():
        row = db.session.get(model, int(entry.target_id))
        if row is not None and row.pseudonym_id == pseudonym.id:
            return None
    return "This entry concerns neither this pseudonym nor a post it wrote."


@handles("appeal")
@raises(errors.LogEntryNotFound, errors.AppealNotYours, screen, errors.AppealDuplicate)
def apply_appeal(sub: Submission) -> tuple[dict[str, Any], int]:
    seq = sub.fields["log_entry"]
    entry = db.session.get(Entry, seq)
    if entry is None:
        raise errors.LogEntryNotFound("No mod-log entry has this number.")
    refusal = _refusal(entry, sub.pseudonym)
    if refusal is not None:
        raise errors.AppealNotYours(refusal)
    screen(sub)
    statement = insert_ignoring_conflict(
        Appeal,
        {
            "envelope_id": sub.row.id,
            "pseudonym_id": sub.pseudonym.id,
            "log_seq": seq,
            "text": sub.fields["text"],
            "created": sub.created,
        },
        ["log_seq"],
    )
    inserted = db.session.execute(statement).first()
    if inserted is None:
        raise errors.AppealDuplicate("This entry has been appealed already; each is appealed once.")
    return result(sub, appeal_id=inserted.id, log_entry=seq), 201


@raises(
    errors.EnvelopeMalformed,
    errors.EnvelopeNonCanonical,
    errors.EnvelopeRejected,
    errors.AppealOnly,
    errors.PseudonymNotFound,
)
def appellant(text: str) -> Pseudonym:
    """The pseudonym whose key an appeal envelope names.

    Only the envelope's shape is read here; submitting it checks the
    signature against that pseudonym's key, as for any envelope.
    """
    try:
        obj = envelope.parse_canonical(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate escaped in the JSON body
        raise errors.EnvelopeMalformed("The envelope is not valid Unicode text.") from None
    except envelope.EnvelopeError as exc:
        raise errors.envelope_problem(exc) from None
    if obj.get("kind") != "appeal":
        raise errors.AppealOnly(
            "Only an appeal is accepted without a session; send other kinds to"
            " POST /api/v1/envelopes."
        )
    named = obj.get("pseudonym")
    try:
        public_key = envelope.parse_public_key(named if isinstance(named, str) else "")
    except envelope.EnvelopeError:
        raise errors.EnvelopeMalformed("The envelope's pseudonym is not a public key.") from None
    pseudonym = by_public_key(public_key)
    if pseudonym is None:
        raise errors.PseudonymNotFound("No pseudonym has the key this envelope names.")
    return pseudonym


def _concerning(pseudonym: Pseudonym) -> ColumnElement[bool]:
    def targets(kind: str, ids: Any) -> ColumnElement[bool]:
        return and_(Entry.target_kind == kind, Entry.target_id.in_(ids))

    written = [
        targets(kind, select(cast(model.id, String)).where(model.pseudonym_id == pseudonym.id))
        for kind, model in CONTENT_MODELS.items()
    ]
    appealed = select(cast(Appeal.id, String)).where(Appeal.pseudonym_id == pseudonym.id)
    return or_(
        and_(Entry.target_kind == "pseudonym", Entry.target_id == pseudonym.handle),
        *written,
        targets("appeal", appealed),
    )


def my_moderation(pseudonym: Pseudonym) -> dict[str, Any]:
    """The pseudonym's sanctions and the mod-log entries concerning it, oldest first."""
    sanctions = db.session.scalars(
        select(Sanction).where(Sanction.pseudonym_id == pseudonym.id).order_by(Sanction.log_seq)
    )
    appealed = exists().where(Appeal.log_seq == Entry.seq).label("appealed")
    entries = db.session.execute(
        select(Entry, appealed).where(_concerning(pseudonym)).order_by(Entry.seq)
    )
    return {
        "sanctions": [
            {
                "kind": sanction.kind,
                "starts": sanction.starts,
                "ends": sanction.ends,
                "log_entry": sanction.log_seq,
                "lifted_by": sanction.lifted_seq,
            }
            for sanction in sanctions
        ],
        "entries": [
            {
                "seq": entry.seq,
                "day": entry.day,
                "action": entry.action,
                "reason": entry.reason,
                "target_kind": entry.target_kind,
                "target_id": entry.target_id,
                "moderator": entry.moderator,
                "appealed": was_appealed,
            }
            for entry, was_appealed in entries
        ],
    }
