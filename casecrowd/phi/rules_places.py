"""Geography below the state (category B): addresses, ZIP codes, listed cities.

A street address, a ZIP after a state or a "zip" label, a county, and a listed
city after "in/from/near...", before ", <State>" or after a university's or
the VA's initials ("UC Davis") are ``high``. A listed city standing alone is
``low``: "Jackson" and "Lincoln" are also names, "Mobile" also a word. State,
country and continent names are never reported (``lexicon.not_places``), nor is
a city that begins a named instrument ("Ottawa ankle rules", "Prague C2M5").
Facilities are in :mod:`.rules_facilities`, place shapes in :mod:`.rules_place_shapes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon, rules_any_case
from .findings import Finding, finding
from .lexicon import word_set
from .rules_place_words import (
    WEAK_CUES,
    is_clinical_acronym,
    is_state_short,
    living_before,
    names_a_unit_or_instrument,
    town_at_end,
    verb_after,
)
from .tokens import (
    CAPITALISED,
    capitalised_words,
    followed_by_clinical_head,
    followed_by_clinical_term,
    followed_by_code,
    previous_word,
    starting_with,
    windows,
    word_index,
    words_of,
)

_CAP = CAPITALISED.pattern
_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Terrace|"
    r"Ter|Way|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Alley|Row|Crescent|Close|"
    r"Plaza|Pike|Turnpike)"
)
_UNIT = (
    r"(?:,?\s{1,2}(?:Apt|Apartment|Unit|Suite|Ste|Room|Rm|Floor|Fl|#)\.?\s{0,2}"
    r"#?[A-Za-z0-9-]{1,6})?"
)
STREET_ADDRESS = re.compile(
    rf"(?<![\w/.,-])\d{{1,6}}[A-Za-z]?\s{{1,2}}(?:[NSEW]\.?\s{{1,2}})?"
    rf"(?:(?:{_CAP}|\d{{1,3}}(?:st|nd|rd|th))\s{{1,2}}){{1,4}}{_STREET_SUFFIX}\b\.?{_UNIT}"
)
NAMED_STREET = re.compile(
    rf"\b(?:on|off|at|near|along|from|of|to)\s{{1,2}}(?P<street>(?:{_CAP}\s{{1,2}}){{1,3}}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Terrace|Ter"
    r"|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl))\b"
)
PO_BOX = re.compile(r"\b(?i:P\.?\s?O\.?\s{0,2}Box|Post\s{1,2}Office\s{1,2}Box)\s{0,2}\d{1,6}\b")
ROAD_NUMBER = re.compile(
    r"\b(?:Route|Rte\.?|Highway|Hwy\.?|Interstate|State\s{1,2}Road|County\s{1,2}Road|Exit)"
    r"\s{0,2}\d{1,4}[A-Z]?\b|\bI-\d{1,3}\b"
)
# Iodine isotopes, not interstates: "I-125 seeds", "I-131 ablation".
ISOTOPES = frozenset(("I-123", "I-124", "I-125", "I-131"))
ZIP_LABELLED = re.compile(
    r"\b(?i:zip(?:\s{0,2}code)?|zipcode|postal\s{1,2}code)[\s:#]{0,3}(?:is\s{1,2})?"
    r"(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])"
)
ZIP_PLUS_FOUR = re.compile(r"(?<![\w/.-])(?P<zip>\d{5}-\d{4})(?![\w/-])")
# One word of a facility's own name, read backwards from its kind ("St. Vincent's").
NAME_WORD_BEFORE = re.compile(rf"(?:St\.?|Saint|{_CAP}(?:['’]s)?|[A-Z]{{2,5}})\s{{1,2}}$")
COUNTY_WORDS = ("County", "Parish", "Borough", "Township")
COUNTY_WORD = re.compile(rf"\b(?:{'|'.join(COUNTY_WORDS)})\b")
ZIP5 = re.compile(r"(?<![\w/.,-])\d{5}(?:-\d{4})?(?![\w-])")
# "Dayton, 45402", "waltham 02453": a listed town, then the ZIP with no state between.
TOWN_BEFORE = re.compile(r"([A-Za-z][A-Za-z .'’-]{1,40}?),?\s{1,2}$")
STATE_BEFORE = re.compile(rf"\b(?:{lexicon.STATE_PATTERN})\.?,?\s{{1,2}}$")
STREET_ADDRESS = starting_with(r"\d", STREET_ADDRESS)
NAMED_STREET = starting_with("[oanft]", NAMED_STREET)
PO_BOX = starting_with("[Pp]", PO_BOX)
ROAD_NUMBER = starting_with("[RHISCE]", ROAD_NUMBER)
ZIP_LABELLED = starting_with("[ZzPp]", ZIP_LABELLED)
ZIP_PLUS_FOUR = starting_with(r"\d", ZIP_PLUS_FOUR)
ZIP5 = starting_with(r"\d", ZIP5)
COUNTY_WORD = starting_with("[CPBT]", COUNTY_WORD)
# Words that every address, road, county or PO box rule needs.
ADDRESS_WORDS = frozenset(_STREET_SUFFIX[3:-1].split("|")) | word_set(
    "County Parish Borough Township Route Rte Highway Hwy Interstate Exit State Box"
)
ADDRESS_HINT = re.compile(r"[BbI](?:(?<=[Bb])ox|(?<=I)-\d)")
ZIP_HINT = re.compile(r"[0-9]{5}")
_DIGIT = re.compile(r"\d")
PLACE_CUES = word_set(
    """
    in from near to at outside around into toward towards visiting via lives live moved
    """
)
_STATE_AFTER = re.compile(rf",?\s{{1,2}}(?:{lexicon.STATE_PATTERN})\b\.?")
_SETTING_AFTER = re.compile(r"\s{1,2}(?:Care|Home|Homes|Living|Unit)\b")
_WORD_AFTER = re.compile(r"\s{1,2}[A-Z][a-z]")
_EXTENSION = re.compile(r"(?:\s{1,2}(?:of|in|at)\s{1,2}|,?\s{1,2})")
# "Children's Hospital of the Rockies", "Our Lady of the Oaks": a region's name after "of the".
_OF_THE_NAME = re.compile(
    r"\s{1,2}of\s{1,2}the\s{1,2}[A-Z][A-Za-z'’]{2,30}(?:\s{1,2}[A-Z][A-Za-z'’]{2,30})?"
)
_OF_STATE = re.compile(
    r"\s{1,2}of\s{1,2}(?:" + "|".join(sorted(lexicon.STATES, key=len, reverse=True)) + r")\b"
)
# A university's or the VA's initials before a city name it: "UC Davis", "VA Boston".
INSTITUTION_BEFORE = re.compile(
    r"(?<![\w-])(?:UC|UT|UW|UNC|UVA|UVM|UMass|SUNY|CUNY|VA|LSU|USC|OSU)\s{1,2}$"
)


def _address_words(text: str) -> Iterator[tuple[int, int]]:
    spans = [(w.start, w.end) for w in capitalised_words(text) if w.text in ADDRESS_WORDS]
    spans += [(m.start(), m.end()) for m in ADDRESS_HINT.finditer(text)]
    return iter(sorted(spans))


def addresses(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, _address_words(text), 150, 60):
        yield from _addresses(text, lo, hi)


# After a street address, its unit and its town: "22 Larkspur Ln, Apt 3, Gardner, ...".
TOWN_AFTER_ADDRESS = re.compile(
    r"(?:,?\s{1,2}(?i:apt|unit|suite|ste|#)\.?\s{0,2}[\w-]{1,6})?,\s{1,2}"
    r"(?P<town>[A-Za-z][A-Za-z.'’-]{1,30}(?:\s{1,2}[A-Za-z][A-Za-z.'’-]{1,30}){0,2})"
)


def _town_after_address(text: str, end: int) -> Finding | None:
    """The listed town (one to three words, the longest) after an address and its unit."""
    match = TOWN_AFTER_ADDRESS.match(text, end)
    if match is None:
        return None
    words = match["town"].split()
    for count in range(len(words), 0, -1):
        name = " ".join(w[:1].upper() + w[1:].lower() for w in words[:count])
        if name in lexicon.places() and not lexicon.is_common_word(name):
            stop = match.start("town") + len(" ".join(words[:count]))
            return finding("B", match.start("town"), stop, "town-after-address")
    return None


def _addresses(text: str, lo: int, hi: int) -> Iterator[Finding]:
    # Street addresses, PO boxes and road numbers all hold a digit: most windows have none.
    digit = _DIGIT.search(text, lo, hi) is not None
    if digit:
        for match in STREET_ADDRESS.finditer(text, lo, hi):
            yield finding("B", match.start(), match.end(), "street-address")
            if town := _town_after_address(text, match.end()):
                yield town
    for match in NAMED_STREET.finditer(text, lo, hi):
        yield finding("B", match.start("street"), match.end("street"), "street-name")
    if digit:
        for match in PO_BOX.finditer(text, lo, hi):
            yield finding("B", match.start(), match.end(), "po-box")
        for match in ROAD_NUMBER.finditer(text, lo, hi):
            if match.group() in ISOTOPES:
                continue
            yield finding("B", match.start(), match.end(), "road-number")
    if not any(text.find(word, lo, hi) >= 0 for word in COUNTY_WORDS):
        return
    for match in COUNTY_WORD.finditer(text, lo, hi):
        start = name_start(text, match.start(), limit=3)
        if start < match.start():
            yield finding("B", start, match.end(), "county")


def zip_codes(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, ZIP_HINT, 40, 12):
        yield from _zip_codes(text, lo, hi)


def _zip_codes(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in ZIP5.finditer(text, lo, hi):
        if STATE_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            yield finding(
                "B", match.start(), match.end(), "zip-after-state", suggestion="the state"
            )
        elif (town := TOWN_BEFORE.search(text, max(0, match.start() - 44), match.start())) and (
            at := town_at_end(town.group(1))
        ) is not None:
            # "Fulton Ave, Baltimore, 21217": the town and its ZIP, as one place; not "to"
            # in "goes to 02115", a word that GeoNames also lists
            start = town.start(1) + at
            if lexicon.is_common_word(town.group(1)[at:].strip(" .,")):
                start = match.start()
            yield finding("B", start, match.end(), "zip-after-town", suggestion="the state")
    for pattern, rule in (
        (ZIP_LABELLED, "zip-labelled"),
        (ZIP_PLUS_FOUR, "zip-plus-four"),
    ):
        for match in pattern.finditer(text, lo, hi):
            yield finding("B", match.start("zip"), match.end("zip"), rule, suggestion="the state")


_PLACE_JOINT = re.compile(r"\.?\s{1,2}")


def _place_at(text: str, words: list, index: int) -> int | None:
    """Index of the last word of the longest listed place starting at ``words[index]``."""
    first = words[index]
    places = lexicon.places()
    best = None
    for last in range(index, min(index + 4, len(words))):
        if last > index and not _PLACE_JOINT.fullmatch(
            text, words[last - 1].end, words[last].start
        ):
            break
        if text[first.start : words[last].end] in places:
            best = last
    return best


def _place_spans(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, single word) for each listed place in the text."""
    words = capitalised_words(text)
    first_words = lexicon.place_first_words()
    index = 0
    while index < len(words):
        if words[index].text not in first_words:
            index += 1
            continue
        last = _place_at(text, words, index)
        if last is None:
            index += 1
            continue
        start, end = words[index].start, words[last].end
        yield start, end, last == index
        index = last + 1


def cities(text: str) -> Iterator[Finding]:
    for start, end, single in _place_spans(text):
        name = text[start:end]
        if name in lexicon.MONTHS or _part_of_state_name(text, start, end):
            continue
        if single and (is_clinical_acronym(name) or is_state_short(name)):
            continue  # "AKI", "Vaso" and "OSA" are GeoNames places too; "in Pa." is a state
        if names_a_unit_or_instrument(text, end, name if single else ""):
            continue  # "to Same Day Surgery", "the Mayo stand", "in Mayfield pins"
        if followed_by_clinical_head(text, end) or followed_by_clinical_term(text, end):
            continue
        if single and lexicon.is_common_word(name) and _SETTING_AFTER.match(text, end):
            continue  # "grew up in Foster Care", "moved to Memory Care"
        ordinary = single and lexicon.is_common_word(name)
        prefix = INSTITUTION_BEFORE.search(text, max(0, start - 8), start)
        if prefix is not None:
            yield finding("B", prefix.start(), end, "institution-place", suggestion="a hospital")
        elif _state_after(text, end):
            yield finding("B", start, end, "city-state", suggestion="the state")
        elif name in lexicon.not_places():
            continue
        elif (
            single
            and lexicon.is_clinical(name)
            and (cue := previous_word(text, start).lower()) in PLACE_CUES
            and not living_before(text, start)
        ):
            # "near Framingham" or "clots in Foley": a town that is also a clinical word
            # may be either after a mere preposition; after "via" or "to" it is the device.
            if cue in WEAK_CUES:
                yield finding("B", start, end, "possible-city", "low", suggestion="the state")
        elif previous_word(text, start).lower() in PLACE_CUES:
            # "via Foley", "placed to Foley": a clinical word after a mere preposition.
            # Capitalised after "in", "from"...: a proper noun even when it is also a word.
            yield finding("B", start, end, "city-after-preposition", suggestion="the state")
        elif (org_start := _organisation_start(text, start)) < start:
            yield finding("B", org_start, end, "place-named-organisation", suggestion="a hospital")
        elif not (
            ordinary
            or single
            and (lexicon.is_clinical(name) or name in lexicon.NOT_NAMES)
            or single
            and lexicon.is_person_name(name)
            and verb_after(text, end)
        ) and not followed_by_code(text, end):
            yield finding("B", start, end, "possible-city", "low", suggestion="the state")


def _state_after(text: str, end: int) -> bool:
    """ ", Ohio", " OH 43004": but not "Canadian CT Head Rule", where "CT" is a scan."""
    match = _STATE_AFTER.match(text, end)
    if match is None:
        return False
    written = match.group().strip(" ,.\u00a0")
    if "," in match.group() or not written.isupper():
        return True
    return _WORD_AFTER.match(text, match.end()) is None


def place_before(text: str, start: int) -> int:
    """Start of a listed place (one to three words) ending right before ``start``."""
    last = word_index(text)[1].get(start - 1) if text[start - 1 : start] == " " else None
    if last is None:
        return start
    words = capitalised_words(text)
    begin = start
    for first in range(last, max(-1, last - 3), -1):
        if first < last and text[words[first].end : words[first + 1].start] != " ":
            break
        name = text[words[first].start : words[last].end]
        if name in lexicon.places() and name not in lexicon.not_places():
            begin = words[first].start
    return begin


NAME_PARTICLES = word_set("Le La Les De Du Des Del Della Van Von Di Da Dos")


def _organisation_start(text: str, start: int) -> int:
    """Start of proper nouns right before a place ("Kaiser Permanente Oakland")."""
    words = words_of(text[max(0, start - 80) : start])
    offset = max(0, start - 80)
    begin = start
    for word in reversed(words[-3:]):
        if text[offset + word.end : begin] != " " or lexicon.is_common_word(word.text):
            break
        if is_clinical_acronym(word.text) or word.text in lexicon.MONTHS:
            break  # "Micu Progress Note", "a June wedding"
        if word.text not in NAME_PARTICLES and (
            lexicon.is_clinical(word.text) or word.text in lexicon.NOT_NAMES
        ):
            break  # "Le" is also shorthand for the lower extremity: not in "Le Bonheur"
        begin = offset + word.start
    return begin


def name_start(text: str, end: int, *, limit: int) -> int:
    """Start of the capitalised words (at most ``limit``, plus a "St.") right before ``end``."""
    start = end
    for _ in range(limit + 1):
        word = NAME_WORD_BEFORE.search(text, max(0, start - 40), start)
        if word is None or (word.start() and text[word.start() - 1].isalnum()):
            break
        start = word.start()
    return start


def _part_of_state_name(text: str, start: int, end: int) -> bool:
    """ "Mexico" in "New Mexico", "York" in "New York": the state, not a town."""
    before = text[max(0, start - 16) : start].split()
    after = text[end : end + 16].split()
    name = text[start:end]
    return (bool(before) and f"{before[-1]} {name}" in lexicon.STATES) or (
        bool(after) and f"{name} {after[0].rstrip(',.;')}" in lexicon.STATES
    )


def extension(text: str, end: int) -> int:
    """End of a place right after a facility ("... Hospital of Orange County")."""
    of_state = _OF_STATE.match(text, end) or _OF_THE_NAME.match(text, end)
    if of_state is not None:
        return of_state.end()
    joint = _EXTENSION.match(text, end)
    if joint is None:
        return end
    first = word_index(text)[0].get(joint.end())
    if first is not None and (last := _place_at(text, capitalised_words(text), first)) is not None:
        return capitalised_words(text)[last].end
    county = COUNTY_WORD.search(text, joint.end(), joint.end() + 60)
    if county and name_start(text, county.start(), limit=3) == joint.end():
        return county.end()
    return end


# The any-case rules are re-exported here: the scanner runs this module's RULES.
RULES = (addresses, zip_codes, cities, *rules_any_case.RULES)
