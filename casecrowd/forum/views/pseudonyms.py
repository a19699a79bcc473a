"""Pseudonyms: register or renew with a Privacy Pass token (RFC 9577), look one up."""

from __future__ import annotations

from flask import request

from casecrowd.forum.schemas.api import PseudonymRegisterSchema, PseudonymSchema
from casecrowd.forum.service import pseudonyms
from casecrowd.forum.views.common import ForumBlueprint, pseudonym_body
from casecrowd.problems import ProblemSchema

blp = ForumBlueprint(
    "forum_pseudonyms",
    __name__,
    url_prefix="/api/v1",
    description="Pseudonyms registered by redeeming Privacy Pass tokens",
)


@blp.post("/pseudonyms")
@blp.arguments(PseudonymRegisterSchema)
@blp.response(201, PseudonymSchema, description="A new pseudonym.")
@blp.alt_response(
    200, schema=PseudonymSchema, description="Renewed: the key was already registered."
)
@blp.alt_response(
    401,
    schema=ProblemSchema,
    description=(
        "No PrivateToken credentials. WWW-Authenticate carries a PrivateToken challenge for this"
        " key and the issuer's current token key (RFC 9577 §2.1)."
    ),
)
@blp.alt_response(409, schema=ProblemSchema, description="The token was already redeemed.")
@blp.alt_response(
    422,
    schema=ProblemSchema,
    description=(
        "The token is malformed, for another challenge (key, issuer or origin), under an unknown"
        " or retired issuer key, or does not verify; or the proof of possession is invalid."
    ),
)
@blp.alt_response(503, schema=ProblemSchema, description="The issuer's keys cannot be read.")
def register(body):
    """Register an Ed25519 pseudonym, or renew it, with `Authorization: PrivateToken token=…`.

    The token must answer the challenge the forum computes from the submitted
    key: issuer name, redemption context SHA-256("casecrowd/pseudonym/v1" ||
    public_key), and the forum's origin. Each token is accepted once.
    """
    registration = pseudonyms.register(
        body["public_key"], body["proof"], request.headers.get("Authorization")
    )
    return pseudonym_body(registration.pseudonym), 201 if registration.created else 200


@blp.get("/pseudonyms/<string:reference>")
@blp.session_route
@blp.response(200, PseudonymSchema)
@blp.alt_response(404, schema=ProblemSchema, description="No such pseudonym.")
def show(reference):
    """A pseudonym by handle or base64url public key."""
    return pseudonym_body(pseudonyms.find(reference))
