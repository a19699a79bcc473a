"""The body of a moderator's message to a post's author, and the answer to it."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casecrowd.forum.schemas.inbox import ModeratorMessageSchema
from casecrowd.protocol.fields import object_id
from casecrowd.protocol.moderation import FLAG_TARGETS, MODERATOR_MESSAGE_MAX


class MessageTargetSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(FLAG_TARGETS))
    id = object_id(required=True)


class ModeratorMessageRequestSchema(Schema):
    target = fields.Nested(
        MessageTargetSchema,
        required=True,
        metadata={"description": "The case, answer or comment whose wellbeing flags it answers."},
    )
    text = fields.String(
        required=True,
        validate=validate.Length(1, MODERATOR_MESSAGE_MAX),
        metadata={"description": "What the author reads; it names no flagger."},
    )


class ModeratorMessageResultSchema(Schema):
    message = fields.Nested(ModeratorMessageSchema)
