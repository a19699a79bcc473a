"""Running the linkage audit over several population sizes, and printing both tables."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from casecrowd.audit.adversaries import Adversary, adversaries
from casecrowd.audit.attacks import ATTACKS, Score, attack
from casecrowd.audit.capture import Capture
from casecrowd.audit.columns import MEMBERSHIP, PSEUDONYM
from casecrowd.audit.journey import STEP_TITLES
from casecrowd.audit.population import (
    CURRENT_CLIENT,
    NEW_FRACTION,
    OLD_CLIENT,
    PSEUDONYMS_PER_MEMBER,
    Population,
    simulate,
)

# Enough pseudonyms per configuration that a fraction near 1/1000 is not noise.
MIN_PSEUDONYMS = 3000
# A configuration that produces no measured pseudonym would otherwise loop for ever.
MAX_TRIALS = 10_000


@dataclass(frozen=True)
class Options:
    """``casecrowd audit linkage``'s flags and their defaults."""

    members: tuple[int, ...] = (50, 200, 1000)
    trials: int | None = None  # None: as many as MIN_PSEUDONYMS needs
    seed: int = 0
    new_fraction: float = NEW_FRACTION
    pseudonyms_per_member: int = PSEUDONYMS_PER_MEMBER
    baseline: bool = False


@dataclass(frozen=True)
class Row:
    members: int
    adversary: Adversary
    trials: int
    score: Score

    @property
    def linked(self) -> float:
        return self.score.fraction(self.score.best)

    @property
    def chance(self) -> float:
        return self.score.chance_fraction

    @property
    def ratio(self) -> float:
        return self.linked / self.chance if self.chance else float("inf")

    def final_line(self) -> str:
        return (
            f"linkage N={self.members} adversary={self.adversary.name}:"
            f" linked {self.linked:.4f} chance {self.chance:.4f}"
        )


def _done(options: Options, trials: int, measured: int) -> bool:
    if options.trials is not None:
        return trials >= options.trials
    return measured >= MIN_PSEUDONYMS or trials >= MAX_TRIALS


def run(options: Options, capture: Capture) -> list[Row]:
    """Every (members, adversary) configuration; both adversaries see the same trials."""
    observers = adversaries(capture)
    client = OLD_CLIENT if options.baseline else CURRENT_CLIENT
    rows = []
    for members in options.members:
        population = Population(
            members,
            new_fraction=options.new_fraction,
            pseudonyms_per_member=options.pseudonyms_per_member,
            client=client,
        )
        totals = {(o.name, view): Score() for o in observers for view in o.views()}
        trials = 0
        while not _done(options, trials, next(iter(totals.values())).pseudonyms):
            # Seeded generators on purpose: a run must be repeatable; nothing here is secret.
            label = f"casecrowd-audit/{options.seed}/{client.name}/{members}/{trials}"
            trial = simulate(population, random.Random(label))  # noqa: S311
            for name, view in totals:
                guesses = random.Random(f"{label}/{name}/{view}")  # noqa: S311
                totals[name, view].add(attack(trial, view, client, guesses))
            trials += 1
        for observer in observers:
            score, *others = (totals[observer.name, view] for view in observer.views())
            for other in others:
                score.keep_best(other)
            rows.append(Row(members, observer, trials, score))
    return rows


def _markdown(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _duration(seconds: int) -> str:
    days, rest = divmod(seconds, 86400)
    if rest:
        return f"{seconds} s"
    return f"{days} day" if days == 1 else f"{days} days"


def render_linkage(rows: list[Row], options: Options) -> str:
    client = OLD_CLIENT if options.baseline else CURRENT_CLIENT
    lines = [
        f"Client model: {client.name} (published redemption delay"
        f" {_duration(client.delay_min)} to {_duration(client.delay_max)});"
        f" {options.new_fraction:.0%} of members new in the measured epoch;"
        f" {options.pseudonyms_per_member} pseudonym(s) wanted per batch; seed {options.seed}.",
        "",
    ]
    seen: set[str] = set()
    for row in rows:
        if row.adversary.name not in seen:
            seen.add(row.adversary.name)
            adversary = row.adversary
            lines.append(
                f"- {adversary.name}: issuance {adversary.issuance}; approval"
                f" {adversary.approval}; appearance {adversary.appearance}"
            )
    lines.append("")
    header = ["members", "adversary", "trials", "pseudonyms", *ATTACKS]
    header += ["linked", "chance", "ratio"]
    table = [
        [
            row.members,
            row.adversary.name,
            row.trials,
            row.score.pseudonyms,
            *(f"{row.score.fraction(name):.4f}" for name in ATTACKS),
            f"{row.linked:.4f} ({row.score.best})",
            f"{row.chance:.4f}",
            f"{row.ratio:.2f}",
        ]
        for row in rows
    ]
    lines += _markdown(header, table)
    lines.append("")
    lines += [row.final_line() for row in rows]
    return "\n".join(lines)


def _tied(tied_to: tuple[str, ...]) -> str:
    if set(tied_to) >= {MEMBERSHIP, PSEUDONYM}:
        return "**membership and pseudonym**"
    return ", ".join(tied_to) or "none"


def _steps(steps: Iterable[str]) -> str:
    return ", ".join(STEP_TITLES[step] for step in steps) or "-"


def render_times(capture: Capture) -> str:
    """Markdown: every time column of both databases, every kind of log line, both adversaries."""
    lines = ["### Columns holding times", ""]
    columns = [
        [
            column.bind,
            column.table,
            column.column,
            column.sql_type,
            _tied(column.tied_to),
            f"{column.precision} (assumed: no value stored)"
            if column.assumed
            else column.precision,
            column.values,
            _steps(column.written_during),
        ]
        for column in capture.columns
    ]
    header = ["database", "table", "column", "type", "tied to", "precision", "values"]
    lines += _markdown([*header, "written while"], columns)
    lines += ["", "### Log lines", ""]
    logs = [
        [
            kind.logger,
            kind.level,
            STEP_TITLES[kind.step],
            kind.route,
            STEP_TITLES[kind.during] if kind.during else "-",
            kind.count,
            f"{kind.precision} (its timestamp)",
        ]
        for kind in capture.logs
    ]
    header = [
        "logger",
        "level",
        "written while",
        "request",
        "moment it dates",
        "lines",
        "precision",
    ]
    lines += _markdown(header, logs) if logs else ["No server log line was written."]
    lines += ["", "### What each adversary knows", ""]
    lines += _markdown(
        ["adversary", "issuance", "approval", "appearance"],
        [
            [adversary.name, adversary.issuance, adversary.approval, adversary.appearance]
            for adversary in adversaries(capture)
        ],
    )
    return "\n".join(lines)
