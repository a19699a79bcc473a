"""Runs every rule over a text and keeps one finding per stretch of text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from . import (
    rules_contact,
    rules_dates,
    rules_facilities,
    rules_holidays,
    rules_ids,
    rules_names,
    rules_place_shapes,
    rules_places,
)
from .findings import CATEGORY_NAMES, Finding

Rule = Callable[[str], Iterable[Finding]]
RULES: tuple[Rule, ...] = (
    *rules_contact.RULES,
    *rules_ids.RULES,
    *rules_dates.RULES,
    *rules_holidays.RULES,
    *rules_places.RULES,
    *rules_facilities.RULES,
    *rules_place_shapes.RULES,
    *rules_names.RULES,
)
# When two findings of equal confidence and length cover the same text, the
# more specific category wins ("2019-05-17" is a date before it is a number).
_SPECIFICITY = {cat: i for i, cat in enumerate("GDEFNOCIHJKLMPQBAR")}
if set(_SPECIFICITY) != set(CATEGORY_NAMES):
    raise RuntimeError("every category needs a place in the specificity order")


def _rank(item: Finding) -> tuple[int, int, int]:
    return (item.confidence != "high", item.start - item.end, _SPECIFICITY[item.category])


def resolve(candidates: Iterable[Finding]) -> list[Finding]:
    """Keep the strongest finding of each overlapping group, in text order.

    High confidence beats low, then the longer span, then the more specific
    category; a finding overlapping one already kept is dropped. Kept spans
    never overlap, so a reader can highlight or rewrite them one by one.
    """
    ranked = sorted(set(candidates), key=_rank)
    # One byte per character marks the text already taken: checking and marking a
    # span costs its length, so a text with many findings resolves in linear time.
    taken = bytearray(max((item.end for item in ranked), default=0))
    kept: list[Finding] = []
    for item in ranked:
        if item.end <= item.start or taken.find(1, item.start, item.end) >= 0:
            continue
        taken[item.start : item.end] = b"\x01" * (item.end - item.start)
        kept.append(item)
    kept.sort(key=lambda item: item.start)
    return kept


def run_rules(text: str) -> Iterator[Finding]:
    for rule in RULES:
        yield from rule(text)


def scan(text: str) -> list[Finding]:
    """Every Safe Harbor identifier found in ``text``, in order, without overlaps."""
    if not text:
        return []
    return resolve(run_rules(text))
