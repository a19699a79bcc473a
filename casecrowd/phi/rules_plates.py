"""Vehicle licence plates (category L): the plate after the word that names it.

"MA plate 7XK 492", "plate 4RT-L92", "the plate, per CPD, is IL DGT 4481",
"plate kxt 219": a plate has no shape of its own (letters and digits in groups,
a state's code before it), so it is read only after "plate", "license plate" or
"tag #", a few short words on and within the sentence. An operative note is full
of bone plates ("titanium plate with 14 mm screws"), so a plate is a vehicle's only
with a vehicle or the police nearby ("car", "truck", "towed", "CPD", "registered")
or when the label says "license plate". The value still needs two digits, so
"plate was towed" and "the plate, per CPD" are not plates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .findings import Finding, finding
from .tokens import literal_spans, lowered, windows

PLATE_LABEL = re.compile(
    r"(?i:\b(?:licen[cs]e\s{1,2})?plates?\b|\btags?(?=\s{0,2}(?:#|no\b|number\b|:)))"
)
# A state's code, then up to three groups of letters and digits ("IL DGT 4481", "3M-48821").
PLATE_VALUE = re.compile(
    r"(?<![\w-])(?:(?P<state>[A-Za-z]{2})\s{1,2})?"
    r"(?P<plate>[A-Za-z0-9]{1,5}(?:[ -][A-Za-z0-9]{1,5}){0,2})(?![\w-])"
)
# How far after the label the plate may stand: "plate, per CPD, is IL DGT 4481".
REACH = 40
SENTENCE_END = re.compile(r"[.;:]\s|\n")
# Words that put a vehicle around a plate, searched this far on either side of the label.
VEHICLE = re.compile(
    r"(?i:\b(?:license|licence|car|cars|truck|pickup|vehicle|van|suv|sedan|motorcycle|bike|"
    r"taxi|cab|bus|driv\w*|police|patrol|officer|[a-z]{0,3}pd|towed|tow|registered|registration|dmv|"
    r"hit-and-run|crash|mvc|mva|collision|parked|parking)\b)"
)
VEHICLE_REACH = 80
PLATE_CUES = ("plate", "tag")


def _everyday(group: str) -> bool:
    return group.isalpha() and lexicon.is_common_word(group)


def _plate_groups(plate: str) -> tuple[int, list[str]]:
    """The groups of a candidate without the everyday words around them ("was 7XK 492
    towed"), and how many characters were dropped before them."""
    groups = re.split(r"([ -])", plate)
    while groups and _everyday(groups[-1]):
        groups = groups[:-2]
    dropped = 0
    while len(groups) > 1 and _everyday(groups[0]):
        dropped += len(groups[0]) + 1
        groups = groups[2:]
    return dropped, groups


def _is_plate(groups: list[str]) -> bool:
    """Letters and two digits, or four digits: "with 12 screws" after a bone plate is none."""
    value = "".join(groups[0::2])
    digits = sum(c.isdigit() for c in value)
    has_letter = any(c.isalpha() for c in value)
    return 4 <= len(value) <= 9 and (digits >= 4 or has_letter and digits >= 2)


def plates(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, literal_spans(lowered(text), PLATE_CUES), 10, REACH + 10):
        for label in PLATE_LABEL.finditer(text, lo, hi):
            around = max(0, label.start() - VEHICLE_REACH), label.end() + VEHICLE_REACH
            if label.group().lower().startswith("plate") and not VEHICLE.search(text, *around):
                continue
            yield from _plate_after(text, label.end())


def _plate_after(text: str, start: int) -> Iterator[Finding]:
    stop = SENTENCE_END.search(text, start, start + REACH)
    for match in PLATE_VALUE.finditer(text, start, stop.start() if stop else start + REACH):
        dropped, groups = _plate_groups(match["plate"])
        if not _is_plate(groups):
            continue
        start = match.start(2) + dropped
        state = match["state"]
        if state and not dropped and state.upper() in lexicon.STATE_CODES:
            start = match.start()
        yield finding("L", start, match.start(2) + dropped + len("".join(groups)), "licence-plate")
        return


RULES = (plates,)
