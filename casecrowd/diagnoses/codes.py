"""The ICD-10-CM code set (simple-icd-10-cm), loaded once, on first use."""

from __future__ import annotations


def canonical_code(text: str) -> str | None:
    """``text`` as a canonical code ("m061", " M06.1 " -> "M06.1") if the code set holds it.

    Only categories and subcategories count (not chapters or blocks).
    """
    raise NotImplementedError


def describe(code: str) -> str:
    """The code set's description of a canonical code; KeyError if it holds no such code."""
    raise NotImplementedError


def complete(query: str, limit: int) -> list[tuple[str, str]]:
    """(code, description) pairs for a code prefix or for words of descriptions, best first."""
    raise NotImplementedError
