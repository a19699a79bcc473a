"""The answers' diagnoses in the forum: code checks, the differential entries, completion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from casecrowd.forum import errors
from casecrowd.forum.models import Answer
from casecrowd.problems import raises


@raises(errors.UnknownDiagnosisCode)
def check_codes(items: Iterable[Mapping[str, Any]]) -> None:
    """Refuse a diagnosis whose code the code set does not hold."""


def record_entries(answer: Answer) -> None:
    """Make the answer's differential entries and search text match its current differential."""


def forget_entries(answer_id: int) -> None:
    """Delete the answer's differential entries (a PHI purge)."""
