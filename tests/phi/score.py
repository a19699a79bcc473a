"""Score the PHI scanner on the labelled evaluation set.

    python -m tests.phi.score            # every set of tests/phi/eval, oldest first
    python -m tests.phi.score --verbose  # also list every miss and false flag
    python -m tests.phi.score --sets icu_dev posts_dev --casings
                                         # chosen sets, as written, in UPPER and in lower
    python -m tests.phi.score --sealed   # and the sealed sets for every letter case

Span recall (per category): a marked span counts as found when every letter
and digit in it lies inside some finding, whatever its category (a finding of
any category blocks the text); "any overlap" counts it when a finding touches
it at all, as a reviewer counting hits would. Character precision: of the letters and digits
inside findings, the share that lies inside marked spans. Note level: a note is
flagged when it has any finding, high or low (both stop a post until handled).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field

from casecrowd.phi import CATEGORY_NAMES, Finding, scan

from .evalset import CASINGS, Note, Span, in_casing, load


@dataclass
class Score:
    found: Counter = field(default_factory=Counter)
    overlapped: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    flagged_chars: int = 0
    true_flagged_chars: int = 0
    notes_with_phi: int = 0
    notes_with_phi_flagged: int = 0
    clean_notes: int = 0
    clean_notes_flagged: int = 0
    clean_notes_blocked: int = 0
    misses: list[str] = field(default_factory=list)
    false_flags: list[str] = field(default_factory=list)

    def recall(self, category: str) -> float:
        return self.found[category] / self.total[category] if self.total[category] else 1.0

    @property
    def overall_recall(self) -> float:
        total = sum(self.total.values())
        return sum(self.found.values()) / total if total else 1.0

    @property
    def overlap_recall(self) -> float:
        """Marked spans that some finding touches, as a reviewer counting hits would."""
        total = sum(self.total.values())
        return sum(self.overlapped.values()) / total if total else 1.0

    @property
    def char_precision(self) -> float:
        return self.true_flagged_chars / self.flagged_chars if self.flagged_chars else 1.0

    @property
    def note_precision(self) -> float:
        flagged = self.notes_with_phi_flagged + self.clean_notes_flagged
        return self.notes_with_phi_flagged / flagged if flagged else 1.0

    @property
    def note_recall(self) -> float:
        return self.notes_with_phi_flagged / self.notes_with_phi if self.notes_with_phi else 1.0

    @property
    def false_flag_rate(self) -> float:
        return self.clean_notes_flagged / self.clean_notes if self.clean_notes else 0.0

    @property
    def false_block_rate(self) -> float:
        """PHI-free notes refused outright: a high finding blocks whatever the author says."""
        return self.clean_notes_blocked / self.clean_notes if self.clean_notes else 0.0


def _covered(findings: list[Finding]) -> set[int]:
    return {i for f in findings for i in range(f.start, f.end)}


def _describe(note: Note, item: Finding | Span) -> str:
    excerpt = note.text[item.start : item.end]
    rule = f" {item.rule}/{item.confidence}" if isinstance(item, Finding) else ""
    return f"{note.source}: {item.category}{rule} {excerpt!r}"


def score(notes: list[Note]) -> Score:
    result = Score()
    for note in notes:
        findings = scan(note.text)
        covered = _covered(findings)
        marked = {i for s in note.spans for i in range(s.start, s.end)}
        for span in note.spans:
            result.total[span.category] += 1
            needed = [i for i in range(span.start, span.end) if note.text[i].isalnum()]
            result.overlapped[span.category] += any(i in covered for i in needed)
            if all(i in covered for i in needed):
                result.found[span.category] += 1
            else:
                result.misses.append(_describe(note, span))
        for i in covered:
            if note.text[i].isalnum():
                result.flagged_chars += 1
                result.true_flagged_chars += i in marked
        for item in findings:
            if not any(i in marked for i in range(item.start, item.end)):
                result.false_flags.append(_describe(note, item))
        if note.spans:
            result.notes_with_phi += 1
            result.notes_with_phi_flagged += bool(findings)
        else:
            result.clean_notes += 1
            result.clean_notes_flagged += bool(findings)
            result.clean_notes_blocked += any(f.confidence == "high" for f in findings)
    return result


def report(title: str, result: Score, *, verbose: bool, out=sys.stdout) -> None:
    print(f"== {title}", file=out)
    print(f"{'category':<60} found/total  recall", file=out)
    for category, name in CATEGORY_NAMES.items():
        if result.total[category]:
            label = f"{category} {name}"[:58]
            found, total = result.found[category], result.total[category]
            print(f"{label:<60} {found:>5}/{total:<5} {result.recall(category):.3f}", file=out)
    print(
        f"{'all identifiers':<60} {sum(result.found.values()):>5}/{sum(result.total.values()):<5}"
        f" {result.overall_recall:.3f}",
        file=out,
    )
    print(
        f"{'all identifiers, any overlap':<60} {sum(result.overlapped.values()):>5}/"
        f"{sum(result.total.values()):<5} {result.overlap_recall:.3f}",
        file=out,
    )
    print(f"character precision            {result.char_precision:.3f}", file=out)
    print(f"note-level flag precision      {result.note_precision:.3f}", file=out)
    print(
        f"note-level flag recall         {result.note_recall:.3f} "
        f"({result.notes_with_phi_flagged}/{result.notes_with_phi} notes with PHI)",
        file=out,
    )
    print(
        f"false flags on PHI-free notes  {result.false_flag_rate:.3f} "
        f"({result.clean_notes_flagged}/{result.clean_notes} notes)",
        file=out,
    )
    print(
        f"PHI-free notes blocked outright {result.false_block_rate:.3f} "
        f"({result.clean_notes_blocked}/{result.clean_notes} notes with a high finding)",
        file=out,
    )
    if verbose:
        for line in result.misses:
            print(f"  missed  {line}", file=out)
        for line in result.false_flags:
            print(f"  flagged {line}", file=out)


# The sets after the development set, in the order they were written (see evalset).
SETS = (
    ("held-out set", "holdout"),
    ("fresh set, written after the first rules", "fresh"),
    ("blind set, written before the second rules, then tuned against", "blind"),
    ("final set, scored once after the second rules, then tuned against", "final"),
    ("sealed set, written after the last rules, never tuned against", "sealed"),
)
# Sets written to be read in every letter case, each scored as written, in UPPER and in
# lower: ICU and ward notes, and physicians' posts, case reports, consult and operative
# notes. The development sets were tuned against; the sealed ones were written with
# them, committed before the rules for every letter case, and never looked at.
CASED_SETS = (
    ("ICU notes, tuned against", "icu_dev"),
    ("ICU notes, second batch, tuned against", "icu_dev2"),
    ("posts and reports, tuned against", "posts_dev"),
    ("posts and reports, second batch, tuned against", "posts_dev2"),
    ("ICU notes, third batch, dense with look-alikes, tuned against", "icu_dev3"),
    ("posts and reports, third batch, dense with look-alikes, tuned against", "posts_dev3"),
)
SEALED_CASED_SETS = (
    ("ICU notes, sealed, scored once then tuned against", "icu_sealed"),
    ("posts and reports, sealed, scored once then tuned against", "posts_sealed"),
    ("ICU notes, second sealed set", "icu_sealed2"),
    ("posts and reports, second sealed set", "posts_sealed2"),
    ("ICU notes, third sealed set", "icu_sealed3"),
    ("posts and reports, third sealed set", "posts_sealed3"),
    ("ICU notes, fourth sealed set", "icu_sealed4"),
    ("posts and reports, fourth sealed set", "posts_sealed4"),
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and false flags")
    parser.add_argument("--sets", nargs="+", metavar="FOLDER", help="score only these folders")
    parser.add_argument(
        "--casings", action="store_true", help="score each set as written, in UPPER and in lower"
    )
    parser.add_argument(
        "--sealed", action="store_true", help="also score the sealed sets for every letter case"
    )
    args = parser.parse_args(argv)
    if args.sets:
        for folder in args.sets:
            for casing in CASINGS if args.casings else ("as written",):
                report(
                    f"eval/{folder}, {casing}",
                    score_in_casing(folder, casing),
                    verbose=args.verbose,
                )
        return
    report(
        "development set (eval/notes + eval/clean)",
        score(load("notes", "clean")),
        verbose=args.verbose,
    )
    for title, folder in SETS:
        report(f"{title} (eval/{folder})", score(load(folder)), verbose=args.verbose)
    for title, folder in CASED_SETS + (SEALED_CASED_SETS if args.sealed else ()):
        for casing in CASINGS:
            result = score_in_casing(folder, casing)
            report(f"{title} (eval/{folder}), {casing}", result, verbose=args.verbose)


def score_in_casing(folder: str, casing: str) -> Score:
    return score([in_casing(note, casing) for note in load(folder)])


if __name__ == "__main__":
    main()
