"""The ``withdraw`` kind: the author takes back the text of a case, answer, comment or discussion.

The envelope names its target only; it carries no text, so it is never
redacted itself and its proof stays whole. The forum then removes the
target's text as a PHI purge does (``casecrowd.forum.service.redaction``),
and each removed envelope's proof names this envelope.
"""

from __future__ import annotations

from marshmallow import fields, validate

from casecrowd.protocol.fields import KindSchema, object_id

WITHDRAW_TARGETS = ("case", "answer", "comment", "discussion")


class WithdrawSchema(KindSchema):
    """``withdraw``: the author's once-only withdrawal of one of their posts."""

    target = fields.String(required=True, validate=validate.OneOf(WITHDRAW_TARGETS))
    target_id = object_id(required=True)
