"""What the forum does with findings: block, or keep what the author acknowledged.

Every field of a case, answer, comment or edit is scanned before anything is
stored. A high-confidence finding always blocks. A low-confidence finding
blocks unless the author's envelope acknowledges it, naming its rule and the
SHA-256 of its span text; acknowledged findings travel with the content (as
rule, category and hash, never the text) so moderators can review them.
Nothing with an unacknowledged finding is ever stored: :func:`screen` raises
before the caller writes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, post_load, validate

from casecrowd.problems import Unprocessable, raises

from .scanner import scan

RULE_NAME = r"^[a-z0-9][a-z0-9-]{0,63}$"
SHA256_HEX = r"^[0-9a-f]{64}$"


@dataclass(frozen=True)
class Acknowledgement:
    """The author saw this low-confidence finding and says it is not PHI."""

    rule: str
    span_hash: str


def span_hash(span_text: str) -> str:
    """Hex SHA-256 of the NFC-normalised span, so client and server agree on it."""
    return hashlib.sha256(unicodedata.normalize("NFC", span_text).encode("utf-8")).hexdigest()


class PhiDetected(Unprocessable):
    code = "phi-detected"
    title = "Protected health information detected"
    doc_note = "`findings` lists each; acknowledge a low-confidence one in `phi_ack` to keep it."


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


def describe(field: str, text: str) -> list[dict[str, Any]]:
    """Every finding in ``text`` as the JSON the API and the client show."""
    described = []
    for item in scan(text):
        excerpt = item.excerpt(text)
        described.append(
            {
                "field": field,
                "category": item.category,
                "category_name": item.category_name,
                "rule": item.rule,
                "confidence": item.confidence,
                "start": item.start,
                "end": item.end,
                "excerpt": excerpt,
                "suggestion": item.suggestion,
                "span_hash": span_hash(excerpt),
            }
        )
    return described


@raises(PhiDetected)
def screen(
    fields: Mapping[str, str], acknowledgements: Iterable[Acknowledgement] = ()
) -> list[dict[str, str]]:
    """Scan every field; raise :class:`PhiDetected` unless all findings may be stored.

    Returns the acknowledged low-confidence findings (field, rule, category,
    span_hash; no excerpt) for the caller to store with the content.
    """
    acknowledged_keys = {(ack.rule, ack.span_hash) for ack in acknowledgements}
    blocking: list[dict[str, Any]] = []
    kept: list[dict[str, str]] = []
    for field, text in fields.items():
        for item in describe(field, text or ""):
            key = (item["rule"], item["span_hash"])
            if item["confidence"] == "low" and key in acknowledged_keys:
                kept.append({k: item[k] for k in ("field", "rule", "category", "span_hash")})
            else:
                blocking.append(item)
    if blocking:
        high = sum(item["confidence"] == "high" for item in blocking)
        raise PhiDetected(
            f"The text contains {len(blocking)} possible identifier(s) ({high} certain); "
            "remove them, or acknowledge each uncertain one, and send again.",
            extra={"findings": blocking},
        )
    return kept
