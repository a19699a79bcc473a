"""An envelope's ``phi_ack`` member: the low-confidence findings its author reviewed."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from casecrowd.phi.policy import RULE_NAME, SHA256_HEX, Acknowledgement


class AcknowledgementSchema(Schema):
    """One acknowledged finding in an envelope's ``phi_ack`` list."""

    rule = fields.String(
        required=True,
        validate=validate.Regexp(RULE_NAME),
        metadata={"description": "The finding's rule, as reported.", "example": "possible-name"},
    )
    span = fields.String(
        required=True,
        validate=validate.Regexp(SHA256_HEX),
        metadata={"description": "Hex SHA-256 of the NFC-normalised span text."},
    )

    @post_load
    def make_acknowledgement(self, data: dict[str, str], **_: Any) -> Acknowledgement:
        return Acknowledgement(rule=data["rule"], span_hash=data["span"])


acknowledgement_schema = AcknowledgementSchema()


def phi_ack() -> fields.List:
    """The ``phi_ack`` member of every kind with screened text."""
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
