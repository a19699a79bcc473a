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

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from threading import Lock
from typing import Any

from casecrowd.diagnoses.pooling import PooledEntry, crowd_document, pool
from casecrowd.forum.models import Answer

PoolKey = tuple[tuple[tuple[tuple[str, str | None], ...], int], ...]
CACHED_RANKINGS = 1024
_rankings: OrderedDict[PoolKey, tuple[PooledEntry, ...]] = OrderedDict()
_rankings_lock = Lock()


def pool_key(differentials: Sequence[tuple[Sequence[Any], int]]) -> PoolKey:
    """All that :func:`pool` reads of these pairs (not the notes)."""
    return tuple(
        (tuple((item["diagnosis"], item.get("code")) for item in differential), score)
        for differential, score in differentials
    )


def pooled(differentials: Sequence[tuple[Sequence[Any], int]]) -> tuple[PooledEntry, ...]:
    """:func:`pool` of these pairs, from the cache when the same pairs were pooled lately."""
    key = pool_key(differentials)
    with _rankings_lock:
        found = _rankings.get(key)
        if found is not None:
            _rankings.move_to_end(key)
            return found
    entries = tuple(pool(differentials))  # frozen entries: safe to share between requests
    with _rankings_lock:
        _rankings[key] = entries
        if len(_rankings) > CACHED_RANKINGS:
            _rankings.popitem(last=False)
    return entries


def pooled_body(differentials: Sequence[tuple[Sequence[Any], int]]) -> dict[str, Any] | None:
    """The crowd differential of these (differential, answer score) pairs; None if none."""
    if not differentials:
        return None
    return crowd_document(pooled(differentials), len(differentials))


def crowd_differential(answers: Iterable[Answer]) -> dict[str, Any] | None:
    """The pooled ranking of these (visible) answers; None when none has a differential.

    Each answer weighs by its current score (the votes on it), as
    :func:`casecrowd.diagnoses.pooling.answer_weight` says; an answer without
    a differential, or one a purge emptied, adds nothing.
    """
    return pooled_body([(a.differential, a.score) for a in answers if a.differential])
