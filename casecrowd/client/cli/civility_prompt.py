"""The civility check's prompt (placeholder until the check lands)."""

from __future__ import annotations

from typing import Any

from casecrowd.client.output import Output


def review(out: Output, kind: str, members: dict[str, Any]) -> dict[str, Any]:
    return members
