"""The ``vote`` kind: +1, -1 or 0 on a case, an answer or a discussion; the latest signed counts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from marshmallow import fields, validate

from casecrowd.crypto.envelope import parse_created
from casecrowd.protocol.fields import KindSchema, object_id

TARGET_KINDS = ("case", "answer", "discussion")
VOTE_VALUES = (-1, 0, 1)


class VoteSchema(KindSchema):
    target = fields.String(required=True, validate=validate.OneOf(TARGET_KINDS))
    target_id = object_id(required=True)
    value = fields.Integer(strict=True, required=True, validate=validate.OneOf(VOTE_VALUES))


def signed_order(envelope: Mapping[str, Any]) -> tuple[datetime, str]:
    """Which of two votes by one key counts: the later signed time, then the greater envelope id.

    The forum keeps the vote that counts by this order (never by arrival), and
    a recount from proofs must keep the same one.
    """
    return parse_created(envelope["created"]), envelope["id"]
