"""Diagnosis completion: the query and the suggestions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casecrowd.forum.service.diagnoses import CODE_SET, MEMBERS

MIN_QUERY, MAX_QUERY = 2, 100
DEFAULT_LIMIT, MAX_LIMIT = 10, 50


class DiagnosisQuerySchema(Schema):
    q = fields.String(
        required=True,
        validate=validate.Length(MIN_QUERY, MAX_QUERY),
        metadata={
            "description": 'Words the diagnosis begins words with ("rheum arth"), or the start'
            ' of an ICD-10-CM code, any case, dot optional ("m06", "M06.1").'
        },
    )
    limit = fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=validate.Range(1, MAX_LIMIT),
        metadata={"description": "Suggestions at most."},
    )


class DiagnosisCompletionSchema(Schema):
    diagnosis = fields.String(
        metadata={
            "description": "The code set's description, or a member's text in its most used"
            " spelling."
        }
    )
    code = fields.String(
        allow_none=True,
        metadata={"description": "The canonical ICD-10-CM code; null for a member's text."},
    )
    source = fields.String(
        validate=validate.OneOf([MEMBERS, CODE_SET]),
        metadata={"description": "Where it comes from: members' answers or the code set."},
    )
    uses = fields.Integer(
        metadata={"description": "Answers that list it (members' texts only)."},
    )


class DiagnosisCompletionsSchema(Schema):
    items = fields.List(
        fields.Nested(DiagnosisCompletionSchema),
        metadata={"description": "Members' texts first (most used first), then the code set's."},
    )
