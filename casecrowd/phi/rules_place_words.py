"""Word lists and context checks shared by the place, ward and facility rules.

No rules of its own: one home for the lists, so that each rule module imports them.
"""

from __future__ import annotations

import re
from functools import cache

from . import lexicon
from .lexicon import word_set

RULES = ()

# Words after a place's or a brand's name that make it an instrument ("Mayo stand",
# "Mayfield pins", "Gardner-Wells tongs"): what ``lexicon.CLINICAL_HEADS`` does not list.
INSTRUMENT_WORDS = lexicon.word_set("stand stands pins pin tongs holder headrest frame tray")
# A state written short in Title case ("in Pa.", "from Mass"): Safe Harbor allows it.
STATE_SHORT = lexicon.word_set("Pa Penn Mass Calif Wash Tex Fla Ariz Va Ga Md Ky Tenn Conn Mich")

# Words that name what a facility is, not where: "General Hospital" says nothing.
GENERIC = word_set(
    """
    The A Our Their This That Your His Her General Memorial Regional Community University
    Children's Childrens Women's Womens Medical County City State Veterans Teaching Private
    Public District Central Main Mental Psychiatric Rehabilitation Specialty Surgical Cancer
    Heart Eye Dental Family Health National Academic Military Army Navy Federal Municipal
    Urgent Care Day Local Outside Referring Tertiary Quaternary Rural Urban Pediatric
    Paediatric Orthopedic Orthopaedic Cardiac Behavioral Behavioural Free Walk-In Primary
    Secondary Sleep Pain Occupational Student Employee Home Global Population Integrative
    Travel Oral Sexual Adolescent Child Maternal Infant Internal Emergency North South East
    West Northern Southern Eastern Western Kidney Dialysis Women Men Men's Public Veterans'
    Homeless Transitional Crisis Respite Warming Overnight Domestic High-Volume Low-Volume
    Referral Transplant Trauma Stroke Burn Specialized Experienced Larger Smaller Bedside
    Confidential Secure Safe
    """
)
GENERIC_LOWER = frozenset(word.lower() for word in GENERIC)


@cache
def clinical_acronyms() -> frozenset[str]:
    """Acronyms and shorthand of clinical language, upper-cased ("ICU", "OSH", "VASO")."""
    return frozenset(w.upper() for w in lexicon.word_set(" ".join(lexicon._listed(_ACRONYMS))))


@cache
def care_unit_words() -> frozenset[str]:
    """What a unit or clinic treats ("Spine", "Burn", "Newborn"), lower-cased."""
    return frozenset(w.lower() for w in lexicon.word_set(" ".join(lexicon._listed(_UNITS))))


def is_clinical_acronym(word: str) -> bool:
    return word.upper() in clinical_acronyms()


_VERBS_BEFORE_PLACES = lexicon.word_set(
    "attends visits lives works stays resides contact call notify notified called"
)


def is_sentence_verb(word: str) -> bool:
    """A sentence's verb before a facility ("Discussed nursing home", "Attends Grace
    Church"), never the facility's name."""
    lower = word.lower()
    if lower in _VERBS_BEFORE_PLACES:
        return True
    for suffix in ("ed", "ing"):
        stem = lower.removesuffix(suffix)
        if stem == lower or len(stem) < 3:
            continue  # "Red", "King": no verb
        if any(map(lexicon.is_common_word, (stem, stem + "e", stem[:-1]))):
            # "Reading Hospital", "Browning Clinic": a town's or a person's name
            title = word[:1].upper() + lower[1:]
            return title not in lexicon.place_words() and lexicon.name_rank(title) is None
    return False


def is_state_short(word: str) -> bool:
    return word in STATE_SHORT or (len(word) == 2 and word.upper() in lexicon.STATES.values())


def is_care_unit_word(word: str) -> bool:
    return word.lower() in care_unit_words()


_ACRONYMS = "clinical_acronyms.txt"
_UNITS = "care_units.txt"


# A verb of living before "in/from": after it a clinical word that is a town is the
# town ("lives in Salem"), after a mere "in" it is the device ("clots in Foley").
LIVING_BEFORE = re.compile(
    r"(?i:\b(?:lives?|living|lived|resides?|born|raised|moved|relocated|grew\s{1,2}up|visiting|"
    r"originally|is|was|family)\s{1,2}(?:in|from|near|outside|to))\s{1,2}$"
)


WEAK_CUES = word_set("in from near outside")
# Verbs of work and residence, and trades: after one and "at/for/by", the employer or home.
WORK_WORDS = word_set(
    """
    work works working worked employed employee job shift shifts resides residing resident
    welder tech technician mechanic machinist electrician plumber carpenter janitor custodian
    cashier clerk stocker packer loader driver trucker teacher professor student aide nurse
    manager supervisor foreman engineer worker laborer labourer operator guard server waiter
    waitress bartender barista chef dishwasher pastor volunteer intern contractor accountant
    banker analyst developer receptionist secretary farmhand rancher miner fisherman
    """
)


def living_before(text: str, start: int) -> bool:
    return LIVING_BEFORE.search(text, max(0, start - 30), start) is not None


_NEXT = re.compile(r"\s{1,2}([A-Za-z][a-z]{1,30}|[A-Z]{2,30})(?![\w'’-])")


def names_a_unit_or_instrument(text: str, end: int, name: str = "") -> bool:
    """Do the words after a place at ``end`` make it a unit or an instrument ("to Same Day
    Surgery", "the Mayo stand")? A ``name`` that is a unit's word needs one more ("in
    Newborn Nursery")."""
    match = _NEXT.match(text, end)
    if match is None:
        return False
    word = match.group(1)
    if word.lower() in INSTRUMENT_WORDS:
        return True
    if not (word[:1].isupper() and is_care_unit_word(word)):
        return False
    if is_care_unit_word(name):
        return True
    following = _NEXT.match(text, match.end())
    return following is not None and is_care_unit_word(following.group(1))


def verb_after(text: str, end: int) -> bool:
    """ "Taylor noticed jaundice": a person doing something, not a town."""
    match = _NEXT.match(text, end)
    if match is None or not match.group(1).islower():
        return False
    word = match.group(1)
    return lexicon.is_common_word(word) and word.endswith(("ed", "s")) and not word.endswith("ss")


def town_at_end(before: str) -> int | None:
    """Where the listed place made by the last one to three words of ``before`` starts
    (the longest such place), or None."""
    words = before.split()
    for n in range(min(3, len(words)), 0, -1):
        if " ".join(w[:1].upper() + w[1:].lower() for w in words[-n:]) in lexicon.places():
            return len(before.rstrip()) - len(" ".join(words[-n:]))
    return None
