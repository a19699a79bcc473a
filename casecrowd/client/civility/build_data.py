"""Rebuild ``data/slurs.txt`` and ``data/insults.txt`` from the Surge AI profanity list.

Source: https://github.com/surge-ai/profanity (MIT licence, see ``data/NOTICE.md``),
file ``profanity_en.csv`` at commit 77dabf36454fd9b0f85c777c2808d416bc41f797. Run::

    git -C <clone> show 77dabf36454fd9b0f85c777c2808d416bc41f797:profanity_en.csv > en.csv
    python -m casecrowd.client.civility.build_data en.csv

The output is deterministic (sorted, lower case, de-duplicated) and committed, so the
client never reads the CSV at run time.

- ``slurs.txt``: rows in an identity category (race / ethnicity, sexual orientation /
  gender, disability) with severity >= SLUR_MIN_SEVERITY whose canonical forms name
  an identity slur (so "assfucker", filed under orientation, is not one), minus
  SLUR_EXCLUDED: entries that are ordinary or clinical words ("jigger" is a flea,
  "homo" is shorthand for homozygous, "nigra" is in substantia nigra, "gyp" is pain),
  compared with their disguises undone, so "n1g3r" is dropped with "niger". A slur is
  a finding anywhere.
- ``insults.txt``: single-token rows in the insult categories with severity >=
  INSULT_MIN_SEVERITY, minus verb and participle forms ("fuckin", "fucked") that
  read as intensifiers. An insult is a finding only when aimed at a person or a
  group, never on its own, so swearing at a shift or a computer is not a finding.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from casecrowd.client.civility.lexicon import plain

DATA = Path(__file__).parent / "data"
SLUR_CATEGORIES = {
    "racial / ethnic slurs",
    "sexual orientation / gender",
    "mental disability",
    "physical disability",
}
SLUR_MIN_SEVERITY = 2.0
# Canonical forms that are slurs for who someone is, not general profanity.
SLUR_CANONICAL = {
    "abeed", "beaner", "blacky", "camel jockey", "carpet muncher", "chingchong", "chink",
    "coon", "cotton picker", "dago", "darky", "dothead", "dyke", "fag", "faggot", "flamer",
    "fudge packer", "gook", "groid", "hebe", "injun", "jap", "jiggaboo", "kike", "ladyboy",
    "mongoloid", "nigga", "niggers", "nigger", "niggger", "oven dodger", "paki", "porch monkey",
    "raghead", "redskin", "retard", "sambo", "shemale", "slant eye", "spic", "tacohead",
    "tar-baby", "towelhead", "tranny", "wetback", "wop", "zipperhead",
}  # fmt: skip
# Ordinary or clinical words the list files as slurs.
SLUR_EXCLUDED = {
    "gyp", "homo", "homos", "jigger", "jiggs", "jigga", "spook", "spooks", "transvestite",
    "knickers", "nuggets", "buttermilk", "mongrel", "klan", "jim crow", "crow", "crows",
    "nicker", "spick", "wet back", "nigra", "nigre", "nigers", "niger", "nigerz",
}  # fmt: skip
INSULT_CATEGORIES = {"other / general insult", "mental disability", "physical attributes"}
INSULT_MIN_SEVERITY = 1.0
INSULT_EXCLUDED_ENDINGS = ("ing", "in", "in'", "ed", "ings", "eyah")
# Plain profanity ("fuck") is never an insult by itself; "scut" is ward slang for chores.
INSULT_EXCLUDED = {"fckyeah", "fucks", "fuck", "fvck", "fook", "mfk", "stfu", "kkk", "scut"}
INSULT_EXCLUDED |= {"bastinado"}  # a punishment, not a name for anyone


def _categories(row: dict[str, str]) -> set[str]:
    return {row[f"category_{n}"] for n in (1, 2, 3)} - {""}


def _canonical(row: dict[str, str]) -> set[str]:
    return {row[f"canonical_form_{n}"].lower() for n in (1, 2, 3)} - {""}


def slurs(rows: list[dict[str, str]]) -> list[str]:
    """Sorted, lower-case slur entries; see the module docstring for the rule."""
    chosen = {
        row["text"].strip().lower()
        for row in rows
        if _categories(row) & SLUR_CATEGORIES
        and float(row["severity_rating"]) >= SLUR_MIN_SEVERITY
        and _canonical(row) & SLUR_CANONICAL
    }
    # Compared undisguised, so "n1g3r" goes with "niger" (Aspergillus niger).
    return sorted(word for word in chosen if plain(word) not in SLUR_EXCLUDED)


def insults(rows: list[dict[str, str]]) -> list[str]:
    """Sorted, lower-case single-token insults; see the module docstring for the rule."""
    chosen = {
        text
        for row in rows
        if _categories(row) & INSULT_CATEGORIES
        and float(row["severity_rating"]) >= INSULT_MIN_SEVERITY
        and " " not in (text := row["text"].strip().lower())
        and not text.endswith(INSULT_EXCLUDED_ENDINGS)
    }
    return sorted(chosen - INSULT_EXCLUDED - set(slurs(rows)))


def _write(name: str, words: list[str], rule: str) -> None:
    header = f"# Built by build_data.py from surge-ai/profanity (MIT, see NOTICE.md): {rule}\n"
    (DATA / name).write_text(header + "".join(f"{w}\n" for w in words), "utf-8")


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    _write("slurs.txt", slurs(rows), f"identity slurs, severity >= {SLUR_MIN_SEVERITY}")
    _write("insults.txt", insults(rows), f"insults, severity >= {INSULT_MIN_SEVERITY}")


if __name__ == "__main__":
    main(sys.argv[1:])
