"""Pseudonyms: register or renew with a Privacy Pass token (RFC 9577), look one up."""

from __future__ import annotations

from flask import request

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.api import PseudonymRegisterSchema, PseudonymSchema
from casecrowd.forum.service import pseudonyms
from casecrowd.forum.views.common import ForumBlueprint, pseudonym_body

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
@documents_errors(pseudonyms.register)
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
@documents_errors(pseudonyms.find)
def show(reference):
    """A pseudonym by handle or base64url public key."""
    return pseudonym_body(pseudonyms.find(reference))
