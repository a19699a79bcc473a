"""The members each envelope kind carries besides the common ones.

These schemas validate what the author signed; ``unknown`` members are
refused, so nothing the forum ignores can hide in a signed envelope.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from casecrowd.db import MAX_ID
from casecrowd.phi.policy import AcknowledgementSchema

SEXES = ("female", "male", "other", "unknown")
TAG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LONG_TEXT = 20000
CASE_FIELDS = (
    "title",
    "age",
    "sex",
    "tags",
    "presentation",
    "history",
    "examination",
    "investigations",
    "question",
)


def object_id(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_ID), **kwargs)


class Age(fields.Field):
    """Whole years 0–89, or the string "90+": Safe Harbor aggregates ages of 90 and over."""

    default_error_messages = {
        "invalid": 'Give whole years from 0 to 89, or "90+".',
        "aggregate": 'Ages of 90 and over are given only as "90+".',
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if value == "90+":
            return "90+"
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        if value >= 90:
            raise self.make_error("aggregate")
        if value < 0:
            raise self.make_error("invalid")
        return str(value)

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> int | str | None:
        if value is None:
            return None
        return value if value == "90+" else int(value)


def phi_ack() -> fields.List:
    return fields.List(
        fields.Nested(AcknowledgementSchema),
        load_default=list,
        validate=validate.Length(max=100),
        metadata={
            "description": (
                "Low-confidence PHI findings the author has reviewed: each names the finding's"
                " rule and the SHA-256 of its span, as the 422 phi-detected problem reports them."
            )
        },
    )


class CaseFieldsSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(5, 200))
    age = Age(required=True, metadata={"description": 'Whole years 0–89, or "90+".'})
    sex = fields.String(required=True, validate=validate.OneOf(SEXES))
    tags = fields.List(
        fields.String(validate=[validate.Length(2, 40), validate.Regexp(TAG_PATTERN)]),
        required=True,
        validate=validate.Length(1, 5),
        metadata={"description": "Specialty tags, lower-case words joined by hyphens."},
    )
    presentation = fields.String(required=True, validate=validate.Length(1, LONG_TEXT))
    history = fields.String(load_default="", validate=validate.Length(max=LONG_TEXT))
    examination = fields.String(load_default="", validate=validate.Length(max=LONG_TEXT))
    investigations = fields.String(load_default="", validate=validate.Length(max=LONG_TEXT))
    question = fields.String(required=True, validate=validate.Length(1, 5000))

    @validates_schema
    def _distinct_tags(self, data: dict, **_kwargs: Any) -> None:
        tags = data.get("tags")
        if tags is not None and len(set(tags)) != len(tags):
            raise ValidationError("Each tag may appear once.", "tags")


class CaseCreateSchema(CaseFieldsSchema):
    phi_ack = phi_ack()


class CaseEditSchema(CaseFieldsSchema):
    """Give ``case_id`` and the fields that change; the others stay as they are."""

    case_id = object_id(required=True)
    phi_ack = phi_ack()

    def load(self, data: Any, **kwargs: Any) -> Any:
        return super().load(data, partial=CASE_FIELDS, **kwargs)

    @validates_schema
    def _changes_something(self, data: dict, **_kwargs: Any) -> None:
        if not any(name in data for name in CASE_FIELDS):
            raise ValidationError("An edit changes at least one field.")


class DifferentialItemSchema(Schema):
    diagnosis = fields.String(required=True, validate=validate.Length(1, 200))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


def differential(**kwargs: Any) -> fields.List:
    return fields.List(
        fields.Nested(DifferentialItemSchema),
        validate=validate.Length(max=10),
        metadata={"description": "Ranked differential, most likely first."},
        **kwargs,
    )


class AnswerCreateSchema(Schema):
    case_id = object_id(required=True)
    body = fields.String(required=True, validate=validate.Length(1, LONG_TEXT))
    differential = differential(load_default=list)
    phi_ack = phi_ack()


class AnswerEditSchema(Schema):
    answer_id = object_id(required=True)
    body = fields.String(validate=validate.Length(1, LONG_TEXT))
    differential = differential()
    phi_ack = phi_ack()

    @validates_schema
    def _changes_something(self, data: dict, **_kwargs: Any) -> None:
        if "body" not in data and "differential" not in data:
            raise ValidationError("An edit changes the body, the differential or both.")


class CommentCreateSchema(Schema):
    """On a case (``case_id``) or on an answer (``answer_id``): exactly one of them."""

    case_id = object_id()
    answer_id = object_id()
    body = fields.String(required=True, validate=validate.Length(1, 5000))
    phi_ack = phi_ack()

    @validates_schema
    def _one_target(self, data: dict, **_kwargs: Any) -> None:
        if ("case_id" in data) == ("answer_id" in data):
            raise ValidationError("Give exactly one of case_id and answer_id.")


class VoteSchema(Schema):
    target = fields.String(required=True, validate=validate.OneOf(("case", "answer")))
    target_id = object_id(required=True)
    value = fields.Integer(strict=True, required=True, validate=validate.OneOf((-1, 0, 1)))


class AnswerAcceptSchema(Schema):
    answer_id = object_id(required=True)


class CaseOutcomeSchema(Schema):
    case_id = object_id(required=True)
    outcome = fields.String(required=True, validate=validate.Length(1, 5000))
    phi_ack = phi_ack()


KIND_SCHEMAS: dict[str, type[Schema]] = {
    "case.create": CaseCreateSchema,
    "case.edit": CaseEditSchema,
    "case.outcome": CaseOutcomeSchema,
    "answer.create": AnswerCreateSchema,
    "answer.edit": AnswerEditSchema,
    "answer.accept": AnswerAcceptSchema,
    "comment.create": CommentCreateSchema,
    "vote": VoteSchema,
}
