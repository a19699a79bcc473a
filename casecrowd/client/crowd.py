"""A case's crowd differential, recomputed from signed envelopes only.

The forum pools its answers' differentials weighted by their scores; both come from
its database, which whoever runs it can rewrite. The recount uses nothing of that:
each answer's differential is composed from its signed revisions (as ``case show``
composes it, :func:`casecrowd.client.shown.compose`), each answer's score is the sum
of the signed votes on it, the latest per voter key, and the pool is computed with
the very function the forum runs (:func:`casecrowd.diagnoses.pooling.pool`).

Invariants: an answer counts only when its every revision verified; a vote counts
only when its proof verifies and it signs a vote on that answer. An answer whose text
moderation hid from this reader or purged is left out on both sides (the forum pools
only the answers it shows the reader), and said so.

Limits: the forum can still withhold whole answers or votes; the recount then agrees
with a pool of fewer answers and cannot tell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from casecrowd.client.shown import Check, ShownCase
from casecrowd.diagnoses.pooling import crowd_document, pool
from casecrowd.protocol.votes import signed_order

# Points are sums of fractions; the forum serves them as floats.
POINTS_TOLERANCE = 1e-9
ENTRY_MEMBERS = ("key", "diagnosis", "code", "answers", "ranks")


@dataclass
class Recount:
    """What the signed envelopes give, and how the forum's crowd differential differs."""

    answers: int = 0  # signed answers with a differential, pooled
    votes: int = 0  # signed votes counted (the latest of each voter)
    unshown: int = 0  # answers hidden from this reader or purged: in neither pool
    recomputed: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)  # what could not be used
    differences: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.problems and not self.differences

    def as_json(self) -> dict[str, Any]:
        return {
            "matches": self.matches,
            "answers": self.answers,
            "votes": self.votes,
            "unshown_answers": self.unshown,
            "recomputed": self.recomputed,
            "problems": self.problems,
            "differences": self.differences,
        }


def support(entry: Mapping[str, Any]) -> str:
    """ "listed by 3 answers at ranks 1, 1, 2": how many answers carry an entry, and where."""
    count = entry.get("answers")
    ranks = list(entry.get("ranks") or [])
    noun = "answer" if count == 1 else "answers"
    at = "rank" if len(ranks) == 1 else "ranks"
    return f"listed by {count} {noun} at {at} {', '.join(map(str, ranks))}"


def signed_score(votes: Mapping[str, Any], answer_id: int, check: Check) -> tuple[int, int, list]:
    """(score, votes counted, problems) from the signed votes the forum lists for an answer.

    The latest vote of each key counts, as the forum counts them; a withdrawn vote
    (value 0) counts as nothing.
    """
    latest: dict[bytes, tuple[Any, int]] = {}
    problems: list[str] = []
    for vote in votes.get("votes") or []:
        proof = vote.get("proof") or {}
        label = f"vote proof {proof.get('proof_id')}"
        result = check(proof)
        failed = result.failed(registration=result.trusted_keys > 0)
        body = result.signed
        if failed or body is None or result.author_key is None:
            problems += [f"{label}: {step.name}: {step.explanation}" for step in failed]
            if not failed:
                problems.append(f"{label}: it has no signed vote to count")
            continue
        target = (body.get("kind"), body.get("target"), body.get("target_id"))
        value = body.get("value")
        if target != ("vote", "answer", answer_id) or value not in (-1, 0, 1):
            problems.append(f"{label} does not sign a vote on answer {answer_id}")
            continue
        order = signed_order(body)
        if result.author_key not in latest or latest[result.author_key][0] < order:
            latest[result.author_key] = (order, value)
    return sum(value for _created, value in latest.values()), len(latest), problems


def recount(
    case: Mapping[str, Any],
    shown: ShownCase,
    votes_by_answer: Mapping[int, Mapping[str, Any]],
    check: Check,
) -> Recount:
    """Pool the signed differentials of ``case``'s answers under their signed scores, and
    compare with the forum's ``crowd_differential``.

    ``shown`` is the case page composed from its proofs; ``votes_by_answer`` the forum's
    votes document of each answer shown with a differential.
    """
    result = Recount()
    pooled_answers: list[tuple[list[Mapping[str, Any]], int]] = []
    for answer in case.get("answers") or []:
        item = shown.answers[answer["id"]]
        if item.unshown is not None:
            result.unshown += 1
            continue
        if item.signed is None:
            result.problems.append(f"answer {answer['id']}: its signed revisions do not check")
            result.problems += [f"answer {answer['id']}: {problem}" for problem in item.problems]
            continue
        differential = item.signed.get("differential") or []
        if not differential:
            continue
        score, counted, problems = signed_score(
            votes_by_answer.get(answer["id"], {}), answer["id"], check
        )
        result.problems += problems
        result.votes += counted
        pooled_answers.append((differential, score))
    result.answers = len(pooled_answers)
    result.recomputed = crowd_document(pool(pooled_answers), len(pooled_answers))
    result.differences = differences(case.get("crowd_differential"), result.recomputed)
    return result


def differences(served: Any, recomputed: dict[str, Any] | None) -> list[str]:
    """How the forum's crowd differential differs from the recomputed one, in words."""
    if served is None or recomputed is None:
        if (served is None) == (recomputed is None):
            return []
        if served is None:
            return ["the forum shows no crowd differential, but signed answers have differentials"]
        return ["the forum shows a crowd differential, but no signed answer has a differential"]
    found: list[str] = []
    if served.get("answers_pooled") != recomputed["answers_pooled"]:
        found.append(
            f"the forum pools {served.get('answers_pooled')} answers,"
            f" the signed envelopes {recomputed['answers_pooled']}"
        )
    entries = served.get("entries") or []
    expected = recomputed["entries"]
    if [e.get("key") for e in entries] != [e["key"] for e in expected]:
        found.append(
            "the order differs: the forum ranks "
            + ", ".join(str(e.get("key")) for e in entries)
            + "; the signed envelopes rank "
            + ", ".join(e["key"] for e in expected)
        )
    for rank, (shown_entry, entry) in enumerate(zip(entries, expected, strict=False), start=1):
        found += _entry_differences(rank, shown_entry, entry)
    return found


def _entry_differences(rank: int, served: Mapping[str, Any], entry: Mapping[str, Any]) -> list:
    found = []
    if served.get("rank") != rank:
        found.append(f"entry {rank} is numbered {served.get('rank')}")
    for name in ENTRY_MEMBERS:
        if served.get(name) != entry[name]:
            found.append(
                f"entry {rank} ({entry['key']}): the forum shows {name} {served.get(name)!r},"
                f" the signed envelopes give {entry[name]!r}"
            )
    points = served.get("points")
    if not isinstance(points, int | float) or abs(points - entry["points"]) > POINTS_TOLERANCE:
        found.append(
            f"entry {rank} ({entry['key']}): the forum shows {points!r} points,"
            f" the signed envelopes give {entry['points']!r}"
        )
    return found
