"""Where a differential put the final diagnosis.

An answer scores a top-1 hit when :func:`rank_of` is 1 and a top-3 hit when
it is 3 or less; the rank itself is kept, so better measures can be computed
later from the same record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from casecrowd.diagnoses import codes
from casecrowd.diagnoses.normal import code_of_key, merged_keys
from casecrowd.diagnoses.pooling import item_key


def rank_of(differential: Sequence[Mapping[str, Any]], final: Mapping[str, Any]) -> int | None:
    """The 1-based rank of the first item that counts as the final diagnosis; None if none does.

    An item counts when it pools with the final diagnosis (the same merged
    key over the differential's keys and the final's, as in the crowd
    differential) or when either code is an ancestor of the other: naming
    ``G20`` for a final ``G20.A1`` (or the reverse) is a hit.
    """
    return rank_of_keys([item_key(item) for item in differential], final)


def rank_of_keys(keys: Sequence[str], final: Mapping[str, Any]) -> int | None:
    """:func:`rank_of` for a ranking already keyed: a differential's, or a pooled one's."""
    final_key = item_key(final)
    counts_as = merged_keys([*keys, final_key])
    final_code = code_of_key(final_key)
    for rank, key in enumerate(keys, start=1):
        if counts_as[key] == counts_as[final_key]:
            return rank
        code = code_of_key(key)
        if (
            code
            and final_code
            and (codes.is_ancestor(code, final_code) or codes.is_ancestor(final_code, code))
        ):
            return rank
    return None
