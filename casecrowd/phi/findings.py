"""What the scanner reports: one :class:`Finding` per identifier it sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Confidence = Literal["high", "low"]

# 45 CFR 164.514(b)(2)(i)(A)-(R), in the regulation's order and wording (shortened).
CATEGORY_NAMES: dict[str, str] = {
    "A": "Names",
    "B": "Geographic subdivisions smaller than a state",
    "C": "Dates (except year) and ages over 89",
    "D": "Telephone numbers",
    "E": "Fax numbers",
    "F": "Email addresses",
    "G": "Social Security numbers",
    "H": "Medical record numbers",
    "I": "Health plan beneficiary numbers",
    "J": "Account numbers",
    "K": "Certificate/license numbers",
    "L": "Vehicle identifiers and serial numbers, including license plates",
    "M": "Device identifiers and serial numbers",
    "N": "Web URLs",
    "O": "IP addresses",
    "P": "Biometric identifiers",
    "Q": "Full-face photographs and comparable images",
    "R": "Other unique identifying numbers, characteristics or codes",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier: ``text[start:end]`` is the span, ``rule`` the check that saw it."""

    category: str
    category_name: str
    start: int
    end: int
    rule: str
    confidence: Confidence
    suggestion: str | None = None

    def excerpt(self, text: str) -> str:
        return text[self.start : self.end]


def finding(
    category: str,
    start: int,
    end: int,
    rule: str,
    confidence: Confidence = "high",
    suggestion: str | None = None,
) -> Finding:
    return Finding(category, CATEGORY_NAMES[category], start, end, rule, confidence, suggestion)
