from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields, validate

from casecrowd.staff.models import ROLES
from casecrowd.staff.passwords import MAX_PASSWORD_CHARS


class UtcDateTime(fields.DateTime):
    """Times are stored as naive UTC; on the wire they say so (``Z``/+00:00)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=MAX_PASSWORD_CHARS),
    )
    otp = fields.String(
        load_only=True,
        # Length as well: "$" would also let a trailing newline through.
        validate=[
            validate.Length(equal=6, error="must be 6 digits"),
            validate.Regexp(r"^[0-9]{6}$", error="must be 6 digits"),
        ],
        metadata={
            "description": "The 6-digit code of the account's authenticator app (TOTP,"
            " RFC 6238); needed by accounts with a second factor. Each code works once.",
            "example": "123456",
        },
    )


class StaffAccountSchema(Schema):
    username = fields.String()
    role = fields.String(metadata={"enum": list(ROLES)})


class StaffSessionSchema(Schema):
    token = fields.String(
        metadata={
            "description": "Bearer token, shown once: send it as `Authorization: Bearer <token>`."
        }
    )
    token_type = fields.String(metadata={"enum": ["Bearer"]})
    expires_at = UtcDateTime()
    account = fields.Nested(StaffAccountSchema)


class CurrentStaffSchema(Schema):
    account = fields.Nested(StaffAccountSchema)
    expires_at = UtcDateTime(metadata={"description": "When the current session ends."})
