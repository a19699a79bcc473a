"""Wards, floors and buildings, and a hospital known by its initials (category B).

A ward named after a donor tells which hospital the patient lies in as surely as
the hospital's name ("Blake 12", "Phillips House 20", "6 Lindner", "the Lunder
building", "Tower B"); so do a hospital's initials after "at/to/from/
transferred..." ("transferred from MGH", "listed at BWH", "admitted to St. V's").
All are ``high``. A floor and a compass wing ("5 North") is no identifier: every
hospital has one, so it says nothing of which. Generic units are left alone too ("the
MICU", "PACU", "Burn Unit", "to CT", "from ED", "at OSH", "at baseline"): the
clinical acronyms are in ``data/clinical_acronyms.txt``. The view the rules read
keeps clinical words and unknown acronyms as written, so a word here may be in
any case: a cue before or after it is what makes it a ward.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .findings import Finding, finding
from .rules_place_words import is_care_unit_word, is_clinical_acronym
from .tokens import FoldedHint, starting_with, windows

_BUILDING = r"(?:House|Pavilion|Tower|Building|Wing|Hall)"
# A floor or a ward's number: one to three digits standing alone ("12", not "12mg", "1.5").
FLOOR = re.compile(r"(?<![\w.,/:'’-])\d{1,3}(?![\w%/'’-]|[.,]\d)")
# "Blake 12", "Phillips House 20", "Ellis 812": a donor's name, then the floor.
NAME_BEFORE = re.compile(
    rf"(?<![\w.'’-])(?P<name>[A-Za-z][a-z]{{1,30}}|[A-Z]{{2,30}})(?:\s{{1,2}}{_BUILDING})?"
    r"\s{1,2}$"
)
# "5 North", "7 SOUTH", "6 Lindner": the floor, then the wing or the donor.
WING_AFTER = re.compile(r"\s{1,2}(?P<wing>[A-Za-z][a-z]{1,30}|[A-Z]{2,30})(?![\w'’-])")
FLOOR = starting_with(r"\d", FLOOR)
WINGS = frozenset(("north", "south", "east", "west"))
# "the Lunder building", "Tower B", "Clinics 2".
NAMED_BUILDING = re.compile(
    r"(?<![\w-])(?P<name>[A-Za-z][a-z]{1,30}|[A-Z]{2,30})\s{1,2}(?i:building|pavilion|tower)\b"
)
BUILDING_NUMBER = re.compile(
    r"(?<![\w-])(?:Tower|TOWER|Building|Pavilion|Clinics)\s{1,2}[A-Z0-9](?:\d|(?<=\d)[A-Z])?"
    r"(?![\w'’-])"
)
# A place of care, a page or a transfer before the ward ("page from", "MICU ->", "Location:").
CUE_BEFORE = re.compile(
    r"(?i:\b(?:to|from|on|onto|at|in|location|loc|room|rm|floor|unit|ward|clinic|transfer|"
    r"signout|sign-out|hospital)|->|>)\s{0,2}[:,(-]?\s{0,2}(?i:the\s{1,2})?$"
)
# A transfer or an admission: after it even an eponym's name is a ward ("back to Blake 12").
STRONG_BEFORE = re.compile(
    r"(?i:\b(?:transferr?(?:ed|ing)?|moved|admitted|accepted|sent|back|returned|returning|d/?c'?d?"
    r"|discharged|bed\s{1,2}(?:on|in)|page[sd]?\s{1,2}from|call(?:ed)?\s{1,2}(?:stat\s{1,2})?(?:from|to)"
    r"|family\s{1,2}room|rapid\s{1,2}response|rrt)\s{1,2}(?:to|from|on|onto)?|->|>"
    r"|\b(?:location|loc):)\s{0,2}(?i:the\s{1,2})?$"
)
CUE_AFTER = re.compile(
    r"\s{0,2}[,(:-]?\s{0,2}(?i:neuro\s{1,2}|cardiac\s{1,2}|surgical\s{1,2})?(?i:RNs?\b|nurs(?:e|ing)\b|unit\b|ward\b|floor\b|team\b|staff\b|"
    r"charge\b|pod\b|[a-z]{0,5}icu\b|ccu\b|bmt\b|step-?down\b|med[/-]?surg|tele(?:metry)?\b|"
    r"when\s{1,2}bed|signout\b|sign-out\b|progress\b|bed\b|north\b|south\b|east\b|west\b)"
)
# A dose, a rate or a count after the number is no floor ("Norco 5 mg", "Lantus 20 units").
UNIT_AFTER = re.compile(
    r"\s{0,2}(?i:mg|mcg|g|units?|u|ml|l|%|x|hrs?|h|days?|d|wks?|weeks?|min|mins|cm|mm|kg|lbs?|"
    r"bpm|times|tabs?|puffs?|mmhg|meq|mmol|fr|french|gauge|ga|yo|y/o|years?|months?|am|pm|bid|"
    r"tid|qid|qd|qod|qhs|hs|daily|nightly|prn|q\d{1,2}h?|weekly|po|iv|sc|sq|im|gtt|hz|khz|gy|cgy|"
    r"mev|kv|kvp|dcfs|dcfn|cuffed|uncuffed|fenestrated|xlt|->)(?![\w])"
)


def _cue_before(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    return pattern.search(text, max(0, start - 30), start) is not None


def _plain_word(word: str) -> bool:
    """A word that says nothing of where: everyday, a state, a region, a unit, a month."""
    title = word[:1].upper() + word[1:].lower()
    return (
        lexicon.is_common_word(word)
        or title in lexicon.NOT_NAMES
        or title in lexicon.MONTHS
        or title in lexicon.WEEKDAYS
        or title in lexicon.STATE_WORDS
        or word.upper() in lexicon.STATES.values()
        or title in lexicon.not_places()
        or is_clinical_acronym(word)
        or is_care_unit_word(word)
    )


def _donor_name(text: str, word: str, start: int, end: int) -> bool:
    if _plain_word(word):
        return False
    strong = _cue_before(text, start, STRONG_BEFORE) or CUE_AFTER.match(text, end) is not None
    if not word.istitle():
        # The view keeps a word in capitals or lower case only when it is clinical or
        # unknown: only a transfer or a ward word makes it a ward's name.
        title = word[:1].upper() + word[1:].lower()
        return strong and (not lexicon.is_clinical(word) or lexicon.is_person_name(title))
    if lexicon.is_clinical(word):
        # "Blake 12" is a ward after "transferred to"; "Fisher 3" is a grade.
        return strong and lexicon.is_person_name(word[:1].upper() + word[1:].lower())
    return strong or _cue_before(text, start, CUE_BEFORE)


def wards(text: str) -> Iterator[Finding]:
    yield from _wards(text, 0, len(text))


def _wards(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for number in FLOOR.finditer(text, lo, hi):
        start, end = number.span()
        before = _word_before(text, start, end)
        if (
            before is not None
            and (
                end - start < 3
                or ROOM_BEFORE.search(text, max(0, before.start() - 12), before.start())
            )
            and _donor_name(text, before["name"], before.start(), end)
        ):
            yield finding("B", before.start(), end, "ward", suggestion="a ward")
            continue
        # WING_AFTER starts with a space: test that character before running it.
        if end - start > 2 or not text[end : end + 1].isspace():
            continue
        after = WING_AFTER.match(text, end)
        if after is None:
            continue
        wing = after["wing"]
        if wing.lower() in WINGS:
            continue  # "5 North": every hospital has one
        if (
            wing.istitle()
            and _cue_before(text, start, CUE_BEFORE)
            and not UNIT_AFTER.match(text, end)
            and not _plain_word(wing)
            and not lexicon.is_clinical(wing)
        ):
            yield finding("B", start, after.end(), "ward", suggestion="a ward")


def _word_before(text: str, start: int, end: int) -> re.Match[str] | None:
    """The donor's name before a floor number, unless a unit follows it ("Norco 5 mg");
    most numbers have neither, so look cheaply before searching back."""
    if start < 3 or text[start - 1] not in " \u00a0" or not text[start - 2 : start - 1].isalpha():
        return None
    if UNIT_AFTER.match(text, end):
        return None
    return NAME_BEFORE.search(text, max(0, start - 50), start)


ROOM_BEFORE = re.compile(r"(?i:\b(?:room|rm|bed)\s{0,2}[:#]?\s{0,2})$")


def buildings(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, _BUILDING_HINT.spans(text), 40, 12):
        for match in NAMED_BUILDING.finditer(text, lo, hi):
            name = match["name"]
            if not _plain_word(name) and not lexicon.is_clinical(name):
                yield finding("B", match.start(), match.end(), "building", suggestion="a building")
        for match in BUILDING_NUMBER.finditer(text, lo, hi):
            yield finding("B", match.start(), match.end(), "building", suggestion="a building")


# Initials after a cue of care or transfer: "transferred from MGH", "listed at BWH".
INITIALS_CUE = re.compile(
    r"(?i:\b(?:at|to|from|osh|employer|clinic|f/u|follow(?:ed)?(?:-|\s)?up\s{1,2}(?:at|with))"
    r"\s{1,2}(?:the\s{1,2})?)(?P<abbr>[A-Za-z]{2,5})(?![\w'’&-])"
)
STRONG_INITIALS_CUE = re.compile(
    r"(?i:\b(?:transferr?(?:ed|ing)?|transfer|admitted|accepted|seen|sent|listed|followed|"
    r"treated|intubated|operated|delivered|born|referred|presented|employed|back)\s{1,2}"
    r"(?:(?:to|at|from|by|in)\s{1,2})(?:the\s{1,2})?)$"
)
# Initials that read as a hospital's: "...H", "...MC", "U...", "VA...", "CH...".
HOSPITAL_SHAPE = re.compile(r"(?:H|HS|MC|MCs)$|MC|^(?:U[A-Z]|VA|CH|NY)")
SAINT_INITIAL = re.compile(r"\bS(?i:t)\.?\s{0,2}[A-Z]['’]s(?![\w])")


def hospital_initials(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, _INITIALS_HINT.spans(text), 40, 12):
        for match in INITIALS_CUE.finditer(text, lo, hi):
            abbr = match["abbr"]
            if _plain_word(abbr) or abbr.upper() in _ROMAN:
                continue
            if not abbr.isupper():
                # "transferred from mgh": written small, only a transfer makes it initials.
                if not abbr.islower() or not STRONG_INITIALS_CUE.search(
                    text, max(0, match.start("abbr") - 40), match.start("abbr")
                ):
                    continue
                if lexicon.is_clinical(abbr) or lexicon.is_person_name(abbr.title()):
                    continue
            elif not HOSPITAL_SHAPE.search(abbr) and not STRONG_INITIALS_CUE.search(
                text, max(0, match.start("abbr") - 40), match.start("abbr")
            ):
                continue  # "at MMF", "the RUSB": after a mere preposition, a hospital's shape
            start = match.start("abbr")
            if text[max(0, start - 4) : start].lower() == "the ":
                start -= 4  # "the VAMC": the article is how the writer names that one
            yield finding(
                "B", start, match.end("abbr"), "hospital-initials", suggestion="a hospital"
            )
        if text.find("'", lo, hi) < 0 and text.find("’", lo, hi) < 0:
            continue  # SAINT_INITIAL ends in "'s"
        for match in SAINT_INITIAL.finditer(text, lo, hi):
            yield finding(
                "B", match.start(), match.end(), "hospital-initials", suggestion="a hospital"
            )


_BUILDING_HINT = FoldedHint(
    re.compile(r"[BbPpTtCc](?i:uilding|avilion|ower|linics)"),
    "bptc",
    "uilding|avilion|ower|linics",
    alone=False,
)
_INITIALS_HINT = FoldedHint(
    re.compile(r"[ATFOECSatfoecs](?i:t|o|rom|sh|mployer|linic|/u|ollow)\s"),
    "atfoecs",
    "t|o|rom|sh|mployer|linic|/u|ollow",
    alone=False,
    after=r"\s",
)
_ROMAN = frozenset(("II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"))

RULES = (wards, buildings, hospital_initials)
