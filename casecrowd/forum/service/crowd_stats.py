"""How often the crowd differential holds the final diagnosis, next to single physicians.

The platform's own version of the Human Diagnosis Project's figure (JAMA
Network Open, 2019): over the solved cases, the share of scored answers
whose differential had the final diagnosis in its top three, and for groups
of 1, 3, 5 and 9 of a case's scored answers, the share of groups whose
pooled differential did. Groups pool unweighted (every answer's score taken
as 0), as the study pooled: the votes an answer got are not part of what a
group of independent physicians would have written.

Each case counts once per group size: its groups' hit rate, averaged over
the cases. A case with at most ``forum.crowd.stats_groups_per_case``
possible groups contributes all of them; otherwise that many distinct
groups drawn with a generator seeded by the case id and the size, so that
the figures are the same on every request over the same data. The work is
bounded: the newest :data:`MAX_CASES` solved cases, and no more than
:data:`MAX_POOLS` pooled groups in all (then the oldest of them are left out);
each process keeps every case's figures, keyed by all they depend on, so a
case is pooled again only once its scores or its final diagnosis change.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.diagnoses import scoring
from casecrowd.diagnoses.pooling import pool
from casecrowd.forum.crowd_settings import crowd_config
from casecrowd.forum.models import AnswerRevision, AnswerScore, Case
from casecrowd.forum.service.accuracy import TOP_RANKS
from casecrowd.forum.service.moderation_state import not_hidden

GROUP_SIZES = (1, 3, 5, 9)
MAX_CASES = 2000
MAX_POOLS = 5000
METHOD = (
    "Cases with a final diagnosis and scored answers (newest first, at most"
    f" {MAX_CASES}). individual_top3: share of scored answers with the final diagnosis in"
    " their top three. For each group size: per case, every group of that many of its scored"
    " answers, or a seeded random draw of forum.crowd.stats_groups_per_case distinct groups"
    " when there are more; each group's differentials pooled unweighted (1/rank points per"
    " answer); top3 is the share of groups whose pooled top three held the final diagnosis,"
    " averaged over the cases."
)


@dataclass(frozen=True)
class SolvedCase:
    case_id: int
    final: dict[str, Any]
    # Per scored answer, oldest first: (answer id, revision scored), that
    # revision's differential, and the rank it gave the final diagnosis.
    scored: list[tuple[int, int]]
    differentials: list[Sequence[Any]]
    ranks: list[int | None]

    def pooled(self) -> list[Sequence[Any]]:
        """The differentials a group may pool: a purge empties one but keeps its score."""
        return [differential for differential in self.differentials if differential]

    def identity(self, per_case_limit: int) -> tuple[Any, ...]:
        """All its group figures depend on (the differentials by a 64-bit digest)."""
        final = (self.final.get("diagnosis"), self.final.get("code"))
        texts = hash(repr(self.differentials))
        return (self.case_id, final, tuple(self.scored), texts, per_case_limit)


def _solved_cases() -> list[SolvedCase]:
    newest = (
        select(AnswerScore.case_id)
        .where(not_hidden("case", AnswerScore.case_id))
        .group_by(AnswerScore.case_id)
        .order_by(AnswerScore.case_id.desc())
        .limit(MAX_CASES)
        .subquery()
    )
    rows = db.session.execute(
        select(
            AnswerScore.case_id,
            Case.final_diagnosis,
            AnswerScore.answer_id,
            AnswerScore.revision,
            AnswerScore.rank,
            AnswerRevision.fields,
        )
        .join(newest, newest.c.case_id == AnswerScore.case_id)
        .join(Case, Case.id == AnswerScore.case_id)
        .join(
            AnswerRevision,
            (AnswerRevision.answer_id == AnswerScore.answer_id)
            & (AnswerRevision.number == AnswerScore.revision),
        )
        .order_by(AnswerScore.case_id.desc(), AnswerScore.answer_id)
    )
    found: dict[int, SolvedCase] = {}
    for case_id, final, answer_id, revision, rank, fields in rows:
        if not final:
            continue
        solved = found.setdefault(case_id, SolvedCase(case_id, final, [], [], []))
        solved.scored.append((answer_id, revision))
        solved.differentials.append(fields.get("differential") or [])
        solved.ranks.append(rank)
    return list(found.values())


def group_count(count: int, size: int, limit: int) -> int:
    """How many groups :func:`groups_of` gives."""
    return min(math.comb(count, size), limit)


def groups_of(case_id: int, count: int, size: int, limit: int) -> list[tuple[int, ...]]:
    """Groups of ``size`` of ``count`` answers (by position): all, or ``limit`` drawn."""
    if count < size:
        return []
    if math.comb(count, size) <= limit:
        return list(itertools.combinations(range(count), size))
    # Not a secret, a sample: a string seed is hashed with SHA-512, so every
    # process draws the same groups.
    chance = random.Random(f"casecrowd-stats:{case_id}:{size}")  # noqa: S311
    drawn: set[tuple[int, ...]] = set()
    while len(drawn) < limit:
        drawn.add(tuple(sorted(chance.sample(range(count), size))))
    return sorted(drawn)


def pooled_hit(differentials: Sequence[Sequence[Any]], final: dict[str, Any]) -> bool:
    """Whether the unweighted pool of these differentials has ``final`` in its top three."""
    ranking = [entry.key for entry in pool([(d, 0) for d in differentials])]
    rank = scoring.rank_of_keys(ranking, final)
    return rank is not None and rank <= TOP_RANKS


# Each case's figures, by SolvedCase.identity: a case's groups are pooled once
# per process, not on every request (a pool of nine takes about a millisecond).
_CASE_FIGURES: dict[tuple[Any, ...], dict[int, tuple[int, int]]] = {}
CACHED_CASES = 4 * MAX_CASES


def case_figures(case: SolvedCase, per_case_limit: int) -> dict[int, tuple[int, int]]:
    """(hits, groups) for each group size the case has enough pooled answers for."""
    identity = case.identity(per_case_limit)
    figures = _CASE_FIGURES.get(identity)
    if figures is None:
        usable = case.pooled()
        figures = {}
        for size in GROUP_SIZES:
            drawn = groups_of(case.case_id, len(usable), size, per_case_limit)
            if drawn:
                hits = sum(pooled_hit([usable[i] for i in group], case.final) for group in drawn)
                figures[size] = (hits, len(drawn))
        if len(_CASE_FIGURES) >= CACHED_CASES:
            _CASE_FIGURES.clear()
        _CASE_FIGURES[identity] = figures
    return figures


def _rate(hits: float, total: int) -> float | None:
    return hits / total if total else None


def crowd_stats() -> dict[str, Any]:
    """The crowd statistics (see the module's docstring); rates are null with nothing to count."""
    solved = _solved_cases()
    per_case_limit = crowd_config().stats_groups_per_case
    ranks = [rank for case in solved for rank in case.ranks]
    top3 = sum(1 for rank in ranks if rank is not None and rank <= TOP_RANKS)
    budget = MAX_POOLS
    case_rates: dict[int, list[float]] = defaultdict(list)
    pooled: dict[int, int] = defaultdict(int)
    for case in solved:  # newest first: past the budget, the oldest are left out
        count = len(case.pooled())
        budget -= sum(group_count(count, size, per_case_limit) for size in GROUP_SIZES)
        if budget < 0:
            break
        for size, (hits, groups) in case_figures(case, per_case_limit).items():
            case_rates[size].append(hits / groups)
            pooled[size] += groups
    return {
        "cases": len(solved),
        "individual_top3": _rate(top3, len(ranks)),
        "groups": [
            {
                "size": size,
                "cases": len(case_rates[size]),
                "groups": pooled[size],
                "top3": _rate(sum(case_rates[size]), len(case_rates[size])),
            }
            for size in GROUP_SIZES
        ],
        "method": METHOD,
    }
