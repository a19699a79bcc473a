"""Scoring answers once the final diagnosis is known; each pseudonym's diagnostic accuracy."""

from __future__ import annotations

from typing import Any

from casecrowd.forum.models import Case


def score_case(case: Case) -> None:
    """Score the case's answers on its final diagnosis (no-op without one)."""


def accuracy_of(pseudonym_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each pseudonym's overall accuracy record, as shown next to its reputation."""
    return {}
