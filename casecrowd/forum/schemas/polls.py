"""Response bodies of polls."""

from __future__ import annotations

from marshmallow import Schema, fields


class PollSchema(Schema):
    id = fields.Integer()
