"""Every write is a signed envelope, posted here."""

from __future__ import annotations

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.api import EnvelopeResultSchema, EnvelopeSubmitSchema
from casecrowd.forum.service import envelopes
from casecrowd.forum.views.common import ForumBlueprint, current_pseudonym
from casecrowd.protocol.kinds import KIND_SCHEMAS

blp = ForumBlueprint(
    "forum_envelopes", __name__, url_prefix="/api/v1", description="Signed envelopes (writes)"
)

_KINDS = ", ".join(f"`{kind}` (schema Envelope_{kind.replace('.', '_')})" for kind in KIND_SCHEMAS)
DESCRIPTION = (
    "The envelope is RFC 8785 canonical JSON with `v` (1), `kind`, `origin` (this forum),"
    " `pseudonym` (the session's public key, base64url), `created` (RFC 3339 UTC, within the"
    " configured window), `id` (16-64 base64url characters, unique among your envelopes) and"
    " the kind's members. The same envelope sent again gets the same response; a different"
    " envelope under a used id gets 409. Each new envelope counts against its pseudonym's"
    " rate limit for its kind (posts, edits, votes, flags, appeals; stricter posts for a"
    " pseudonym in its first days): past it, 429 with Retry-After and nothing stored. A"
    f" replay counts nothing. Kinds: {_KINDS}."
)


@blp.post("/envelopes")
@blp.session_route
@blp.doc(description=DESCRIPTION)
@blp.arguments(EnvelopeSubmitSchema)
@blp.response(201, EnvelopeResultSchema, description="Created a case, answer or comment.")
@blp.alt_response(
    200, schema=EnvelopeResultSchema, description="Applied an edit, vote, acceptance or outcome."
)
@documents_errors(envelopes.submit)
def submit(body):
    """Apply a signed envelope for the session's pseudonym."""
    return envelopes.submit(current_pseudonym(), body["envelope"], body["signature"])
