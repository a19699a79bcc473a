"""The crowd differential of a case, pooled from its answers' differentials."""

from __future__ import annotations

from typing import Any

from casecrowd.forum.models import Answer


def crowd_differential(answers: list[Answer]) -> dict[str, Any] | None:
    """The pooled ranking of these (visible) answers; None when none has a differential."""
    return None
