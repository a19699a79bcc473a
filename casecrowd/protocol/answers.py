"""The answer kinds: ``answer.create``, ``answer.edit``, ``answer.accept``, ``comment.create``."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from casecrowd.protocol.diagnoses import DiagnosisSchema
from casecrowd.protocol.fields import LONG_TEXT, KindSchema, object_id
from casecrowd.protocol.phi_ack import phi_ack

# What an answer's revision keeps, and what an edit may change.
ANSWER_FIELDS = ("body", "differential")


class DifferentialItemSchema(DiagnosisSchema):
    note = fields.String(load_default="", validate=validate.Length(max=2000))


# The texts of one ranked item, screened as "differential.<rank>.<name>".
DIFFERENTIAL_TEXTS = ("diagnosis", "note")


def differential(**kwargs: Any) -> fields.List:
    return fields.List(
        fields.Nested(DifferentialItemSchema),
        validate=validate.Length(max=10),
        metadata={"description": "Ranked differential, most likely first."},
        **kwargs,
    )


class AnswerCreateSchema(KindSchema):
    screened = ANSWER_FIELDS

    case_id = object_id(required=True)
    body = fields.String(required=True, validate=validate.Length(1, LONG_TEXT))
    differential = differential(load_default=list)
    phi_ack = phi_ack()


class AnswerEditSchema(KindSchema):
    screened = ANSWER_FIELDS

    answer_id = object_id(required=True)
    body = fields.String(validate=validate.Length(1, LONG_TEXT))
    differential = differential()
    phi_ack = phi_ack()

    @validates_schema
    def _changes_something(self, data: dict, **_kwargs: Any) -> None:
        if not any(name in data for name in ANSWER_FIELDS):
            raise ValidationError("An edit changes the body, the differential or both.")


class AnswerAcceptSchema(KindSchema):
    answer_id = object_id(required=True)


# What a comment may be written on: exactly one of these members names it.
COMMENT_TARGETS = ("case_id", "answer_id", "discussion_id")


class CommentCreateSchema(KindSchema):
    """On a case, an answer or a discussion: exactly one of :data:`COMMENT_TARGETS`."""

    screened = ("body",)

    case_id = object_id()
    answer_id = object_id()
    discussion_id = object_id()
    body = fields.String(required=True, validate=validate.Length(1, 5000))
    phi_ack = phi_ack()

    @validates_schema
    def _one_target(self, data: dict, **_kwargs: Any) -> None:
        if sum(name in data for name in COMMENT_TARGETS) != 1:
            raise ValidationError("Give exactly one of case_id, answer_id and discussion_id.")
