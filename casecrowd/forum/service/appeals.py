"""The ``appeal`` envelope kind (work in progress)."""

from __future__ import annotations

from typing import Any

from casecrowd.forum.service.base import Submission, handles, screen
from casecrowd.problems import raises


@handles("appeal")
@raises(screen)
def apply_appeal(sub: Submission) -> tuple[dict[str, Any], int]:
    raise NotImplementedError
