"""Places and facilities written in capitals or lower case (category B).

The view the rules read re-cases a note written in capitals or in lower case, but
it lowers every everyday word ("CAPE COD HOSPITAL" reads "cape cod hospital",
"LIVES IN BOULDER" reads "lives in boulder") and keeps unknown words as written.
Where a cue makes it safe these rules read the words in any case: a listed place
after "lives in/from/near/transferred from..." and a name before a facility's kind
("cape cod hospital", "CLEVELAND clinic"). Mixed-case words are the other rules' to
judge; these look only at words not written in Title case. All are ``high``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .findings import Finding, finding
from .rules_place_words import is_care_unit_word, is_clinical_acronym, is_state_short
from .tokens import FoldedHint, followed_by_clinical_term, windows

_WORD = r"[A-Za-z][a-z'’]{1,30}|[A-Z'’]{2,30}"
# A cue of living, travel or transfer, then up to three words of the place.
PLACE_CUE = re.compile(
    r"(?i:\b(?:(?:lives?|living|lived|resides?|born|raised|moved|relocated|returned|visiting|"
    r"transferred|transfer|admitted|flown|drove|driving|came|travel(?:l?ed)?)\s{1,2}"
    r"(?:in|from|to|near|through|at)|from|near|outside|in|through)\s{1,2}(?:the\s{1,2})?)"
    rf"(?P<place>(?:{_WORD})(?:[ -](?:{_WORD})){{0,2}})"
)
# Everyday words after these are still the town: "lives in boulder", "born in reading".
LIVING = re.compile(r"(?i:\b(?:lives?|living|lived|resides?|born|raised|moved|relocated))\b")
_KIND = (
    r"(?i:hospital|medical\s{1,2}cent(?:er|re)|health\s{1,2}cent(?:er|re)|clinic|infirmary|"
    r"rehab(?:ilitation)?\s{1,2}(?:center|hospital))"
)
# One to three words, then the kind: "cape cod hospital", "LYNN COMMUNITY HEALTH CENTER".
NAME_KIND = re.compile(rf"(?P<name>(?:(?:{_WORD})\s{{1,2}}){{1,3}}){_KIND}\b")
_GENERIC = lexicon.word_set(
    """
    the a an our their this that outside referring local community general regional county
    city state university memorial children's childrens women's veterans teaching private
    public district central main family health medical urgent care day psychiatric mental
    at to from in of and for with by on his her
    """
)


_FIRST_WORD = re.compile(rf"(?:{_WORD})(?:-(?:{_WORD})){{0,2}}")
_JOINING = lexicon.word_set("at to from in of and for with by on his her the a an")
_TOKEN = re.compile(r"\S+")
_PLACE_PREFIXES = frozenset(("cape", "mount", "mt", "fort", "ft", "lake", "port", "saint", "st"))


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def any_case_places(text: str) -> Iterator[Finding]:
    for hint_start, after in _CUE_HINT.spans(text):
        # Most cues are followed by a Title-case word or none: the city rules' to read.
        if text.startswith(("the ", "The ", "THE "), after):
            after += 4
        if after >= len(text) or not text[after].isalpha() or text[after : after + 2].istitle():
            continue
        # The place group matches greedily from ``after``, so its first word is this one;
        # a word that starts no listed place can make no finding.
        first = _FIRST_WORD.match(text, after, min(len(text), after + 100))
        if first is None or _title(first.group()) not in lexicon.place_first_words():
            continue
        for match in PLACE_CUE.finditer(text, max(0, hint_start - 14), min(len(text), after + 100)):
            if match.start("place") != after:
                continue
            words = match["place"].split()
            end = _listed_place(words)
            if end == 0:
                continue
            name = " ".join(_title(w) for w in words[:end])
            if end == 1 and _weak(name, text, match.start()):
                continue
            start = match.start("place")
            stop = start + len(" ".join(words[:end]))
            if text[start:stop].replace("-", " ").split() == words[:end]:
                yield finding("B", start, stop, "place-any-case", suggestion="the state")
            break


def _listed_place(words: list[str]) -> int:
    """How many of the words make the longest listed place (0 when none)."""
    best = 0
    for count in range(1, len(words) + 1):
        name = " ".join(_title(w) for w in words[:count])
        if name in lexicon.places() and name not in lexicon.not_places():
            best = count
    return best


# Everyday words that GeoNames also lists but that a verb of living never names as a town.
_NEVER_TOWNS = frozenset(("Home", "Work", "School", "Church", "Baseline", "Rest", "Night", "Ease"))


def _weak(name: str, text: str, cue: int) -> bool:
    """A single word that may be no town: a clinical word, a state, an everyday word."""
    if name in _NEVER_TOWNS:
        return True  # "lives at home"
    if is_clinical_acronym(name) or is_state_short(name) or name in lexicon.STATES:
        return True
    if name in lexicon.NOT_NAMES or name in lexicon.MONTHS or name in lexicon.WEEKDAYS:
        return True
    if is_care_unit_word(name):
        return True
    if lexicon.is_common_word(name) or lexicon.is_person_name(name) or lexicon.is_clinical(name):
        # "lives in salem": a Salem sump is no home
        return LIVING.search(text, max(0, cue - 14), cue + 14) is None
    return False


def any_case_facilities(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, _KIND_HINT.spans(text), 100, 30):
        for match in NAME_KIND.finditer(text, lo, hi):
            words = match["name"].split()
            kind = text[match.end("name") : match.end()]
            # The name is what follows the last function word ("Okonkwo in clinic" names
            # none) and starts at its first naming word ("seen at cleveland clinic").
            after = max((i + 1 for i, w in enumerate(words) if w.lower() in _JOINING), default=0)
            first = next(
                (i for i, w in enumerate(words) if i >= after and _names_it(w, words[i + 1 :])),
                None,
            )
            if first is None:
                continue
            words = words[first:]
            if kind.istitle() and all(w.istitle() for w in words):
                continue  # mixed case: the facility rules read it
            if followed_by_clinical_term(text, match.end()):
                continue  # "mayo clinic staging"
            start = match.start("name") + [m.start() for m in _TOKEN.finditer(match["name"])][first]
            yield finding("B", start, match.end(), "facility-any-case", suggestion="a hospital")


def _names_it(word: str, rest: list[str]) -> bool:
    if word.lower() in _PLACE_PREFIXES and rest and rest[0].lower() not in _GENERIC:
        return True  # "cape cod hospital", "mount auburn hospital"
    title = _title(word.rstrip("'’s")) if word.lower().endswith(("'s", "’s")) else _title(word)
    if title.lower() in _GENERIC or is_care_unit_word(title) or is_clinical_acronym(title):
        return False
    if title in lexicon.not_places() or title in lexicon.STATE_WORDS:
        return False
    # Written small or in capitals, only a listed place, brand or surname names it:
    # "carney hospital", not "started empirically on hospital day 1"; nor a clinical
    # everyday word that a town also spells ("IR DRAIN CLINIC": Drain, Oregon).
    if title in lexicon.facility_brands():
        return True
    if lexicon.is_clinical(title) and lexicon.is_common_word(title):
        return False
    return title in lexicon.places() or (
        lexicon.is_person_name(title) and not lexicon.is_common_word(title)
    )


_CUE_HINT = FoldedHint(
    re.compile(r"(?<![\w])[FfNnOoIiTtAa](?i:rom|ear|utside|n|hrough|o|t)\s"),
    "fnoita",
    "rom|ear|utside|n|hrough|o|t",
    alone=True,
    after=r"\s",
)
_KIND_HINT = FoldedHint(
    re.compile(r"[HhMmCcIiRr](?i:ospital|edical|linic|nfirmary|ehab)"),
    "hmcir",
    "ospital|edical|linic|nfirmary|ehab",
    alone=False,
)

RULES = (any_case_places, any_case_facilities)
