"""Schemas of GET /api/v1/registrations/sample (casecrowd.forum.service.registration_sample)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casecrowd.forum.schemas.api import IssuerKeySchema, RegistrationTokenSchema
from casecrowd.forum.service.registration_sample import DEFAULT_SAMPLE, MAX_SAMPLE


class RegistrationSampleQuerySchema(Schema):
    limit = fields.Integer(
        load_default=DEFAULT_SAMPLE,
        validate=validate.Range(1, MAX_SAMPLE),
        metadata={"description": f"How many pseudonyms, at most (1 to {MAX_SAMPLE})."},
    )


class SampledRegistrationSchema(Schema):
    public_key = fields.String(metadata={"description": "The pseudonym's Ed25519 key, base64url."})
    registration_tokens = fields.List(fields.Nested(RegistrationTokenSchema))
    issuer_keys = fields.List(fields.Nested(IssuerKeySchema))


class RegistrationSampleSchema(Schema):
    items = fields.List(fields.Nested(SampledRegistrationSchema))
