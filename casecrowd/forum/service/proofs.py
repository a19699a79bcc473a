"""Proofs: everything needed to check, offline, that a verified physician signed something.

A proof is the envelope and signature as stored, the author's public key,
the token(s) that registered that key, and the issuer keys they name. It
holds nothing about when the tokens were issued or redeemed.

Once a PHI purge removed an envelope's text (``casecrowd.moderation.purge``),
its proof has ``envelope`` null and a ``redaction`` naming the mod-log entry
and the SHA-256 of the bytes that were signed; everything else is as before,
so the registration of the author's key still verifies. Once its author
withdrew the post, ``redaction`` has ``log_entry`` null and ``withdrawal``
the proof id of the ``withdraw`` envelope instead. ``redaction`` is null on
every other proof.

Some proofs are the author's alone (:func:`withheld`): a flag or an appeal
(who reported whom stays between them and the moderators), and the
envelopes of a post that is hidden pending review, and those of the
answers of a blind case (and of the comments on them) while the reader may
not see them (:mod:`casecrowd.forum.service.blind`). To anyone else they do
not exist, as an unknown id does not.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select, true, union

from casecrowd.crypto.proof import WITHDRAWN_DETAIL
from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.context import forum_config
from casecrowd.forum.key_revocation import revoked_ids
from casecrowd.forum.models import (
    Answer,
    AnswerRevision,
    CaseRevision,
    Comment,
    DiscussionRevision,
    EnvelopeRedaction,
    ModerationTarget,
    Pseudonym,
    SignedEnvelope,
    Vote,
)
from casecrowd.forum.service import blind, poll_visibility
from casecrowd.forum.service.base import get_or_404
from casecrowd.forum.service.registrations import b64, registration_document, tokens_of
from casecrowd.forum.service.votes import target_of
from casecrowd.problems import raises


def redaction_document(redaction: EnvelopeRedaction) -> dict[str, Any]:
    """What removed the text: the purge's log entry, or the author's ``withdraw`` envelope
    (its proof id, a proof anyone can fetch: the withdrawal carries no text).
    """
    if redaction.withdrawal_envelope_id is not None:
        return {
            "log_entry": None,
            "withdrawal": redaction.withdrawal_envelope_id,
            "envelope_sha256": redaction.envelope_sha256,
            "detail": WITHDRAWN_DETAIL,
        }
    return {
        "log_entry": redaction.log_seq,
        "envelope_sha256": redaction.envelope_sha256,
        "detail": f"text removed by moderation, log entry {redaction.log_seq}",
    }


def _redactions(rows: list[SignedEnvelope]) -> dict[int, EnvelopeRedaction]:
    statement = select(EnvelopeRedaction).where(
        EnvelopeRedaction.envelope_id.in_({row.id for row in rows})
    )
    return {redaction.envelope_id: redaction for redaction in db.session.scalars(statement)}


def proofs_of(rows: list[SignedEnvelope]) -> list[dict[str, Any]]:
    redactions = _redactions(rows)
    pseudonyms = {
        p.id: p
        for p in db.session.scalars(
            select(Pseudonym).where(Pseudonym.id.in_({row.pseudonym_id for row in rows}))
        )
    }
    registrations = tokens_of(pseudonyms)
    config = forum_config()
    revoked = revoked_ids()
    proofs = []
    for row in rows:
        author = pseudonyms[row.pseudonym_id]
        redaction = redactions.get(row.id)
        proofs.append(
            {
                "proof_id": row.id,
                "kind": row.kind,
                "envelope": None if redaction else row.envelope,
                "signature": row.signature,
                "redaction": redaction_document(redaction) if redaction else None,
                "public_key": b64(author.public_key),
                "handle": author.handle,
                "origin": config.origin,
                "issuer_name": config.issuer_name,
                **registration_document(registrations[author.id], revoked),
            }
        )
    return proofs


def counting_proofs(envelope_ids: list[int]) -> list[dict[str, Any]]:
    """The proofs of the envelopes that count (one per voter), in the order given."""
    if not envelope_ids:
        return []
    statement = select(SignedEnvelope).where(SignedEnvelope.id.in_(set(envelope_ids)))
    rows = {row.id: row for row in db.session.scalars(statement)}
    return proofs_of([rows[envelope_id] for envelope_id in envelope_ids])


# Envelope kinds whose proofs only their author may read.
AUTHOR_ONLY_KINDS = ("flag", "appeal")


def _hidden(owner_column: Any, kind: str) -> Any:
    return and_(
        ModerationTarget.target_kind == kind,
        ModerationTarget.target_id == owner_column,
        ModerationTarget.hidden == true(),
    )


def withheld(rows: list[SignedEnvelope], viewer_id: int) -> set[int]:
    """The ids among ``rows`` that ``viewer_id`` may not read (see the module docstring)."""
    others = [row for row in rows if row.pseudonym_id != viewer_id]
    private = {row.id for row in others if row.kind in AUTHOR_ONLY_KINDS}
    private |= poll_visibility.withheld(others, viewer_id)
    ids = [row.id for row in others if row.id not in private]
    if not ids:
        return private
    posts = union(
        select(CaseRevision.envelope_id)
        .join(ModerationTarget, _hidden(CaseRevision.case_id, "case"))
        .where(CaseRevision.envelope_id.in_(ids)),
        select(AnswerRevision.envelope_id)
        .join(ModerationTarget, _hidden(AnswerRevision.answer_id, "answer"))
        .where(AnswerRevision.envelope_id.in_(ids)),
        select(Comment.envelope_id)
        .join(ModerationTarget, _hidden(Comment.id, "comment"))
        .where(Comment.envelope_id.in_(ids)),
        select(DiscussionRevision.envelope_id)
        .join(ModerationTarget, _hidden(DiscussionRevision.discussion_id, "discussion"))
        .where(DiscussionRevision.envelope_id.in_(ids)),
        select(AnswerRevision.envelope_id)
        .join(Answer, Answer.id == AnswerRevision.answer_id)
        .where(
            AnswerRevision.envelope_id.in_(ids), blind.hidden_clause("answers.case_id", viewer_id)
        ),
        select(Comment.envelope_id).where(
            Comment.envelope_id.in_(ids),
            Comment.answer_id.is_not(None),
            blind.hidden_clause("comments.case_id", viewer_id),
        ),
    )
    return private | set(db.session.scalars(select(posts.subquery().c[0])))


@raises(errors.ProofNotFound)
def proof(proof_id: int, viewer_id: int) -> dict[str, Any]:
    row = get_or_404(SignedEnvelope, proof_id)
    if withheld([row], viewer_id):
        raise errors.ProofNotFound("No signed envelope has this id.")
    return proofs_of([row])[0]


def proofs_by_id(ids: list[int], viewer_id: int) -> dict[str, Any]:
    """The proofs of ``ids`` in the order asked, each once; unknown and withheld ids are left out.

    One request for a whole page: a reader checks every post it shows.
    """
    wanted = list(dict.fromkeys(ids))
    rows = {
        row.id: row
        for row in db.session.scalars(select(SignedEnvelope).where(SignedEnvelope.id.in_(wanted)))
    }
    hidden = withheld(list(rows.values()), viewer_id)
    found = [rows[proof_id] for proof_id in wanted if proof_id in rows and proof_id not in hidden]
    return {"items": proofs_of(found) if found else []}


@raises(target_of, blind.require_unblind)
def votes_of(kind: str, target_id: int, viewer_id: int) -> dict[str, Any]:
    """The vote that counts for each pseudonym, with its proof: a recount needs nothing else.

    An answer's votes wait, like the answer, while its blind case hides it from ``viewer_id``.
    """
    target = target_of(kind, target_id)
    if kind == "answer":
        blind.require_unblind(viewer_id, target)
    votes = list(
        db.session.scalars(
            select(Vote)
            .where(Vote.target_kind == kind, Vote.target_id == target_id)
            .order_by(Vote.id)
        )
    )
    proofs = counting_proofs([vote.envelope_id for vote in votes])
    return {
        "target": kind,
        "target_id": target_id,
        "score": target.score,
        "votes": [
            {"value": vote.value, "proof": item} for vote, item in zip(votes, proofs, strict=True)
        ],
    }
