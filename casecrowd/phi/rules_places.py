"""Geography below the state (category B): addresses, ZIP codes, cities, named facilities.

A street address, a ZIP after a state or a "zip" label, a county, a facility
named after a place or a saint, and a listed city after "in/from/near..." or
before ", <State>" are ``high``. A listed city standing alone is ``low``:
"Jackson" and "Lincoln" are also names, "Mobile" also a word. State names
themselves are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .findings import Finding, finding
from .lexicon import word_set
from .tokens import (
    CAPITALISED,
    capitalised_words,
    followed_by_clinical_head,
    previous_word,
    windows,
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
    r"(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Terrace|Parkway|Highway|Circle|Trail))\b"
)
PO_BOX = re.compile(r"\b(?i:P\.?\s?O\.?\s{0,2}Box|Post\s{1,2}Office\s{1,2}Box)\s{0,2}\d{1,6}\b")
ROAD_NUMBER = re.compile(
    r"\b(?:Route|Rte\.?|Highway|Hwy\.?|Interstate|State\s{1,2}Road|County\s{1,2}Road|Exit)"
    r"\s{0,2}\d{1,4}[A-Z]?\b|\bI-\d{1,3}\b"
)
ZIP_LABELLED = re.compile(
    r"\b(?i:zip(?:\s{0,2}code)?|zipcode|postal\s{1,2}code)[\s:#]{0,3}(?:is\s{1,2})?"
    r"(?P<zip>\d{5}(?:-\d{4})?)(?![\w-])"
)
ZIP_PLUS_FOUR = re.compile(r"(?<![\w/.-])(?P<zip>\d{5}-\d{4})(?![\w/-])")
_KIND = (
    r"(?:Hospital|Medical\s{1,2}Cent(?:er|re)|Health\s{1,2}(?:Center|Centre|System)|Cancer\s{1,2}"
    r"Cent(?:er|re)|Clinic|Infirmary|Hospice|Sanatorium|Rehabilitation\s{1,2}(?:Center|Hospital)|"
    r"Care\s{1,2}Cent(?:er|re)|Manor|Elementary(?:\s{1,2}School)?|Middle\s{1,2}School|High\s{1,2}"
    r"School|Academy|College|University|Institute|(?i:nursing\s{1,2}home|senior\s{1,2}living|"
    r"assisted\s{1,2}living|rehab(?:ilitation)?\s{1,2}(?:center|facility)))"
)
# The kinds, found by their first word among the capitalised words (or "nursing home"...).
KIND_FIRST_WORDS = word_set(
    """
    Hospital Medical Health Cancer Clinic Infirmary Hospice Sanatorium Rehabilitation Care
    Manor Elementary Middle High Academy College University Institute Nursing Senior Assisted
    Rehab
    """
)
KIND = re.compile(_KIND + r"\b")
LOWER_KIND_HINT = re.compile(r"[nsar](?:(?<=n)ursing|(?<=s)enior|(?<=a)ssisted|(?<=r)ehab)")
# One word of a facility's own name, read backwards from its kind ("St. Vincent's").
NAME_WORD_BEFORE = re.compile(rf"(?:St\.?|Saint|{_CAP}(?:['’]s)?|[A-Z]{{2,5}})\s{{1,2}}$")
COUNTY_WORD = re.compile(r"\b(?:County|Parish|Borough|Township)\b")
ZIP5 = re.compile(r"(?<![\w/.,-])\d{5}(?:-\d{4})?(?![\w-])")
STATE_BEFORE = re.compile(rf"\b(?:{lexicon.STATE_PATTERN})\.?,?\s{{1,2}}$")
SAINT = re.compile(rf"\b(?:St\.?|Saint)\s{{1,2}}{_CAP}(?:['’]s)?")
# Words that name what a facility is, not where: "General Hospital" says nothing.
GENERIC = word_set(
    """
    The A Our Their This That Your His Her General Memorial Regional Community University
    Children's Childrens Women's Womens Medical County City State Veterans Teaching Private
    Public District Central Main Mental Psychiatric Rehabilitation Specialty Surgical Cancer
    Heart Eye Dental Family Health National Academic Military Army Navy Federal Municipal
    Urgent Care Day Local Outside Referring Tertiary Quaternary Rural Urban Pediatric
    Paediatric Orthopedic Orthopaedic Cardiac Behavioral Behavioural Free Walk-In Primary
    Secondary Sleep Pain
    """
)
# Words that every address, road, county or PO box rule needs.
ADDRESS_WORDS = frozenset(_STREET_SUFFIX[3:-1].split("|")) | word_set(
    "County Parish Borough Township Route Rte Highway Hwy Interstate Exit State Box"
)
ADDRESS_HINT = re.compile(r"[BbI](?:(?<=[Bb])ox|(?<=I)-\d)")
ZIP_HINT = re.compile(r"\d{5}")
PLACE_CUES = word_set(
    """
    in from near to at outside around into toward towards visiting via lives live moved
    """
)
_STATE_AFTER = re.compile(rf",?\s{{1,2}}(?:{lexicon.STATE_PATTERN})\b\.?")
_EXTENSION = re.compile(r"(?:\s{1,2}(?:of|in|at)\s{1,2}|,?\s{1,2})")


def _address_words(text: str) -> Iterator[tuple[int, int]]:
    spans = [(w.start, w.end) for w in capitalised_words(text) if w.text in ADDRESS_WORDS]
    spans += [(m.start(), m.end()) for m in ADDRESS_HINT.finditer(text)]
    return iter(sorted(spans))


def addresses(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, _address_words(text), 150, 60):
        yield from _addresses(text, lo, hi)


def _addresses(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in STREET_ADDRESS.finditer(text, lo, hi):
        yield finding("B", match.start(), match.end(), "street-address")
    for match in NAMED_STREET.finditer(text, lo, hi):
        yield finding("B", match.start("street"), match.end("street"), "street-name")
    for match in PO_BOX.finditer(text, lo, hi):
        yield finding("B", match.start(), match.end(), "po-box")
    for match in ROAD_NUMBER.finditer(text, lo, hi):
        yield finding("B", match.start(), match.end(), "road-number")
    for match in COUNTY_WORD.finditer(text, lo, hi):
        start = _name_start(text, match.start(), limit=3)
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
    for pattern, rule in (
        (ZIP_LABELLED, "zip-labelled"),
        (ZIP_PLUS_FOUR, "zip-plus-four"),
    ):
        for match in pattern.finditer(text, lo, hi):
            yield finding("B", match.start("zip"), match.end("zip"), rule, suggestion="the state")


def _place_at(text: str, words: list, index: int) -> int | None:
    """Index of the last word of the longest listed place starting at ``words[index]``."""
    first = words[index]
    if first.text not in lexicon.place_first_words():
        return None
    best = None
    for last in range(index, min(index + 4, len(words))):
        if last > index and not re.fullmatch(
            r"\.?\s{1,2}", text[words[last - 1].end : words[last].start]
        ):
            break
        if text[first.start : words[last].end] in lexicon.places():
            best = last
    return best


def _place_spans(text: str, split=capitalised_words) -> Iterator[tuple[int, int, bool]]:
    """(start, end, single word) for each listed place in the text."""
    words = split(text)
    index = 0
    while index < len(words):
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
        if followed_by_clinical_head(text, end) or name in lexicon.MONTHS:
            continue
        if _part_of_state_name(text, start, end):
            continue
        ordinary = single and lexicon.is_common_word(name)
        if _STATE_AFTER.match(text, end):
            yield finding("B", start, end, "city-state", suggestion="the state")
        elif previous_word(text, start).lower() in PLACE_CUES:
            # Capitalised after "in", "from"...: a proper noun even when it is also a word.
            yield finding("B", start, end, "city-after-preposition", suggestion="the state")
        elif (org_start := _organisation_start(text, start)) < start:
            yield finding("B", org_start, end, "place-named-organisation", suggestion="a hospital")
        elif not (ordinary or single and (lexicon.is_clinical(name) or name in lexicon.NOT_NAMES)):
            yield finding("B", start, end, "possible-city", "low", suggestion="the state")


def _organisation_start(text: str, start: int) -> int:
    """Start of proper nouns right before a place ("Kaiser Permanente Oakland")."""
    words = words_of(text[max(0, start - 80) : start])
    offset = max(0, start - 80)
    begin = start
    for word in reversed(words[-3:]):
        if text[offset + word.end : begin] != " " or lexicon.is_common_word(word.text):
            break
        if lexicon.is_clinical(word.text) or word.text in lexicon.NOT_NAMES:
            break
        begin = offset + word.start
    return begin


def _name_start(text: str, end: int, *, limit: int) -> int:
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


def _extension(text: str, end: int) -> int:
    """End of a place right after a facility ("... Hospital of Orange County")."""
    joint = _EXTENSION.match(text, end)
    if joint is None:
        return end
    for start, place_end, _ in _place_spans(text[joint.end() : joint.end() + 80], words_of):
        if start == 0:
            return joint.end() + place_end
        break
    county = COUNTY_WORD.search(text, joint.end(), joint.end() + 60)
    if county and _name_start(text, county.start(), limit=3) == joint.end():
        return county.end()
    return end


def facilities(text: str) -> Iterator[Finding]:
    lowered_kinds = LOWER_KIND_HINT.finditer(text)
    spans = [(w.start, w.end) for w in capitalised_words(text) if w.text in KIND_FIRST_WORDS]
    spans += [(m.start(), m.end()) for m in lowered_kinds]
    kinds = (
        k
        for lo, hi in windows(text, iter(sorted(spans)), 0, 40)
        for k in KIND.finditer(text, lo, hi)
    )
    for kind in kinds:
        start = _name_start(text, kind.start(), limit=4)
        # A leading "The" or "Our" belongs to the sentence, not to the name.
        for word in text[start : kind.start()].split():
            if word not in lexicon.NOT_NAMES:
                break
            start = text.index(word, start) + len(word)
            while text[start].isspace():
                start += 1
        named = [w for w in text[start : kind.start()].split() if w not in GENERIC]
        end = _extension(text, kind.end())
        if named and not all(w.isupper() for w in named):
            yield finding("B", start, end, "named-facility", suggestion="a hospital")
        elif end > kind.end():
            yield finding("B", start, end, "facility-with-place", suggestion="a hospital")
    for match in SAINT.finditer(text):
        if not followed_by_clinical_head(text, match.end()):
            yield finding("B", match.start(), match.end(), "saint-name", suggestion="a hospital")


RULES = (addresses, zip_codes, cities, facilities)
