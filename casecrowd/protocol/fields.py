"""Members several envelope kinds share: object ids, long texts, the patient's age."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from marshmallow import Schema, fields, validate

from casecrowd.crypto.envelope import MalformedEnvelope, format_created, parse_created
from casecrowd.protocol import MAX_ID

LONG_TEXT = 20000
OLDEST_EXACT_AGE = 89  # Safe Harbor: ages over 89 are aggregated as "90+"
AGGREGATED_AGE = "90+"


class KindSchema(Schema):
    """The members of one envelope kind; ``screened`` names those the PHI guard reads.

    A screened member is a text, or a ranked list of items whose texts are
    screened one by one (:func:`casecrowd.protocol.kinds.screened_texts`).
    """

    screened: ClassVar[tuple[str, ...]] = ()


def object_id(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_ID), **kwargs)


class Age(fields.Field):
    """Whole years 0–89, or the string "90+": Safe Harbor aggregates ages of 90 and over."""

    default_error_messages = {
        "invalid": 'Give whole years from 0 to 89, or "90+".',
        "aggregate": 'Ages of 90 and over are given only as "90+".',
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if value == AGGREGATED_AGE:
            return AGGREGATED_AGE
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        if value > OLDEST_EXACT_AGE:
            raise self.make_error("aggregate")
        if value < 0:
            raise self.make_error("invalid")
        return str(value)

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> int | str | None:
        if value is None:
            return None
        return value if value == AGGREGATED_AGE else int(value)


class UTCTime(fields.Field):
    """An RFC 3339 UTC time written as envelopes write ``created`` ("2026-01-02T03:04:05Z")."""

    default_error_messages = {"invalid": "Give an RFC 3339 UTC time such as 2026-01-02T03:04:05Z."}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> datetime:
        try:
            return parse_created(value)
        except MalformedEnvelope:
            raise self.make_error("invalid") from None

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else format_created(value)
