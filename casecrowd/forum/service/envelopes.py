"""Accepting signed envelopes: verify, validate, store once, apply.

Idempotency rests on the unique (pseudonym, envelope id) constraint, never
on a read before the write: the envelope row is inserted first, in the same
transaction as its effects and its recorded response. A retry of the same
bytes gets that response back; other bytes under the same id get 409.

Every verified envelope of a known kind counts against its pseudonym's rate
limit (:mod:`casecrowd.forum.service.limits`) before anything is stored,
accepted or refused later: the checks after it (fields, PHI screen, targets)
are the work the limit bounds. An envelope already stored is answered before
the count (a read that decides nothing the constraint would not), so a client
retrying a send it got no answer to spends nothing; two copies racing each
other may both count, while the constraint still stores one.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from casecrowd import jsontext
from casecrowd.clock import utcnow
from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.context import forum_config
from casecrowd.forum.models import Pseudonym, SignedEnvelope
from casecrowd.forum.service import (
    answers,
    appeals,
    cases,
    discussions,
    flags,
    limits,
    polls,
    votes,
    withdrawals,
)
from casecrowd.forum.service.base import HANDLERS, Submission
from casecrowd.problems import DomainError, Unprocessable, invalid_params, raises
from casecrowd.protocol.kinds import KIND_SCHEMAS

# The modules whose handlers register themselves (base.handles) for their kinds.
HANDLER_MODULES = (answers, cases, discussions, votes, flags, appeals, polls, withdrawals)
if set(HANDLERS) != set(KIND_SCHEMAS):
    raise RuntimeError(
        "Every envelope kind needs a schema and a handler;"
        f" kinds without a handler: {sorted(set(KIND_SCHEMAS) - set(HANDLERS))},"
        f" handlers without a kind: {sorted(set(HANDLERS) - set(KIND_SCHEMAS))}"
    )


class EnvelopeFieldsInvalid(Unprocessable):
    code, title = "validation", "The envelope's fields are invalid"


@raises(
    errors.EnvelopeMalformed,
    *errors.ENVELOPE_ERRORS.values(),
    errors.EnvelopeRejected,
    errors.EnvelopeUnknownKind,
    EnvelopeFieldsInvalid,
    errors.EnvelopeIdReused,
    limits.count_envelope,
    *(HANDLERS[kind] for kind in KIND_SCHEMAS),
)
def submit(pseudonym: Pseudonym, text: str, signature: str) -> tuple[dict[str, Any], int]:
    """Apply one envelope for the session's pseudonym: (response body, status)."""
    config = forum_config()
    try:
        message = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escaped in the JSON body
        raise errors.EnvelopeMalformed("The envelope is not valid Unicode text.") from None
    try:
        obj = envelope.verify_envelope(
            message,
            signature,
            pseudonym.public_key,
            origin=config.origin,
            now=utcnow(),
            window=config.envelope_window,
        )
    except envelope.OutsideWindow as exc:
        # A retry may come after the window; its first attempt's result still stands.
        stored = _stored(pseudonym.id, envelope.parse_canonical(message)["id"])
        if stored is not None and stored.envelope == text:
            return stored.response_body, stored.response_status
        raise errors.envelope_problem(exc) from None
    except envelope.EnvelopeError as exc:
        raise errors.envelope_problem(exc) from None
    schema = KIND_SCHEMAS.get(obj["kind"])
    if schema is None:
        raise errors.EnvelopeUnknownKind(f"Known kinds: {', '.join(sorted(KIND_SCHEMAS))}.")
    stored = _stored(pseudonym.id, obj["id"])
    if stored is not None:
        return _replay(stored, text)
    limits.count_envelope(pseudonym, obj["kind"], utcnow().date())
    members = envelope.members(obj)
    # The request guard sees the envelope only as one escaped string; its
    # members meet the databases' text columns, so NUL is refused here too.
    nul = [
        {"name": name, "reason": jsontext.NUL_REASON}
        for name in jsontext.nul_names(members, "envelope")
    ]
    if nul:
        raise EnvelopeFieldsInvalid(
            "Text must not contain NUL (U+0000) characters; see invalid-params.",
            extra={"invalid-params": nul},
        )
    try:
        fields = schema().load(members)
    except ValidationError as exc:
        raise EnvelopeFieldsInvalid(
            "The envelope has invalid members; see invalid-params.",
            extra={"invalid-params": list(invalid_params(exc.messages, "envelope"))},
        ) from None
    created = envelope.parse_created(obj["created"])
    row = SignedEnvelope(
        pseudonym_id=pseudonym.id,
        client_id=obj["id"],
        kind=obj["kind"],
        envelope=text,
        signature=signature,
        created=created,
        response_status=0,
        response_body={},
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return _replay(_stored(pseudonym.id, obj["id"]), text)
    try:
        body, status = HANDLERS[obj["kind"]](Submission(pseudonym, row, fields, created))
    except DomainError:
        db.session.rollback()
        raise
    row.response_status, row.response_body = status, body
    db.session.commit()
    return body, status


def _stored(pseudonym_id: int, client_id: str) -> SignedEnvelope | None:
    return db.session.scalars(
        select(SignedEnvelope).where(
            SignedEnvelope.pseudonym_id == pseudonym_id, SignedEnvelope.client_id == client_id
        )
    ).first()


def _replay(stored: SignedEnvelope | None, text: str) -> tuple[dict[str, Any], int]:
    if stored is None:  # pragma: no cover - the conflicting row was committed before we read
        raise errors.EnvelopeIdReused("The envelope id is taken; retry.")
    if stored.envelope != text:
        raise errors.EnvelopeIdReused(
            "You already sent a different envelope with this id; choose a new id."
        )
    return stored.response_body, stored.response_status
