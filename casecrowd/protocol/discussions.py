"""The lounge's kinds: ``discussion.create`` and ``discussion.edit``, and the discussion fields.

A discussion is free writing for venting and peer support: a title, a body and
tags. Its tags name at least one topic of :data:`LOUNGE_TAGS`, so every
discussion can be found by topic, and may add free tags of the same shape as a
case's specialty tags. The PHI guard screens its title and body exactly as it
screens a case: a story about a patient is still PHI.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from casecrowd.protocol.cases import tag_validators
from casecrowd.protocol.fields import LONG_TEXT, KindSchema, object_id
from casecrowd.protocol.phi_ack import phi_ack

# The lounge's curated topics, in the order a client offers them.
LOUNGE_TAGS = (
    "burnout",
    "workplace",
    "career",
    "training",
    "ethics",
    "wellbeing",
    "practice-management",
    "other",
)
# In the order an author writes them; what a revision keeps and an edit may change.
DISCUSSION_FIELDS = ("title", "body", "tags")
# The free-text fields: what the PHI guard screens.
DISCUSSION_TEXT_FIELDS = ("title", "body")
TITLE_LENGTH = (5, 200)
MAX_TAGS = 5


class DiscussionFieldsSchema(KindSchema):
    screened = DISCUSSION_TEXT_FIELDS

    title = fields.String(required=True, validate=validate.Length(*TITLE_LENGTH))
    body = fields.String(required=True, validate=validate.Length(1, LONG_TEXT))
    tags = fields.List(
        fields.String(validate=tag_validators()),
        required=True,
        validate=validate.Length(1, MAX_TAGS),
        metadata={
            "description": "At least one lounge topic (" + ", ".join(LOUNGE_TAGS) + "),"
            " then any free tags: lower-case words joined by hyphens."
        },
    )

    @validates_schema
    def _tags(self, data: dict, **_kwargs: Any) -> None:
        tags = data.get("tags")
        if tags is None:
            return
        if len(set(tags)) != len(tags):
            raise ValidationError("Each tag may appear once.", "tags")
        if not set(tags) & set(LOUNGE_TAGS):
            raise ValidationError(
                "Name at least one lounge topic: " + ", ".join(LOUNGE_TAGS) + ".", "tags"
            )


class DiscussionCreateSchema(DiscussionFieldsSchema):
    phi_ack = phi_ack()


class DiscussionEditSchema(DiscussionFieldsSchema):
    """Give ``discussion_id`` and the fields that change; the others stay as they are."""

    discussion_id = object_id(required=True)
    phi_ack = phi_ack()

    def load(self, data: Any, **kwargs: Any) -> Any:
        return super().load(data, partial=DISCUSSION_FIELDS, **kwargs)

    @validates_schema
    def _changes_something(self, data: dict, **_kwargs: Any) -> None:
        if not any(name in data for name in DISCUSSION_FIELDS):
            raise ValidationError("An edit changes at least one field.")
