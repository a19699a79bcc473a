"""The crowd differential: answers' ranked differentials pooled into one ranking.

The method is inverse-rank weighting in the style of the Human Diagnosis
Project's study (Barnett et al., "Comparative Accuracy of Diagnosis by
Collective Intelligence of Multiple Physicians vs Individual Physicians",
JAMA Netw Open 2019;2(3):e190096), where each solver's diagnosis at rank r
contributed 1/r, and here each answer is further weighted by its votes:

    points(d) = sum over answers listing d of answer_weight(score) * 1 / rank

- ``answer_weight`` is 1 + score for a score of 0 or more and 1 / (1 - score)
  below, so every answer counts (a downvoted one less, never negatively) and
  one vote up or down moves the weight by as much as the first.
- Diagnoses are compared by :func:`casecrowd.diagnoses.normal.diagnosis_key`,
  merged over the whole pool (:func:`~casecrowd.diagnoses.normal.merged_keys`).
  A diagnosis an answer lists twice (say as text and as its code) counts once
  for that answer, at its best rank.
- Order: points (most first), then the number of answers listing it (more
  first), then its best rank (lower first), then the key, so that the
  ranking is total and anyone recomputing it from the signed envelopes gets
  the same order.
- Points are exact fractions: no float rounding can reorder two entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from casecrowd.diagnoses import codes
from casecrowd.diagnoses.normal import code_of_key, diagnosis_key, merged_keys

Differential = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class PooledEntry:
    """One diagnosis of the crowd differential and its support.

    ``diagnosis`` is the code's description for a coded entry, else the text
    the most answers used (ties: the earliest answer's). ``ranks`` holds, in
    ascending order, the rank each supporting answer gave it; ``answers`` is
    their number.
    """

    key: str
    diagnosis: str
    code: str | None
    points: Fraction
    answers: int
    ranks: list[int] = field(default_factory=list)


def answer_weight(score: int) -> Fraction:
    """How much an answer with this vote score counts: 1 + score, or 1 / (1 - score) below 0."""
    return Fraction(1 + score) if score >= 0 else Fraction(1, 1 - score)


def item_key(item: Mapping[str, Any]) -> str:
    """The pooling key of one differential item {diagnosis, code?}."""
    return diagnosis_key(item["diagnosis"], item.get("code"))


def pool(answers: Sequence[tuple[Differential, int]]) -> list[PooledEntry]:
    """Pool (differential, answer score) pairs, in answer order, into the crowd differential."""
    keyed = [[(item_key(item), item["diagnosis"]) for item in items] for items, _ in answers]
    counts_as = merged_keys(key for items in keyed for key, _ in items)
    points: dict[str, Fraction] = {}
    ranks: dict[str, list[int]] = {}
    texts: dict[str, Counter[str]] = {}
    for items, (_, score) in zip(keyed, answers, strict=True):
        weight = answer_weight(score)
        seen: set[str] = set()
        for rank, (key, text) in enumerate(items, start=1):
            merged = counts_as[key]
            if merged in seen:
                continue  # listed again lower down: the best rank already counted
            seen.add(merged)
            points[merged] = points.get(merged, Fraction(0)) + weight / rank
            ranks.setdefault(merged, []).append(rank)
            # Counter keeps first-seen order, so most_common breaks ties by earliest answer.
            texts.setdefault(merged, Counter())[text] += 1
    entries = [
        PooledEntry(
            key=key,
            diagnosis=_shown(key, texts[key]),
            code=code_of_key(key),
            points=points[key],
            answers=len(ranks[key]),
            ranks=sorted(ranks[key]),
        )
        for key in points
    ]
    entries.sort(key=lambda entry: (-entry.points, -entry.answers, entry.ranks[0], entry.key))
    return entries


def _shown(key: str, texts: Counter[str]) -> str:
    code = code_of_key(key)
    if code is not None:
        try:
            return codes.describe(code)
        except KeyError:  # only an icd key made outside diagnosis_key can get here
            pass
    return texts.most_common(1)[0][0]


def crowd_document(entries: Sequence[PooledEntry], answers_pooled: int) -> dict[str, Any] | None:
    """A pool as the forum serves it (``crowd_differential``) and the client recomputes it.

    ``points`` is the exact Fraction as a float; None when no answer was pooled.
    """
    if not answers_pooled:
        return None
    return {
        "answers_pooled": answers_pooled,
        "entries": [
            {
                "rank": rank,
                "key": entry.key,
                "diagnosis": entry.diagnosis,
                "code": entry.code,
                "points": float(entry.points),
                "answers": entry.answers,
                "ranks": list(entry.ranks),
            }
            for rank, entry in enumerate(entries, start=1)
        ],
    }
