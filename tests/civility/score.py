"""Scoring the civility check on a labelled set: ``{"text", "hostile", "kind"}`` a line.

    python -m tests.civility.score FILE.jsonl [--verbose]

prints how many ordinary texts it fires on (false fires) and how many hostile texts
it finds (hits); ``--verbose`` lists every miss and every false fire. A text counts
as flagged when the check has any finding in it. ``eval/dev.jsonl`` is the
development set the rules were tuned on; a held-out set is the honest measure.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from casecrowd.client.civility import find

DEV = Path(__file__).parent / "eval" / "dev.jsonl"


@dataclass(frozen=True)
class Row:
    text: str
    hostile: bool
    kind: str


@dataclass(frozen=True)
class Score:
    """``false_fires`` are ordinary rows flagged; ``misses`` are hostile rows not flagged."""

    ordinary: int
    hostile: int
    false_fires: tuple[Row, ...]
    misses: tuple[Row, ...]

    @property
    def false_fire_rate(self) -> float:
        return len(self.false_fires) / self.ordinary if self.ordinary else 0.0

    @property
    def hit_rate(self) -> float:
        return (self.hostile - len(self.misses)) / self.hostile if self.hostile else 1.0


def rows(path: Path) -> list[Row]:
    """The labelled rows of a JSON-lines file, blank lines skipped."""
    lines = path.read_text("utf-8").splitlines()
    parsed = (json.loads(line) for line in lines if line.strip())
    return [Row(r["text"], bool(r["hostile"]), r.get("kind", "")) for r in parsed]


def score(labelled: list[Row]) -> Score:
    """Text-level counts of the check on ``labelled``."""
    flagged = [(row, bool(find({"body": row.text}))) for row in labelled]
    return Score(
        ordinary=sum(1 for row in labelled if not row.hostile),
        hostile=sum(1 for row in labelled if row.hostile),
        false_fires=tuple(row for row, got in flagged if got and not row.hostile),
        misses=tuple(row for row, got in flagged if not got and row.hostile),
    )


def report(result: Score, verbose: bool) -> str:
    """The printed summary; with ``verbose``, each false fire with its findings and
    each miss with its kind."""
    fired, hits = len(result.false_fires), result.hostile - len(result.misses)
    lines = [
        f"false fires on ordinary texts: {fired}/{result.ordinary} "
        f"({100 * result.false_fire_rate:.1f}%)",
        f"hits on hostile texts: {hits}/{result.hostile} ({100 * result.hit_rate:.1f}%)",
    ]
    if verbose:
        for row in result.false_fires:
            spans = [(f.excerpt, f.category) for f in find({"body": row.text})]
            lines.append(f"FALSE FIRE [{row.kind}] {row.text!r} -> {spans}")
        lines.extend(f"MISS [{row.kind}] {row.text!r}" for row in result.misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--verbose", action="store_true")
    arguments = parser.parse_args(argv)
    print(report(score(rows(arguments.file)), arguments.verbose))


if __name__ == "__main__":
    main()
