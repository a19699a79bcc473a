"""Every write is a signed envelope, posted here."""

from __future__ import annotations

from casecrowd.forum.schemas.api import EnvelopeResultSchema, EnvelopeSubmitSchema
from casecrowd.forum.schemas.kinds import KIND_SCHEMAS
from casecrowd.forum.service import envelopes, sessions
from casecrowd.forum.views.common import ForumBlueprint
from casecrowd.problems import ProblemSchema

blp = ForumBlueprint(
    "forum_envelopes", __name__, url_prefix="/api/v1", description="Signed envelopes (writes)"
)

_KINDS = ", ".join(f"`{kind}` (schema Envelope_{kind.replace('.', '_')})" for kind in KIND_SCHEMAS)
DESCRIPTION = (
    "The envelope is RFC 8785 canonical JSON with `v` (1), `kind`, `origin` (this forum),"
    " `pseudonym` (the session's public key, base64url), `created` (RFC 3339 UTC, within the"
    " configured window), `id` (16-64 base64url characters, unique among your envelopes) and"
    " the kind's members. The same envelope sent again gets the same response; a different"
    f" envelope under a used id gets 409. Kinds: {_KINDS}."
)


@blp.post("/envelopes")
@blp.session_route
@blp.doc(description=DESCRIPTION)
@blp.arguments(EnvelopeSubmitSchema)
@blp.response(201, EnvelopeResultSchema, description="Created a case, answer or comment.")
@blp.alt_response(
    200, schema=EnvelopeResultSchema, description="Applied an edit, vote, acceptance or outcome."
)
@blp.alt_response(404, schema=ProblemSchema, description="The case or answer does not exist.")
@blp.alt_response(
    403,
    schema=ProblemSchema,
    description=(
        "Not the author, a self-vote, lapsed verification, or not enough reputation for the"
        " privilege (insufficient-reputation: `privilege`, `required_reputation` and"
        " `reputation` say which and how much)."
    ),
)
@blp.alt_response(
    409, schema=ProblemSchema, description="This envelope id was used for another envelope."
)
@blp.alt_response(
    422,
    schema=ProblemSchema,
    description=(
        "Bad signature, non-canonical JSON, wrong origin or pseudonym, `created` outside the"
        " window, unknown kind, invalid members, or PHI found."
    ),
)
def submit(body):
    """Apply a signed envelope for the session's pseudonym."""
    return envelopes.submit(sessions.current_pseudonym(), body["envelope"], body["signature"])
