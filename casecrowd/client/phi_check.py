"""The PHI guard on the author's device, before anything leaves it.

The forum scans the same fields with the same scanner (:mod:`casecrowd.phi`) and
refuses what this check would refuse; running it here first means identifiers never
travel at all. High-confidence findings must be removed. Each low-confidence finding
is sent on only once the author acknowledges it, as the forum expects: its rule and
the SHA-256 of its span (``phi_ack``), never the text itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from casecrowd.client.errors import NotAcknowledged
from casecrowd.phi import Finding, scan
from casecrowd.phi.policy import finding_json, span_hash
from casecrowd.protocol.kinds import screened_texts  # what the forum screens, named as it does


@dataclass(frozen=True)
class FieldFinding:
    number: int
    field: str
    text: str  # the whole field, to show the finding in place
    finding: Finding

    @property
    def excerpt(self) -> str:
        return self.finding.excerpt(self.text)

    @property
    def span_hash(self) -> str:
        return span_hash(self.excerpt)

    @property
    def is_high(self) -> bool:
        return self.finding.confidence == "high"

    def as_json(self) -> dict[str, Any]:
        return finding_json(self.field, self.text, self.finding)


class PhiFound(NotAcknowledged):
    """Findings block the submission: some are certain, or not acknowledged."""

    def __init__(self, message: str, findings: list[FieldFinding]) -> None:
        super().__init__(message)
        self.findings = findings

    def as_json(self) -> dict[str, Any]:
        return {"findings": [item.as_json() for item in self.findings]}


def find(texts: dict[str, str]) -> list[FieldFinding]:
    found: list[FieldFinding] = []
    for field, text in texts.items():
        for item in scan(text):
            found.append(FieldFinding(len(found) + 1, field, text, item))
    return found


def acknowledgements(findings: Iterable[FieldFinding]) -> list[dict[str, str]]:
    """The ``phi_ack`` member for acknowledged low-confidence findings (no duplicates)."""
    seen: dict[tuple[str, str], None] = {}
    for item in findings:
        seen.setdefault((item.finding.rule, item.span_hash), None)
    return [{"rule": rule, "span": digest} for rule, digest in seen]


def clear(
    kind: str, members: dict[str, Any], acknowledge: Callable[[FieldFinding], bool]
) -> dict[str, Any]:
    """``members`` with ``phi_ack`` added, or :class:`PhiFound` if something blocks.

    ``acknowledge`` is asked about each low-confidence finding (in order) once no
    certain finding remains; it returns True when the author says it is not PHI.
    """
    findings = find(screened_texts(kind, members))
    high = [item for item in findings if item.is_high]
    if high:
        raise PhiFound(
            f"{len(high)} certain identifier(s) found; remove or rewrite them (suggestions"
            " are shown) and send again. Nothing was sent.",
            findings,
        )
    low = [item for item in findings if not item.is_high]
    refused = [item for item in low if not acknowledge(item)]
    if refused:
        raise PhiFound(
            f"{len(refused)} possible identifier(s) not acknowledged; rewrite them or"
            " acknowledge each one. Nothing was sent.",
            findings,
        )
    if not low:
        return dict(members)
    return {**members, "phi_ack": acknowledgements(low)}
