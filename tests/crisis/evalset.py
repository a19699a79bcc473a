"""The labelled set under ``eval/``: one JSON object a line, ``{"text", "distress"}``.

- ``distress.jsonl`` / ``clinical.jsonl``: the development set, written with the
  rules and tuned against. ``distress`` is the writer's own suicidal or self-harm
  language; ``clinical`` is patient risk assessments, reported speech, venting
  without self-harm and figures of speech ("this rota is killing me").
- ``sealed_*.jsonl``: written after the rules, scored once, never tuned against;
  its figures are the honest measure of unseen text. A new sealed set is due
  whenever the rules change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from casecrowd.client.crisis import mentions

EVAL = Path(__file__).parent / "eval"


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def labelled(*names: str) -> list[tuple[str, bool]]:
    """(text, is the writer's distress) for every line of the named files."""
    rows = []
    for name in names:
        for line in (EVAL / f"{name}.jsonl").read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], bool(row["distress"])))
    return rows


def score(rows: list[tuple[str, bool]]) -> Score:
    """Text-level counts: a text counts as flagged when it has any mention."""
    flagged = [(bool(mentions({"body": text})), wanted) for text, wanted in rows]
    return Score(
        sum(1 for got, wanted in flagged if got and wanted),
        sum(1 for got, wanted in flagged if got and not wanted),
        sum(1 for got, wanted in flagged if not got and wanted),
    )


if __name__ == "__main__":
    for label, names in (
        ("development", ("distress", "clinical")),
        ("sealed", ("sealed_distress", "sealed_clinical")),
    ):
        rows = labelled(*names)
        result = score(rows)
        print(
            f"{label}: {len(rows)} texts, precision {result.precision:.3f},"
            f" recall {result.recall:.3f} ({result})"
        )
