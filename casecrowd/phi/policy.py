"""What may be stored: every high finding blocks, a low one unless the author acknowledged it.

Every field of a case, answer, comment or edit is scanned before anything is
stored. A high-confidence finding always blocks. A low-confidence finding
blocks unless the author's envelope acknowledges it, naming its rule and the
SHA-256 of its span text; acknowledged findings travel with the content (as
rule, category and hash, never the text) so moderators can review them.

Pure: text in, findings and a decision out. The forum turns a blocking
decision into its 422 ``phi-detected`` problem (:mod:`casecrowd.forum.service.phi_guard`)
before it writes anything; the client shows the same findings before anything
leaves the author's device (:mod:`casecrowd.client.phi_check`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding
from .scanner import scan

# The shapes of an acknowledgement's two members (rule names, hex SHA-256).
RULE_NAME = r"^[a-z0-9][a-z0-9-]{0,63}$"
SHA256_HEX = r"^[0-9a-f]{64}$"
# What is kept of an acknowledged finding: never its text.
KEPT_MEMBERS = ("field", "rule", "category", "span_hash")


@dataclass(frozen=True)
class Acknowledgement:
    """The author saw this low-confidence finding and says it is not PHI."""

    rule: str
    span_hash: str


def span_hash(span_text: str) -> str:
    """Hex SHA-256 of the NFC-normalised span, so client and server agree on it.

    Any ``str`` has a hash: a lone surrogate (which no UTF-8 encodes) is hashed
    as its UTF-8-style bytes, so a hostile text gets its findings, not an error.
    """
    normal = unicodedata.normalize("NFC", span_text)
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def finding_json(field_name: str, text: str, finding: Finding) -> dict[str, Any]:
    """One finding as the API's ``phi-detected`` problem and the client both show it."""
    excerpt = finding.excerpt(text)
    return {
        "field": field_name,
        "category": finding.category,
        "category_name": finding.category_name,
        "rule": finding.rule,
        "confidence": finding.confidence,
        "start": finding.start,
        "end": finding.end,
        "excerpt": excerpt,
        "suggestion": finding.suggestion,
        "span_hash": span_hash(excerpt),
    }


def describe(field_name: str, text: str) -> list[dict[str, Any]]:
    """Every finding in ``text``, as :func:`finding_json` gives it."""
    return [finding_json(field_name, text, item) for item in scan(text)]


@dataclass(frozen=True)
class Decision:
    """The outcome of screening: what blocks, and what is kept with the content."""

    blocking: list[dict[str, Any]] = field(default_factory=list)
    kept: list[dict[str, str]] = field(default_factory=list)

    @property
    def certain(self) -> int:
        return sum(item["confidence"] == "high" for item in self.blocking)


def decide(fields: Mapping[str, str], acknowledgements: Iterable[Acknowledgement] = ()) -> Decision:
    """Scan every field: the findings that block, and the acknowledged ones to keep.

    Kept findings hold ``KEPT_MEMBERS`` only (no excerpt).
    """
    acknowledged_keys = {(ack.rule, ack.span_hash) for ack in acknowledgements}
    decision = Decision()
    for field_name, text in fields.items():
        for item in describe(field_name, text or ""):
            key = (item["rule"], item["span_hash"])
            if item["confidence"] == "low" and key in acknowledged_keys:
                decision.kept.append({k: item[k] for k in KEPT_MEMBERS})
            else:
                decision.blocking.append(item)
    return decision
