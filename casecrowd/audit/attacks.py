"""Guessing each pseudonym's membership from times alone, and the timing-blind guess.

An adversary knows each issuance and each appearance only to its precision: a time
``t`` seen at granularity ``g`` is the interval ``[t - t % g, t - t % g + g)``. Every
guesser walks the appearances in order (ties at the adversary's precision in random
order), may assign a pseudonym only to a membership with a token left (obtained,
possibly, before the appearance and not yet assigned by this guesser), and scores
``1/k`` when the truth is among the ``k`` memberships it cannot tell apart.

* ``nearest``: the membership whose last issuance most closely precedes the appearance
  by at least the client's published minimum delay;
* ``window``: uniform over the memberships with an issuance between the appearance
  minus the published maximum and minus the minimum delay (Bayes-optimal when the
  delay is uniform);
* ``latest``: the latest issuance at or before the appearance, whatever the delay:
  it finds a registration that falls at the moment its own membership obtained tokens;
* chance: uniform over every membership that obtained a token before the appearance
  (at the adversary's precision). It does not track tokens left: which memberships
  still hold a token after the earlier pseudonyms is itself learnt from time (with the
  old client, one token per pseudonym, it is the membership that fetched last).
"""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass, field

from casecrowd.audit.population import ClientModel, Trial

ATTACKS = ("nearest", "window", "latest")


@dataclass(frozen=True)
class View:
    """What one adversary sees, as granularities in seconds."""

    issuance: int
    approval: int
    appearance: int


@dataclass
class Score:
    pseudonyms: int = 0
    linked: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ATTACKS, 0.0))
    chance: float = 0.0

    def keep_best(self, other: Score) -> None:
        """Each attack's better sum, over the same pseudonyms seen at another precision."""
        for name in ATTACKS:
            self.linked[name] = max(self.linked[name], other.linked[name])

    def add(self, other: Score) -> None:
        self.pseudonyms += other.pseudonyms
        self.chance += other.chance
        for name in ATTACKS:
            self.linked[name] += other.linked[name]

    def fraction(self, name: str) -> float:
        return self.linked[name] / self.pseudonyms if self.pseudonyms else 0.0

    @property
    def best(self) -> str:
        return max(ATTACKS, key=self.fraction)

    @property
    def chance_fraction(self) -> float:
        return self.chance / self.pseudonyms if self.pseudonyms else 0.0


class _Events:
    """Issuances as the adversary sees them, sorted by the start of their interval."""

    def __init__(self, trial: Trial, view: View) -> None:
        seen = []
        for issuance in trial.issuances:
            grain = min(view.issuance, view.approval) if issuance.at_approval else view.issuance
            low = issuance.at - issuance.at % grain
            seen.append((low, low + grain, issuance.member, issuance.tokens))
        seen.sort()
        self.low = [event[0] for event in seen]
        self.high = [event[1] for event in seen]
        self.member = [event[2] for event in seen]
        self.tokens = [event[3] for event in seen]
        self.widest = max((high - low for low, high, _, _ in seen), default=1)


def _nearest(events: _Events, bound: int, obtained: list[int], assigned: list[int]) -> list[int]:
    """Memberships tied for the latest issuance starting before ``bound``, with a token left."""
    group: list[int] = []
    group_low = None
    index = bisect_left(events.low, bound) - 1
    while index >= 0:
        low = events.low[index]
        if group_low is not None and low != group_low:
            break
        member = events.member[index]
        if obtained[member] > assigned[member] and member not in group:
            group_low = low
            group.append(member)
        index -= 1
    return group


def _window(
    events: _Events, upper: int, lower: int, obtained: list[int], assigned: list[int]
) -> list[int]:
    """Memberships with an issuance possibly in (lower, upper), with a token left."""
    start = bisect_left(events.low, lower - events.widest + 1)
    stop = bisect_left(events.low, upper)
    found: dict[int, None] = {}
    for index in range(start, stop):
        member = events.member[index]
        if events.high[index] > lower and obtained[member] > assigned[member]:
            found[member] = None
    return list(found)


def attack(trial: Trial, view: View, client: ClientModel, rng: random.Random) -> Score:
    """Every guesser over one trial, as seen by one adversary."""
    members = 1 + max((i.member for i in trial.issuances), default=0)
    events = _Events(trial, view)
    grain = view.appearance
    order = sorted(trial.appearances, key=lambda a: (a.at - a.at % grain, rng.random()))
    obtained = [0] * members
    assigned = {name: [0] * members for name in ATTACKS}
    issued_members = 0
    score = Score()
    next_event = 0
    for appearance in order:
        seen_at = appearance.at - appearance.at % grain
        limit = seen_at + grain  # an issuance starting before this may precede it
        while next_event < len(events.low) and events.low[next_event] < limit:
            member = events.member[next_event]
            issued_members += obtained[member] == 0
            obtained[member] += events.tokens[next_event]
            next_event += 1
        earliest = limit - client.delay_min
        groups = {
            "nearest": _nearest(events, earliest, obtained, assigned["nearest"]),
            "window": _window(
                events, earliest, seen_at - client.delay_max, obtained, assigned["window"]
            ),
            "latest": _nearest(events, limit, obtained, assigned["latest"]),
        }
        if appearance.measured:
            score.pseudonyms += 1
            score.chance += 1 / issued_members if issued_members else 0.0
            for name, group in groups.items():
                if appearance.member in group:
                    score.linked[name] += 1 / len(group)
        for name, group in groups.items():
            if group:
                assigned[name][rng.choice(group)] += 1
    return score
