"""The crisis resources panel (placeholder until it lands)."""

from __future__ import annotations

from casecrowd.client.output import Output


def show_if_needed(out: Output, texts: dict[str, str]) -> None:
    return None
