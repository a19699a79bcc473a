"""Response bodies of crowd diagnosis: the crowd differential, accuracy records, statistics."""

from __future__ import annotations

from marshmallow import Schema, fields


class AccuracySchema(Schema):
    """A pseudonym's diagnostic accuracy over its scored answers; ``scored`` is always shown."""

    scored = fields.Integer(metadata={"description": "Answers scored on a final diagnosis."})
    top1 = fields.Float(
        allow_none=True, metadata={"description": "Share ranked first (null: none scored)."}
    )
    top3 = fields.Float(allow_none=True, metadata={"description": "Share within the top three."})


class CrowdEntrySchema(Schema):
    rank = fields.Integer()


class CrowdDifferentialSchema(Schema):
    entries = fields.List(fields.Nested(CrowdEntrySchema))
