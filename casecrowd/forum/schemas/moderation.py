"""What members are shown of moderation: a post's state, a redacted proof (purged or withdrawn)."""

from __future__ import annotations

from marshmallow import Schema, fields


def _redacted_by() -> fields.Integer:
    return fields.Integer(
        allow_none=True,
        metadata={"description": "The mod-log entry that removed the text (a PHI purge)."},
    )


class PostModerationSchema(Schema):
    """The state of an answer or a comment; hidden posts show no text to others."""

    hidden = fields.Boolean()
    redacted_by = _redacted_by()


class CaseModerationSchema(PostModerationSchema):
    locked = fields.Boolean(metadata={"description": "No new answers or comments."})
    slow_mode_seconds = fields.Integer(
        allow_none=True,
        metadata={"description": "Each pseudonym posts here at most once per this many seconds."},
    )


class RedactionSchema(Schema):
    """What removed an envelope's text: a PHI purge's log entry, or its author's withdrawal."""

    log_entry = fields.Integer(
        allow_none=True,
        metadata={"description": "The mod-log entry of the PHI purge; null for a withdrawal."},
    )
    withdrawal = fields.Integer(
        allow_none=True,
        metadata={
            "description": "The proof id of the author's withdraw envelope, when it removed the"
            " text (absent after a PHI purge)."
        },
    )
    envelope_sha256 = fields.String(
        metadata={"description": "Hex SHA-256 of the signed bytes that were removed."}
    )
    detail = fields.String()
