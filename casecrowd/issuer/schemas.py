"""How the issuer's bodies look in the OpenAPI document.

The directory is JSON (RFC 9578 §4); token requests and responses are the
binary structs of RFC 9578 §6, described here rather than validated by a
schema (casecrowd.crypto parses them).
"""

from __future__ import annotations

from marshmallow import Schema, fields

from casecrowd.crypto import privacypass


class TokenKeySchema(Schema):
    token_type = fields.Integer(
        data_key="token-type",
        metadata={"description": "2: Blind RSA (2048-bit), RFC 9578 §6.", "example": 2},
    )
    token_key = fields.String(
        data_key="token-key",
        metadata={
            "description": "base64url (padded) of the key's DER SubjectPublicKeyInfo with the"
            " RSASSA-PSS identifier (RFC 9578 §6.5). SHA-256 of the DER is the token key id."
        },
    )
    not_before = fields.Integer(
        data_key="not-before",
        metadata={
            "description": "Unix time from which the key signs: the start of its epoch. The"
            " key of the next epoch is listed ahead of time."
        },
    )


class DirectorySchema(Schema):
    issuer_request_uri = fields.String(
        data_key="issuer-request-uri",
        metadata={"description": "Where token requests are POSTed."},
    )
    token_keys = fields.List(
        fields.Nested(TokenKeySchema),
        data_key="token-keys",
        metadata={"description": "The current epoch's key, then the next one once prepared."},
    )


TOKEN_REQUEST_BODY = {
    "required": True,
    "description": (
        f"A TokenRequest of RFC 9578 §6.1: {privacypass.TokenRequest.SIZE} bytes, token type"
        " 0x0002, the truncated token key id of the current key (the last byte of its token"
        " key id), and the blinded message."
    ),
    "content": {privacypass.REQUEST_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
}

TOKEN_RESPONSE = {"type": "string", "format": "binary"}
TOKEN_RESPONSE_DESCRIPTION = (
    f"A TokenResponse of RFC 9578 §6.2: the {privacypass.TokenResponse.SIZE}-byte blind"
    " signature, which the client finalizes into a token."
)
