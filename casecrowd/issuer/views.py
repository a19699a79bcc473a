"""The issuer's HTTP face: the directory and token requests (RFC 9578 §4, §6)."""

from __future__ import annotations

from flask import Response, request

from casecrowd.clock import utcnow
from casecrowd.crypto import privacypass
from casecrowd.desk.membership import SECURITY_SCHEME, authenticate_membership
from casecrowd.desk.views import membership_secret
from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.issuer import directory, epochs, service
from casecrowd.issuer.keys import keyring
from casecrowd.issuer.schemas import (
    TOKEN_REQUEST_BODY,
    TOKEN_RESPONSE,
    TOKEN_RESPONSE_DESCRIPTION,
    DirectorySchema,
)
from casecrowd.issuer.settings import REQUEST_PATH, issuer_config
from casecrowd.web import accepts

blp = Blueprint(
    "issuer",
    __name__,
    description="Privacy Pass issuer (RFC 9578, token type 0x0002): members obtain blind-signed"
    " tokens, a few per epoch, that nobody can link back to them.",
)

STRING_HEADER = {"schema": {"type": "string"}}


@blp.get(privacypass.DIRECTORY_PATH)
@blp.response(
    200,
    DirectorySchema,
    content_type=directory.MEDIA_TYPE,
    headers={
        "ETag": {**STRING_HEADER, "description": "Changes whenever the document does."},
        "Cache-Control": {
            **STRING_HEADER,
            "description": "public, max-age=… (never past the next epoch boundary).",
        },
    },
)
@blp.alt_response(304, description="The document has the ETag of If-None-Match.")
def issuer_directory():
    """The issuer directory: request URI and token keys with their not-before.

    Every caller gets the same bytes (clients compare the keys they are shown,
    RFC 9576 §6.2). Conditional requests with `If-None-Match` are answered 304.
    """
    now = utcnow()
    published = keyring().directory(now)
    max_age = min(
        issuer_config().directory_max_age_seconds,
        epochs.seconds_until_next_epoch(now, issuer_config().epoch_seconds),
    )
    response = Response(published.body, mimetype=directory.MEDIA_TYPE)
    response.set_etag(published.etag)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response.make_conditional(request)


@blp.post(REQUEST_PATH)
@accepts(privacypass.REQUEST_MEDIA_TYPE)
@blp.doc(security=[{SECURITY_SCHEME: []}], requestBody=TOKEN_REQUEST_BODY)
@blp.response(
    200,
    TOKEN_RESPONSE,
    content_type=privacypass.RESPONSE_MEDIA_TYPE,
    description=TOKEN_RESPONSE_DESCRIPTION,
    headers={"Cache-Control": {**STRING_HEADER, "description": "no-store"}},
)
@documents_errors(authenticate_membership, service.issue_token)
def token_request():
    """Obtain one token: a blind signature of the request's blinded message.

    Authenticated with the membership secret as `Authorization: Membership
    <secret>`. Each approved membership gets `issuer.tokens_per_epoch` tokens
    per epoch. Sending the identical body again within the same epoch
    returns the same response and spends nothing, so a client may retry
    after a lost answer.
    """
    membership = authenticate_membership(membership_secret())
    body = service.issue_token(membership.id, request.get_data(cache=False))
    return Response(
        body, mimetype=privacypass.RESPONSE_MEDIA_TYPE, headers={"Cache-Control": "no-store"}
    )
