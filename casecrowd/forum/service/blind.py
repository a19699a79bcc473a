"""Blind cases: answers hidden from each member until they have sent their own differential."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casecrowd.forum import errors
from casecrowd.forum.models import Case
from casecrowd.problems import raises


def blind_on_create(fields: Mapping[str, Any]) -> bool:
    """Whether a new case is blind: as its author said, else by its tags."""
    return bool(fields.get("blind", False))


@raises(errors.DifferentialRequired)
def require_differential(case: Case, differential: list[Any]) -> None:
    """A blind case's answers each carry a differential."""
