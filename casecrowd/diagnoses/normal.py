"""What makes two diagnoses the same one: their pooling key."""

from __future__ import annotations

from collections.abc import Iterable


def diagnosis_key(diagnosis: str, code: str | None = None) -> str:
    """The key a diagnosis pools under: its code's, or its normalised words'."""
    raise NotImplementedError


def merged_keys(keys: Iterable[str]) -> dict[str, str]:
    """For the keys of one pool, the key each one counts as (itself, or the one it merges into)."""
    raise NotImplementedError
