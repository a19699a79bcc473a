"""Places that no list names, known by their shape or their context (category B).

GeoNames lists towns from 500 inhabitants, but a write-up also names hamlets,
neighbourhoods, harbours and street corners. ``high``: a capitalised word with a
place word ("Belize City", "Fort Payne", "Cedar Key", "Dutch Harbor"); a street
corner ("63rd and Halsted", "the corner of Main and Elm"); capitalised words after
a verb of living or travel ("lives in Kettle Falls", "flown from Togiak",
"wading near Horseshoe Beach"); capitalised words after a verb of work or
residence or a trade ("a welder at Bayou Steel Fabricators", "employed by Carrier
Enterprise", "residing at Cedar Hollow Nursing and Rehabilitation"). ``low``: an
unknown word after a place of care and "in" that is no everyday word, name or
clinical term ("the VA in Togus").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .findings import Finding, finding
from .lexicon import word_set
from .names_base import clinical_only
from .rules_place_words import WORK_WORDS, is_care_unit_word
from .tokens import (
    CAPITALISED,
    Word,
    capitalised_words,
    followed_by_clinical_head,
    followed_by_clinical_term,
    literal_spans,
    lowered,
    windows,
    word_spans,
)

_CAP = CAPITALISED.pattern
# "Fort Payne", "Mt. Vernon", "Lake Charles": a place word, then the name.
PREFIXED_PLACE = re.compile(
    rf"\b(?:Fort|Ft\.|Port|Mount|Mt\.|Lake|Cape|Point)\s{{1,2}}(?P<name>{_CAP})"
)
# "Belize City", "Dutch Harbor", "Cedar Key": the name, then a place word.
SUFFIXED_PLACE = re.compile(
    rf"(?P<name>{_CAP})\s{{1,2}}(?:City|Harbor|Harbour|Beach|Springs|Falls|Heights|Key|Keys|"
    r"Island|Creek|Valley|Bay|Hills|Junction|Landing|Rapids|Ridge|Grove|Bluffs?|Shores|Lakes|"
    r"Canyon)\b"
)
# The place words, found among the capitalised words of the text.
PLACE_WORDS = word_set(
    """
    Fort Ft Port Mount Mt Lake Cape Point City Harbor Harbour Beach Springs Falls Heights Key
    Keys Island Creek Valley Bay Hills Junction Landing Rapids Ridge Grove Bluff Bluffs Shores
    Lakes Canyon
    """
)
ORDINAL_HINT = re.compile(r"[0-9](?i:st|nd|rd|th)\b")
# "63rd and Halsted", "Main St & 2nd Ave", "the corner of Main and Elm", in any letter case
# ("63RD AND HALSTED", "corner of halsted and 18th"): a side is an ordinal or a name, either
# before a street's kind.
_STREET = r"(?:\s{1,2}(?i:st|street|ave|avenue|rd|road|blvd|boulevard)\.?)?"
_CORNER_SIDE = rf"(?:\d{{1,3}}(?i:st|nd|rd|th)|[A-Za-z][A-Za-z'’-]{{1,30}}){_STREET}"
INTERSECTION = re.compile(
    rf"(?P<corner>(?i:\b(?:corner|intersection)\s{{1,2}}of\s{{1,2}}))?(?<![\w'’-])(?P<a>{_CORNER_SIDE})"
    rf"\s{{1,2}}(?i:and|&)\s{{1,2}}(?P<b>{_CORNER_SIDE})(?![\w'’-])"
)
_ORDINAL_STREET = re.compile(r"\d{1,3}(?:st|nd|rd|th)\b")
# Verbs of living and travel, then "in/from/to/near...": what follows is a place.
STRONG_CUE = re.compile(
    r"\b(?:(?:lives?|living|lived|born|raised|grew\s{1,2}up|moved|relocated|flown|flew|drove|"
    r"came|back|returned|trip|travell?ed|travell?ing|vacation(?:ed|ing)?|stationed|deployed|"
    r"originally|hiking|camping|wading|fishing|hunting|swimming|commercially|homeless)"
    r"(?:\s{1,2}(?:in|from|to|near|into|out\s{1,2}of|at|around)){1,2}|near|outside(?:\s{1,2}of)?"
    r")\s{1,2}$"
)
# Every strong cue ends with one of these right before the place.
_CUE_TAILS = (" in ", " from ", " to ", " near ", " into ", " of ", " at ", " around ", " outside ")
# Where someone works or lives, or a trade: what follows "at/for/by" is the employer or home;
# after "employer" the employer follows at once ("employer (Fidelity)", "Employer: Raytheon").
WORK_CUE = re.compile(
    rf"(?i:\b(?:(?:{'|'.join(sorted(WORK_WORDS))})\s{{1,2}}(?:at|for|by)\s{{1,2}}(?:the\s{{1,2}})?"
    r"|employer\s{0,2}[:(-]?\s{0,2}))$"
)
_WORK_TAILS = (" at ", " for ", " by ", "employer ", "employer: ", "employer (", "Employer: ")
# Words that join the name of an employer or a home: "Nursing and Rehabilitation".
_NAME_JOINTS = (" ", " and ", " of ", " & ")


# Where care or custody happens, then "in": what follows is a town ("the VA in Togus").
SITE_IN = re.compile(
    r"\b(?:VA|VAMC|IHS|hospital|clinic|ED|ER|center|centre|facility|shelter|prison|jail|school|"
    r"plant|factory|office|practice|home|church|mine|farm|base|camp|reservation|pueblo|village)"
    r"\s{1,2}in\s{1,2}$"
)
# Settings of care after a verb of travel: "moved to Memory Care", "came from Triage".
SETTING_WORDS = word_set(
    """
    Care Living Home Homes Unit Lab Floor Ward Room Department Service Services Triage
    Telemetry Hospice Rehab Step-Down Stepdown Shelter Facility Baseline Normal Work School
    Jail Prison Hospital Clinic Center Centre Outside Urgent Foster Group Memory Skilled
    Nursing Assisted Long-Term Acute Intensive Emergency
    """
)


def _after_site(text: str, start: int) -> bool:
    return SITE_IN.search(text, max(0, start - 24), start) is not None


def _not_a_place(words: list[Word], text: str) -> bool:
    name = text[words[0].start : words[-1].end]
    first = words[0].text
    if name in lexicon.not_places() or first in lexicon.not_places() or name in lexicon.STATES:
        return True
    if first in lexicon.NOT_NAMES or first in lexicon.MONTHS or first in lexicon.WEEKDAYS:
        return True
    if all(lexicon.is_clinical(w.text) for w in words):
        return True
    if any(w.text in SETTING_WORDS for w in words):
        return True
    end = words[-1].end
    return followed_by_clinical_head(text, end) or followed_by_clinical_term(text, end)


def place_shapes(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, word_spans(text, PLACE_WORDS), 40, 40):
        for pattern in (PREFIXED_PLACE, SUFFIXED_PLACE):
            for match in pattern.finditer(text, lo, hi):
                name = match.group("name")
                if name in lexicon.NOT_NAMES or name in lexicon.MONTHS:
                    continue
                # "Recurrent Falls" is a heading; a real "Twin Falls" is in the places list.
                if lexicon.is_common_word(name) or lexicon.is_clinical(name):
                    continue
                if match.group() in lexicon.STATES or name in lexicon.WEEKDAYS:
                    continue
                if followed_by_clinical_head(text, match.end()):
                    continue
                if not followed_by_clinical_term(text, match.end()):
                    yield finding(
                        "B", match.start(), match.end(), "place-shape", suggestion="the state"
                    )


def intersections(text: str) -> Iterator[Finding]:
    hints = [(m.start(), m.end()) for m in ORDINAL_HINT.finditer(text)]
    hints += literal_spans(lowered(text), ("orner of ", "ntersection of "))
    for lo, hi in windows(text, sorted(hints), 40, 40):
        for match in INTERSECTION.finditer(text, lo, hi):
            if _corner(match):
                yield finding(
                    "B", match.start("a"), match.end("b"), "intersection", suggestion="a street"
                )


def _street_side(side: str) -> bool:
    """An ordinal, a street with its kind ("Main St"), a word in Title case in the view (a
    proper noun, as the re-casing leaves it) or one that is no everyday or clinical word."""
    words = side.split()
    first = words[0]
    if _ORDINAL_STREET.fullmatch(first.lower()):
        return True
    title = first[:1].upper() + first[1:].lower()
    if title in lexicon.NOT_NAMES:
        return False
    if len(words) > 1 or first.istitle():
        return True
    return not (lexicon.is_common_word(title) or clinical_only(title))


def _corner(match: re.Match[str]) -> bool:
    a, b = match["a"], match["b"]
    ordinals = [bool(_ORDINAL_STREET.fullmatch(side.split()[0].lower())) for side in (a, b)]
    if all(ordinals) and not match["corner"]:
        return False  # "the 2nd and 3rd digits"
    if not (match["corner"] or any(ordinals) or len(a.split()) > 1 and len(b.split()) > 1):
        return False
    return _street_side(a) and _street_side(b)


def _run_at(text: str, index: int) -> list[Word]:
    """Up to three capitalised words in a row starting at ``words[index]``."""
    words = capitalised_words(text)
    run: list[Word] = []
    while index is not None and index < len(words) and len(run) < 3:
        run.append(words[index])
        index += 1
        if index >= len(words) or text[run[-1].end : words[index].start] not in (" ", ". "):
            break
        if text[run[-1].end : words[index].start] == ". " and run[-1].text not in (
            "St",
            "Ft",
            "Mt",
        ):
            break
    while run and (lexicon.is_clinical(run[-1].text) or run[-1].text in lexicon.STATE_WORDS):
        run.pop()
    return run


def _name_run(text: str, index: int) -> list[Word]:
    """Up to five capitalised words from ``words[index]``, joined by spaces or "and/of/&"."""
    words = capitalised_words(text)
    run = [words[index]]
    while index + 1 < len(words) and len(run) < 5:
        if text[run[-1].end : words[index + 1].start] not in _NAME_JOINTS:
            break
        index += 1
        run.append(words[index])
    while run and run[-1].text in lexicon.STATE_WORDS:
        run.pop()
    return run


def _not_a_workplace(run: list[Word], text: str, *, labelled: bool) -> bool:
    """A setting or a service, not an employer: "a nurse at Triage", "seen by Cardiology".
    Clinical words may end the name ("Cedar Hollow Nursing and Rehabilitation"); after
    "employer" one everyday word may be the name ("employer (Fidelity)")."""
    first = run[0].text
    name = text[run[0].start : run[-1].end]
    if name in lexicon.not_places() or name in lexicon.STATES or first in lexicon.NOT_NAMES:
        return True
    if first in lexicon.MONTHS or first in lexicon.WEEKDAYS:
        return True
    if lexicon.is_clinical(first) or is_care_unit_word(first):
        return True  # "a nurse at Cardiac Surgery", "works at Emergency Medicine"
    if len(run) <= 2 and lexicon.is_clinical(run[-1].text):
        return True  # "the tech at Bedside Echo"
    if len(run) == 1 and run[0].text in SETTING_WORDS:
        return True
    return len(run) == 1 and not labelled and lexicon.is_common_word(first)


def _workplace(text: str, index: int) -> Finding | None:
    word = capitalised_words(text)[index]
    cue = WORK_CUE.search(text, max(0, word.start - 40), word.start)
    if cue is None:
        return None
    run = _name_run(text, index)
    if not run:
        return None
    labelled = "mployer" in cue.group()
    if labelled and cue.group()[-2:-1].isalpha() and lexicon.is_common_word(run[0].text):
        return None  # "employer letter requested": a qualifier, not the employer
    if _not_a_workplace(run, text, labelled=labelled):
        return None
    if len(run) == 1 and run[0].text in lexicon.places():
        return None  # a listed town is the city rule's to report
    return finding("B", run[0].start, run[-1].end, "workplace", suggestion="an employer")


def cued_places(text: str) -> Iterator[Finding]:
    """Capitalised words after a verb of living, travel or work, listed as places or not."""
    words = capitalised_words(text)
    for index, word in enumerate(words):
        if text.endswith(_WORK_TAILS, max(0, word.start - 10), word.start) and (
            workplace := _workplace(text, index)
        ):
            yield workplace
            continue
        if not text.endswith(_CUE_TAILS, max(0, word.start - 9), word.start):
            continue
        if STRONG_CUE.search(text, max(0, word.start - 40), word.start):
            run = _run_at(text, index)
            if not run or _not_a_place(run, text):
                continue
            if len(run) == 1 and lexicon.is_common_word(run[0].text):
                continue  # "back from Vacation": a listed place is the city rule's to report
            yield finding(
                "B", run[0].start, run[-1].end, "place-after-travel", suggestion="the state"
            )
            continue
        if not text.endswith(" in ", max(0, word.start - 4), word.start):
            continue
        if word.text in lexicon.places() or lexicon.is_common_word(word.text):
            continue
        if lexicon.is_person_name(word.text) or lexicon.is_clinical(word.text):
            continue
        if _after_site(text, word.start) and not _not_a_place([word], text):
            yield finding(
                "B", word.start, word.end, "possible-place", "low", suggestion="the state"
            )


RULES = (place_shapes, intersections, cued_places)
