"""The case kinds: ``case.create``, ``case.edit`` and ``case.outcome``, and the case fields."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from casecrowd.protocol.diagnoses import DiagnosisSchema
from casecrowd.protocol.fields import LONG_TEXT, Age, KindSchema, object_id
from casecrowd.protocol.phi_ack import phi_ack

SEXES = ("female", "male", "other", "unknown")
TAG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# In the order an author writes them (the client's case files, the verified view).
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
# The free-text case fields: what the PHI guard screens.
CASE_TEXT_FIELDS = ("title", "presentation", "history", "examination", "investigations", "question")


def tag_validators() -> list[validate.Validator]:
    """What a specialty tag looks like, wherever one is given."""
    return [validate.Length(2, 40), validate.Regexp(TAG_PATTERN)]


class CaseFieldsSchema(KindSchema):
    screened = CASE_TEXT_FIELDS

    title = fields.String(required=True, validate=validate.Length(5, 200))
    age = Age(required=True, metadata={"description": 'Whole years 0–89, or "90+".'})
    sex = fields.String(required=True, validate=validate.OneOf(SEXES))
    tags = fields.List(
        fields.String(validate=tag_validators()),
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


REQUIRED_CASE_FIELDS = tuple(
    name for name, field in CaseFieldsSchema._declared_fields.items() if field.required
)


class CaseCreateSchema(CaseFieldsSchema):
    # Absent: the forum decides from the tags (forum.crowd.blind_default_tags).
    blind = fields.Boolean(
        metadata={
            "description": "Other members see no answer and no crowd differential until they"
            " have sent their own differential, or the blind lifts. Absent: blind when a tag"
            " is one of the forum's blind-by-default tags."
        }
    )
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


class CaseOutcomeSchema(KindSchema):
    """What happened, as text, as the final diagnosis (coded when possible), or both."""

    screened = ("outcome", "final_diagnosis")

    case_id = object_id(required=True)
    outcome = fields.String(load_default="", validate=validate.Length(max=5000))
    final_diagnosis = fields.Nested(
        DiagnosisSchema,
        metadata={
            "description": "The final diagnosis; every answer's differential is scored on it."
        },
    )
    phi_ack = phi_ack()

    @validates_schema
    def _says_something(self, data: dict, **_kwargs: Any) -> None:
        if not data.get("outcome") and "final_diagnosis" not in data:
            raise ValidationError("Give the outcome, the final diagnosis or both.")
