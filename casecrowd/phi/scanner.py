"""Runs every rule over a text and keeps one finding per stretch of text."""

from __future__ import annotations

import dataclasses
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
from .normalise import normalised
from .recasing import recased
from .short_names import short_names

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


def precedence(item: Finding) -> tuple[bool, int, int, int, str, str]:
    # Ends in the span's start and the rule's name so that ties never fall to the order
    # of a set: the author's client and the forum must keep the same findings.
    return (
        item.confidence != "high",
        item.start - item.end,
        _SPECIFICITY[item.category],
        item.start,
        item.rule,
        item.suggestion or "",
    )


def resolve(candidates: Iterable[Finding]) -> list[Finding]:
    """Keep the strongest finding of each overlapping group, in text order.

    High confidence beats low, then the longer span, then the more specific
    category, then the earlier span and the rule's name; a finding overlapping
    one already kept is dropped. Kept spans
    never overlap, so a reader can highlight or rewrite them one by one.
    """
    ranked = sorted(set(candidates), key=precedence)
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
    """Every Safe Harbor identifier found in ``text``, in order, without overlaps.

    The rules read the text normalised and re-cased (:mod:`.normalise`,
    :mod:`.casing`); each finding's span is given back in ``text`` as written.
    """
    if not text:
        return []
    view = normalised(text)
    read = recased(view.text)
    found = resolve(run_rules(read))
    if shorts := list(short_names(found, read)):
        found = resolve([*found, *shorts])
    if view.text is text:
        return found
    spans = [view.original_span(item.start, item.end) for item in found]
    return [
        dataclasses.replace(item, start=start, end=end)
        for item, (start, end) in zip(found, spans, strict=True)
    ]
