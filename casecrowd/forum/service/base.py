"""What every envelope handler shares: the submission it is given, the result it returns,
and the row helpers (look-up or 404, activity, revisions, the PHI screen).

A handler is registered for its kind with :func:`handles`;
:mod:`casecrowd.forum.service.envelopes` imports the modules holding them and
checks, at import, that every kind of :mod:`casecrowd.protocol.kinds` has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import case as sql_case
from sqlalchemy import select, update

from casecrowd.db import db, insert_or_ignore
from casecrowd.forum import errors
from casecrowd.forum.models import (
    Answer,
    AnswerRevision,
    Case,
    CaseRevision,
    Comment,
    Discussion,
    DiscussionRevision,
    Pseudonym,
    SignedEnvelope,
)
from casecrowd.forum.service import phi_guard
from casecrowd.problems import NotFound, raises
from casecrowd.protocol.kinds import screened_texts

Row = TypeVar("Row")


@dataclass(frozen=True)
class Submission:
    """A verified envelope whose row exists (uncommitted) and whose fields are valid."""

    pseudonym: Pseudonym
    row: SignedEnvelope
    fields: dict[str, Any]
    created: datetime


Handler = Callable[[Submission], tuple[dict[str, Any], int]]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register the handler of envelopes of ``kind``: (response body, status)."""

    def register(handler: Handler) -> Handler:
        if kind in HANDLERS:
            raise RuntimeError(f"{kind} already has a handler, {HANDLERS[kind].__qualname__}")
        HANDLERS[kind] = handler
        return handler

    return register


def result(submission: Submission, **members: Any) -> dict[str, Any]:
    """The stored (and replayed) response body of an envelope."""
    return {"kind": submission.row.kind, "proof_id": submission.row.id, **members}


# The problem each model's missing row is; the name in its detail.
NOT_FOUND: dict[type, tuple[type[NotFound], str]] = {
    Case: (errors.CaseNotFound, "case"),
    Answer: (errors.AnswerNotFound, "answer"),
    Comment: (errors.CommentNotFound, "comment"),
    Discussion: (errors.DiscussionNotFound, "discussion"),
    SignedEnvelope: (errors.ProofNotFound, "signed envelope"),
}


def get_or_404(model: type[Row], row_id: int, *, for_update: bool = False) -> Row:
    """The row of ``model`` with this id, or its :data:`NOT_FOUND` problem.

    Callers declare that problem themselves (``raises``), so each operation
    documents only the 404s it can answer. ``for_update`` locks the row until
    commit (PostgreSQL), so concurrent changes to it serialise.
    """
    if for_update:
        statement = select(model).where(model.id == row_id).with_for_update()
        row = db.session.scalars(statement).first()
    else:
        row = db.session.get(model, row_id)
    if row is None:
        error, name = NOT_FOUND[model]
        raise error(f"No {name} has this id.")
    return row


def touch(model: type, target_id: int, moment: datetime, **increments: int) -> None:
    """Move ``last_activity`` forward (never back) and bump counters, in one UPDATE."""
    values: dict[str, Any] = {
        name: getattr(model, name) + amount for name, amount in increments.items()
    }
    if hasattr(model, "last_activity"):
        column = model.last_activity
        values["last_activity"] = sql_case((column < moment, moment), else_=column)
    statement = update(model).where(model.id == target_id).values(**values)
    db.session.execute(statement.execution_options(synchronize_session=False))


def keep_latest_signed(
    model: type, match: dict[str, Any], members: dict[str, Any], sub: Submission
) -> tuple[bool, dict[str, Any] | None]:
    """Make the one row of ``model`` for ``match`` (its unique key) this envelope's ``members``,
    unless an envelope signed later already counts: the latest signed vote counts.

    The row keeps the ``created``, ``client_id`` and ``envelope_id`` of the
    envelope that counts. Returns whether this one counts, and the row's
    ``members`` before it (None when there was no row). The row stays locked
    until commit (PostgreSQL), so concurrent votes of one pseudonym serialise.
    """
    signed = {"created": sub.created, "client_id": sub.row.client_id, "envelope_id": sub.row.id}
    if insert_or_ignore(model, {**match, **members, **signed}, list(match)):
        return True, None
    row = db.session.scalars(select(model).filter_by(**match).with_for_update()).one()
    previous = {name: getattr(row, name) for name in members}
    # "Latest" is the signed time; the envelope id breaks ties, so the vote that
    # counts never depends on which of two envelopes arrived first.
    counted = (sub.created, sub.row.client_id) > (row.created, row.client_id)
    if counted:
        for name, value in {**members, **signed}.items():
            setattr(row, name, value)
    return counted, previous


@raises(phi_guard.screen)
def screen(sub: Submission) -> list[dict]:
    """Screen the members the protocol names for this kind; the findings acknowledged."""
    return phi_guard.screen(screened_texts(sub.row.kind, sub.fields), sub.fields["phi_ack"])


def add_revision(
    sub: Submission,
    model: type[CaseRevision] | type[AnswerRevision] | type[DiscussionRevision],
    number: int,
    snapshot: dict[str, Any],
    acknowledged: list[dict],
    **owner: int,
) -> None:
    """Keep revision ``number``: the whole post after this envelope, as it was signed."""
    db.session.add(
        model(
            **owner,
            number=number,
            envelope_id=sub.row.id,
            created=sub.created,
            fields=snapshot,
            phi_acknowledged=acknowledged,
        )
    )
