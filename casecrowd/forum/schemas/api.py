"""Request and response bodies of the forum API."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from casecrowd.crypto import base64url
from casecrowd.crypto.errors import MalformedInput
from casecrowd.crypto.proof import MAX_PROOFS_PER_REQUEST
from casecrowd.forum.schemas.cases import REPUTATION_DESCRIPTION
from casecrowd.forum.schemas.crowd import PseudonymAccuracySchema
from casecrowd.forum.schemas.moderation import (
    RedactionSchema,
)
from casecrowd.protocol import MAX_ID


def _public_key(value: str) -> None:
    try:
        key = base64url.decode(value, "public_key")
    except MalformedInput as exc:
        raise ValidationError(str(exc)) from None
    if len(key) != 32:
        raise ValidationError("An Ed25519 public key is 32 bytes.")


BASE64URL = r"^[A-Za-z0-9_-]+={0,2}$"
SIGNATURE_FIELD = {
    "validate": [validate.Length(1, 100), validate.Regexp(BASE64URL)],
    "required": True,
}

# -- requests ---------------------------------------------------------------------


class PseudonymRegisterSchema(Schema):
    public_key = fields.String(
        required=True,
        validate=_public_key,
        metadata={"description": "Ed25519 public key, base64url (unpadded)."},
    )
    proof = fields.String(
        metadata={
            "description": (
                "Proof of possession: the key's Ed25519 signature (base64url) of the RFC 8785"
                ' canonical JSON {"kind": "pseudonym.register", "origin": <forum origin>,'
                ' "public_key": <public_key>}.'
            )
        },
        **SIGNATURE_FIELD,
    )


class ChallengeRequestSchema(Schema):
    pseudonym = fields.String(
        required=True,
        validate=validate.Length(1, 100),
        metadata={"description": "The pseudonym's handle or base64url public key."},
    )


class SessionOpenSchema(Schema):
    challenge = fields.String(
        required=True, validate=[validate.Length(1, 512), validate.Regexp(r"^[A-Za-z0-9_.-]+$")]
    )
    signature = fields.String(
        metadata={
            "description": (
                "Ed25519 signature (base64url) of the RFC 8785 canonical JSON"
                ' {"challenge": <challenge>, "kind": "session.open", "origin": <forum origin>}.'
            )
        },
        **SIGNATURE_FIELD,
    )


class EnvelopeSubmitSchema(Schema):
    envelope = fields.String(
        required=True,
        validate=validate.Length(1),
        metadata={"description": "The RFC 8785 canonical JSON of the envelope, as a string."},
    )
    signature = fields.String(
        metadata={"description": "Ed25519 signature of the envelope's UTF-8 bytes, base64url."},
        **SIGNATURE_FIELD,
    )


# -- responses --------------------------------------------------------------------


class PseudonymSchema(Schema):
    handle = fields.String()
    public_key = fields.String(metadata={"description": "Ed25519 public key, base64url."})
    registered_on = fields.Date(metadata={"description": "Day of registration (UTC)."})
    verified_until = fields.DateTime()
    reputation = fields.Integer(metadata={"description": REPUTATION_DESCRIPTION})
    accuracy = fields.Nested(PseudonymAccuracySchema)


class ChallengeSchema(Schema):
    challenge = fields.String()
    expires = fields.DateTime()


class SessionSchema(Schema):
    token = fields.String(metadata={"description": "Send as Authorization: Bearer <token>."})
    expires = fields.DateTime()
    pseudonym = fields.Nested(PseudonymSchema)


class EnvelopeResultSchema(Schema):
    kind = fields.String()
    proof_id = fields.Integer(metadata={"description": "GET /api/v1/proofs/{proof_id}."})
    case_id = fields.Integer()
    answer_id = fields.Integer()
    comment_id = fields.Integer()
    discussion_id = fields.Integer(
        metadata={"description": "discussion.create, discussion.edit, and a comment on one."}
    )
    revision = fields.Integer()
    target = fields.String(
        metadata={"description": "vote, flag, withdraw: case, answer, comment or discussion."}
    )
    target_id = fields.Integer()
    value = fields.Integer()
    counted = fields.Boolean(
        metadata={"description": "False when a newer vote of yours already counts."}
    )
    flag_id = fields.Integer()
    hidden = fields.Boolean(
        metadata={"description": "flag: whether the target is now hidden pending review."}
    )
    appeal_id = fields.Integer()
    log_entry = fields.Integer(metadata={"description": "appeal: the mod-log entry appealed."})
    poll_id = fields.Integer(metadata={"description": "poll.create, poll.vote: the poll."})
    choices = fields.List(
        fields.Integer(), metadata={"description": "poll.vote: the options chosen ([]: none)."}
    )


class RegistrationTokenSchema(Schema):
    token = fields.String(metadata={"description": "The redeemed token (RFC 9577), base64url."})
    token_key_id = fields.String()


class IssuerKeySchema(Schema):
    token_key_id = fields.String()
    token_key = fields.String(metadata={"description": "SPKI (RFC 9578 §6.5), base64url."})
    not_before = fields.Integer(allow_none=True)
    revoked = fields.Boolean(
        metadata={"description": "Present (true) when the forum's operator revoked the key."}
    )


class TokenChallengeKeySchema(Schema):
    token_key = fields.String(
        metadata={"description": "The token key's SPKI (RFC 9578 §6.5), unpadded base64url."}
    )
    token_key_id = fields.String(metadata={"description": "SHA-256 of the SPKI, hex."})
    not_before = fields.Integer(
        allow_none=True,
        metadata={"description": "Unix time the key comes into force, if the issuer gave one."},
    )


class TokenChallengeDocumentSchema(Schema):
    token_type = fields.Integer(metadata={"description": "2: blind RSA (RFC 9578)."})
    issuer_name = fields.String()
    origin_info = fields.List(
        fields.String(), metadata={"description": "The forum origin's host[:port]."}
    )
    redemption_context = fields.String(
        metadata={
            "description": (
                '"sha256-of-pseudonym-public-key": SHA-256("casecrowd/pseudonym/v1" ||'
                " the pseudonym's 32-byte Ed25519 public key)."
            )
        }
    )
    token_keys = fields.List(
        fields.Nested(TokenChallengeKeySchema),
        metadata={"description": "The key in force, then the next epoch's once published."},
    )


class ProofSchema(Schema):
    proof_id = fields.Integer()
    kind = fields.String()
    envelope = fields.String(
        allow_none=True,
        metadata={"description": "The signed canonical JSON, verbatim; null once redacted."},
    )
    signature = fields.String()
    redaction = fields.Nested(
        RedactionSchema,
        allow_none=True,
        metadata={"description": "Set when moderation removed the text (a PHI purge)."},
    )
    public_key = fields.String()
    handle = fields.String()
    origin = fields.String()
    issuer_name = fields.String()
    registration_tokens = fields.List(fields.Nested(RegistrationTokenSchema))
    issuer_keys = fields.List(
        fields.Nested(IssuerKeySchema),
        metadata={"description": "For convenience; verify against keys you trust."},
    )


class ProofIdsQuerySchema(Schema):
    ids = fields.List(
        fields.Integer(validate=validate.Range(1, MAX_ID)),
        data_key="id",
        required=True,
        validate=validate.Length(1, MAX_PROOFS_PER_REQUEST),
        metadata={"description": "A proof id; repeat the parameter for each one."},
    )


class ProofListSchema(Schema):
    items = fields.List(
        fields.Nested(ProofSchema),
        metadata={
            "description": (
                "The proofs found, in the order asked, each once; an id that names no"
                " envelope is left out."
            )
        },
    )


class VoteProofSchema(Schema):
    value = fields.Integer()
    proof = fields.Nested(ProofSchema)


class VotesSchema(Schema):
    target = fields.String()
    target_id = fields.Integer()
    score = fields.Integer()
    votes = fields.List(fields.Nested(VoteProofSchema))
