"""Pseudonyms: register or renew with a Privacy Pass token (RFC 9577), look one up."""

from __future__ import annotations

import re

from flask import Response, request

from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.api import (
    PseudonymRegisterSchema,
    PseudonymSchema,
    TokenChallengeDocumentSchema,
)
from casecrowd.forum.service import limits, pseudonyms, token_challenge
from casecrowd.forum.views.common import ForumBlueprint, pseudonym_body

blp = ForumBlueprint(
    "forum_pseudonyms",
    __name__,
    url_prefix="/api/v1",
    description="Pseudonyms registered by redeeming Privacy Pass tokens",
)

STRING_HEADER = {"schema": {"type": "string"}}
_PRIVATE_TOKEN_SCHEME = re.compile(r"^\s*privatetoken(\s|$)", re.IGNORECASE)


def private_token_authorization() -> str | None:
    """The request's ``Authorization`` value if its scheme is PrivateToken (RFC 9577), else None."""
    authorization = request.headers.get("Authorization")
    if authorization and _PRIVATE_TOKEN_SCHEME.match(authorization):
        return authorization
    return None


@blp.get("/token-challenge")
@blp.response(
    200,
    TokenChallengeDocumentSchema,
    headers={
        "ETag": {**STRING_HEADER, "description": "Changes whenever the document does."},
        "Cache-Control": {
            **STRING_HEADER,
            "description": "public, max-age=… (never past the end of the current key's epoch).",
        },
    },
)
@blp.alt_response(304, description="The document has the ETag of If-None-Match.")
@documents_errors(token_challenge.document)
def show_token_challenge():
    """What a token must answer to register a pseudonym: build the challenge locally.

    The RFC 9577 TokenChallenge for a new key is `token_type`, `issuer_name`,
    `redemption_context` = SHA-256("casecrowd/pseudonym/v1" || public_key)
    and `origin_info`, exactly what `POST /pseudonyms` without a token would
    offer; tokens are requested under one of `token_keys`. Every caller gets
    the same bytes; fetch it ahead of time and cache it, so that nothing
    reaches the forum while tokens are being obtained. `If-None-Match` gets 304.
    """
    published = token_challenge.document()
    response = Response(published.body, mimetype=token_challenge.MEDIA_TYPE)
    response.set_etag(published.etag)
    response.headers["Cache-Control"] = f"public, max-age={published.max_age}"
    return response.make_conditional(request)


@blp.post("/pseudonyms")
@blp.arguments(PseudonymRegisterSchema)
@blp.response(201, PseudonymSchema, description="A new pseudonym.")
@blp.alt_response(
    200, schema=PseudonymSchema, description="Renewed: the key was already registered."
)
@documents_errors(limits.count_registration, pseudonyms.register)
def register(body):
    """Register an Ed25519 pseudonym, or renew it, with `Authorization: PrivateToken token=…`.

    The token must answer the challenge the forum computes from the submitted
    key: issuer name, redemption context SHA-256("casecrowd/pseudonym/v1" ||
    public_key), and the forum's origin. Each token is accepted once.
    Requests are counted per submitted key and for everyone together
    (`forum.limits.registrations`, `forum.limits.registrations_all`), the
    first one that only asks for the challenge included: 429 with
    Retry-After past either.
    """
    limits.count_registration(body["public_key"])
    registration = pseudonyms.register(
        body["public_key"], body["proof"], private_token_authorization()
    )
    return pseudonym_body(registration.pseudonym), 201 if registration.created else 200


@blp.get("/pseudonyms/<string:reference>")
@blp.session_route
@blp.response(200, PseudonymSchema)
@documents_errors(pseudonyms.find)
def show(reference):
    """A pseudonym by handle or base64url public key."""
    return pseudonym_body(pseudonyms.find(reference))
