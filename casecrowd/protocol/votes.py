"""The ``vote`` kind: +1, -1 or 0 on a case or an answer; the latest signed vote counts."""

from __future__ import annotations

from marshmallow import fields, validate

from casecrowd.protocol.fields import KindSchema, object_id

TARGET_KINDS = ("case", "answer")
VOTE_VALUES = (-1, 0, 1)


class VoteSchema(KindSchema):
    target = fields.String(required=True, validate=validate.OneOf(TARGET_KINDS))
    target_id = object_id(required=True)
    value = fields.Integer(strict=True, required=True, validate=validate.OneOf(VOTE_VALUES))
