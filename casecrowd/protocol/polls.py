"""The poll kinds: ``poll.create`` (on a case, by its author) and ``poll.vote``.

A vote names the options it chooses by number, 1 for the first; an empty
list withdraws the vote. The latest signed vote of a pseudonym counts, as
for answer votes, until the poll closes.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from casecrowd.protocol.fields import KindSchema, UTCTime, object_id
from casecrowd.protocol.phi_ack import phi_ack

MIN_OPTIONS, MAX_OPTIONS = 2, 8


class PollCreateSchema(KindSchema):
    screened = ("question", "options")

    case_id = object_id(required=True)
    question = fields.String(required=True, validate=validate.Length(1, 300))
    options = fields.List(
        fields.String(validate=validate.Length(1, 200)),
        required=True,
        validate=validate.Length(MIN_OPTIONS, MAX_OPTIONS),
    )
    multiple = fields.Boolean(
        load_default=False, metadata={"description": "Whether a vote may choose several options."}
    )
    closes = UTCTime(
        metadata={"description": "When voting ends (no vote signed at or after it counts)."}
    )
    phi_ack = phi_ack()

    @validates_schema
    def _distinct_options(self, data: dict, **_kwargs: Any) -> None:
        options = data.get("options") or []
        if len({option.strip().casefold() for option in options}) != len(options):
            raise ValidationError("Each option may appear once.", "options")


class PollVoteSchema(KindSchema):
    poll_id = object_id(required=True)
    choices = fields.List(
        fields.Integer(strict=True, validate=validate.Range(1, MAX_OPTIONS)),
        required=True,
        validate=validate.Length(max=MAX_OPTIONS),
        metadata={"description": "Option numbers chosen, 1 for the first; [] withdraws the vote."},
    )

    @validates_schema
    def _distinct_choices(self, data: dict, **_kwargs: Any) -> None:
        choices = data.get("choices") or []
        if len(set(choices)) != len(choices):
            raise ValidationError("Each option may be chosen once.", "choices")
