"""The crowd differential of a case, pooled from its answers' differentials.

The pooling itself is :func:`casecrowd.diagnoses.pooling.pool`, the very code
the physician's client runs to recompute a crowd differential from the
signed answers and votes (``casecrowd verify --crowd``); this module only
shapes its result. It works from answers already loaded, so showing a case
with its crowd differential costs no query more than showing it without.

A case is read far more often than its answers or votes change, so each
process keeps the last rankings it pooled, keyed by exactly what pooling
reads (each answer's diagnoses and codes in order, and its score): a key
names its ranking whatever the ids, so nothing cached can go stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from casecrowd.diagnoses.pooling import PooledEntry, crowd_document, pool
from casecrowd.forum.models import Answer

# One differential as pooling reads it: its (diagnosis, code) items in order, not the notes.
Items = tuple[tuple[str, str | None], ...]
CACHED_RANKINGS = 1024


@lru_cache(maxsize=CACHED_RANKINGS)
def pooled(answers: tuple[tuple[Items, int], ...]) -> tuple[PooledEntry, ...]:
    """:func:`pool` of (items, answer score) pairs; the entries are frozen, safe to share."""
    return tuple(
        pool([([{"diagnosis": d, "code": c} for d, c in items], score) for items, score in answers])
    )


def pooled_body(differentials: Sequence[tuple[Sequence[Any], int]]) -> dict[str, Any] | None:
    """The crowd differential of these (differential, answer score) pairs; None if none."""
    if not differentials:
        return None
    key = tuple(
        (tuple((item["diagnosis"], item.get("code")) for item in differential), score)
        for differential, score in differentials
    )
    return crowd_document(pooled(key), len(differentials))


def crowd_differential(answers: Iterable[Answer]) -> dict[str, Any] | None:
    """The pooled ranking of these (visible) answers; None when none has a differential.

    Each answer weighs by its current score (the votes on it), as
    :func:`casecrowd.diagnoses.pooling.answer_weight` says; an answer without
    a differential, or one a purge emptied, adds nothing.
    """
    return pooled_body([(a.differential, a.score) for a in answers if a.differential])
