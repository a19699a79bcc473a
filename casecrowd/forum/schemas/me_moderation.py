"""What a member sees of the moderation concerning them, and the answer to an appeal."""

from __future__ import annotations

from marshmallow import Schema, fields

from casecrowd.protocol.moderation import ACTION_REASONS, ACTIONS, LOG_TARGET_KINDS


class SanctionSchema(Schema):
    kind = fields.String(metadata={"enum": ["warn", "suspend", "ban"]})
    starts = fields.DateTime()
    ends = fields.DateTime(allow_none=True, metadata={"description": "Null for a ban."})
    log_entry = fields.Integer(metadata={"description": "The mod-log entry that imposed it."})
    lifted_by = fields.Integer(
        allow_none=True, metadata={"description": "The mod-log entry that lifted it, if any."}
    )


class ConcerningEntrySchema(Schema):
    seq = fields.Integer()
    day = fields.Date(metadata={"description": "UTC day of the action (no finer time)."})
    action = fields.String(metadata={"enum": list(ACTIONS)})
    reason = fields.String(metadata={"enum": list(ACTION_REASONS)})
    target_kind = fields.String(metadata={"enum": list(LOG_TARGET_KINDS)})
    target_id = fields.String(metadata={"description": "A content or appeal id, or a handle."})
    moderator = fields.String(metadata={"description": "The moderator's handle, mod-<n>."})
    appealed = fields.Boolean(metadata={"description": "An appeal of this entry has been sent."})


class MyModerationSchema(Schema):
    sanctions = fields.List(
        fields.Nested(SanctionSchema), metadata={"description": "Oldest first."}
    )
    entries = fields.List(
        fields.Nested(ConcerningEntrySchema),
        metadata={
            "description": (
                "Mod-log entries naming this pseudonym, a post it wrote or an appeal it sent,"
                " oldest first. Each entry but an appeal's decision can be appealed once."
            )
        },
    )


class AppealResultSchema(Schema):
    kind = fields.String()
    proof_id = fields.Integer(metadata={"description": "GET /api/v1/proofs/{proof_id}."})
    appeal_id = fields.Integer()
    log_entry = fields.Integer(metadata={"description": "The mod-log entry appealed."})
