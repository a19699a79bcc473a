"""Proofs of signed envelopes and the signed votes behind every score."""

from __future__ import annotations

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.api import (
    ProofIdsQuerySchema,
    ProofListSchema,
    ProofSchema,
    VotesSchema,
)
from casecrowd.forum.service import proofs
from casecrowd.forum.views.common import ForumBlueprint, current_pseudonym

blp = ForumBlueprint(
    "forum_proofs", __name__, url_prefix="/api/v1", description="Proofs and recountable votes"
)


@blp.get("/proofs/<int:proof_id>")
@blp.session_route
@blp.response(200, ProofSchema)
@documents_errors(proofs.proof)
def show_proof(proof_id):
    """The envelope, its signature, the author's key and the token(s) that registered it.

    `casecrowd.crypto.proof.verify_proof` checks it offline against the
    issuer keys you trust. After a PHI purge, `envelope` is null and
    `redaction` names the mod-log entry and the SHA-256 of the removed
    bytes; the registration of the author's key still verifies. The proof of a
    flag, an appeal or a post hidden pending review is its author's alone.
    """
    return proofs.proof(proof_id, current_pseudonym().id)


@blp.get("/proofs")
@blp.session_route
@blp.arguments(ProofIdsQuerySchema, location="query")
@blp.response(200, ProofListSchema)
def list_proofs(query):
    """Several proofs at once (`?id=1&id=2`, at most 100), as `GET /proofs/{id}` gives each."""
    return proofs.proofs_by_id(query["ids"], current_pseudonym().id)


@blp.get("/cases/<int:case_id>/votes")
@blp.session_route
@blp.response(200, VotesSchema)
@documents_errors(proofs.votes_of)
def case_votes(case_id):
    """The vote that counts for each pseudonym, signed; their sum is the score."""
    return proofs.votes_of("case", case_id, current_pseudonym().id)


@blp.get("/answers/<int:answer_id>/votes")
@blp.session_route
@blp.response(200, VotesSchema)
@documents_errors(proofs.votes_of)
def answer_votes(answer_id):
    """The vote that counts for each pseudonym, signed; their sum is the score."""
    return proofs.votes_of("answer", answer_id, current_pseudonym().id)
