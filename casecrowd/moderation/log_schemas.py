"""The public mod log on the wire: its query, its pages, its entries, the key that signs them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casecrowd.db import MAX_ID
from casecrowd.protocol.moderation import ACTION_REASONS, ACTIONS, LOG_TARGET_KINDS

DEFAULT_PAGE = 100
LARGEST_PAGE = 500
_HEX_SHA256 = {"pattern": "^[0-9a-f]{64}$"}


class ModLogQuerySchema(Schema):
    after = fields.Integer(
        load_default=0,
        validate=validate.Range(0, MAX_ID),
        metadata={"description": "Entries with a larger seq; the `next` of the previous page."},
    )
    limit = fields.Integer(
        load_default=DEFAULT_PAGE,
        validate=validate.Range(1, LARGEST_PAGE),
        metadata={"description": f"Entries per page (default {DEFAULT_PAGE})."},
    )


class ModLogEntrySchema(Schema):
    """One entry as signed and served; see the mod-log document in the API description."""

    seq = fields.Integer(metadata={"description": "1, 2, 3… without gaps."})
    day = fields.String(metadata={"description": "UTC day of the action, YYYY-MM-DD."})
    action = fields.String(metadata={"enum": list(ACTIONS)})
    reason = fields.String(metadata={"enum": list(ACTION_REASONS)})
    target_kind = fields.String(metadata={"enum": list(LOG_TARGET_KINDS)})
    target_id = fields.String(
        metadata={"description": "A content or appeal id as text, or a pseudonym's handle."}
    )
    moderator = fields.String(metadata={"description": "The moderator's handle, `mod-<n>`."})
    prev_hash = fields.String(
        metadata={
            "description": "entry_hash of the entry before; 64 zeros for the first.",
            **_HEX_SHA256,
        }
    )
    entry_hash = fields.String(
        metadata={
            "description": "Hex SHA-256 of the RFC 8785 canonical JSON of the members above.",
            **_HEX_SHA256,
        }
    )
    signature = fields.String(
        metadata={
            "description": "Ed25519 signature of those bytes by the moderation key"
            " (base64url, unpadded)."
        }
    )


class ModLogPageSchema(Schema):
    entries = fields.List(fields.Nested(ModLogEntrySchema))
    next = fields.Integer(
        allow_none=True,
        metadata={"description": "Pass as `after` for the next page; null on the last."},
    )


class ModerationKeySchema(Schema):
    """The key readers pin; also published as keys/moderation-key.json by `casecrowd init`."""

    algorithm = fields.String(metadata={"enum": ["Ed25519"]})
    public_key = fields.String(
        metadata={"description": "The 32-byte Ed25519 public key, base64url (unpadded)."}
    )
