"""A moderator's message as its addressee reads it, and the inbox that lists them."""

from __future__ import annotations

from marshmallow import Schema, fields

from casecrowd.protocol.moderation import FLAG_TARGETS


class MessageAboutSchema(Schema):
    kind = fields.String(metadata={"enum": list(FLAG_TARGETS)})
    id = fields.Integer()


class ModeratorMessageSchema(Schema):
    id = fields.Integer()
    to = fields.String(metadata={"description": "The addressee pseudonym's handle."})
    text = fields.String()
    about = fields.Nested(MessageAboutSchema, metadata={"description": "The post it concerns."})
    created = fields.String(
        metadata={"description": "The UTC hour it was written, RFC 3339 (no finer time)."}
    )
    signature = fields.String(
        metadata={
            "description": "Ed25519 by the moderation key (/.well-known/casecrowd-moderation-key)"
            " over the canonical document of casecrowd.protocol.moderator_message."
        }
    )


class InboxSchema(Schema):
    messages = fields.List(
        fields.Nested(ModeratorMessageSchema), metadata={"description": "Newest first."}
    )
