"""Word lists the scanner consults, loaded once from ``data/`` (see SOURCES.md).

Everything is a frozenset of Title-cased or lower-cased strings so that a
lookup is one hash probe; nothing is fetched at run time.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: how the lists below are written."""
    return frozenset(text.split())


# Words after a capitalised token that make it a clinical eponym, a score or a
# named instrument rather than a person or a place ("Bell palsy", "Wells score").
CLINICAL_HEADS = word_set(
    """
    disease diseases syndrome syndromes sign signs test tests score scores scale scales wave waves
    bolt mitts mitt statute statutes law laws act
    criteria criterion classification stage stages staging fracture fractures palsy phenomenon
    reflex reflexes maneuver manoeuvre procedure procedures operation repair pouch point triad
    pentad tetrad murmur lesion lesions node nodes nodule nodules spot spots line lines cell
    cells body bodies tumor tumour lymphoma sarcoma carcinoma ulcer ulcers protocol system
    equation formula rule rules grade grades type position tube catheter drain valve blade
    clamp forceps retractor balloon shunt anastomosis pulse pulsations rub sound index regimen
    approach incision virus encephalitis fever diverticulum esophagus oesophagus cyst cysts
    contracture deformity disorder anomaly malformation membrane canal gland glands duct ducts
    space ligament nerve area areas method technique stain staining agar medium classification
    guidelines guideline pathway dance wort's wort spotted triangle chancre angina aneurysm
    hernia neuroma neuralgia arthritis thyroiditis dementia dystrophy ataxia myopathy
    encephalopathy nephropathy chorea paralysis anemia anaemia granules crystals lymphadenitis
    rings ring waves wave effect law curve curves view views scan dressing splint collar cast
    boot pessary device pump circuit questionnaire consensus definition nomogram model
    inventory assessment checklist calculator algorithm tool declaration study trial cohort
    agent strain questionnaires tree egg stirrups stirrup loops loop cardioplegia cardinal
    exophthalmometer exophthalmometry scissors dissector dissectors elevator hook speculum
    needle trocar suction stitch stitches suture sutures knot flap limb lens stent filter
    tourniquet block blocks nail rod plate screw screws wire wires cannula cannulas
    """
)

# Words that may follow "Mr." or a role and still not be a name.
NOT_NAMES = word_set(
    """
    The A An This That These Those He She They His Her Their It Its We Our You Your I Who Whom
    Whose What When Where Why How And Or But Nor So Yet If Then Than As At In On Of To From By
    With Without For Not No Yes All Any Some Each Every Both Either Neither None Also Only
    Just Is Was Were Are Be Been Being Has Had Have Do Does Did Will Would Can Could Should
    Shall May Might Must Patient Pt Unknown Name Names Today Tomorrow Yesterday
    """
)

# fmt: off
STATES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA",
    "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD",
    "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS",
    "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH",
    "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY", "North Carolina": "NC",
    "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA",
    "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN",
    "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA", "Washington": "WA",
    "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY", "District of Columbia": "DC",
    "Puerto Rico": "PR", "Guam": "GU",
}
# fmt: on
STATE_CODES = frozenset(STATES.values())
STATE_WORDS = frozenset(word for state in STATES for word in state.split())
# Alternation for regexes, longest first so "West Virginia" wins over "Virginia".
STATE_PATTERN = "|".join(
    sorted(
        [*STATES, *STATES.values(), "Calif", "Mass", "Penn", "Wash", "Tex", "Fla", "Ariz"],
        key=len,
        reverse=True,
    )
)

MONTHS = word_set(
    "January February March April May June July August September October November December"
)
WEEKDAYS = word_set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")


def _read_gz(name: str) -> list[str]:
    blob = resources.files(__package__).joinpath("data", name).read_bytes()
    return gzip.decompress(blob).decode("utf-8").split()


@cache
def first_names() -> frozenset[str]:
    """Census given names, and those of other countries (``world_first_names``)."""
    return frozenset(_read_gz("first_names.txt.gz") + _read_gz("world_first_names.txt.gz"))


@cache
def surnames() -> frozenset[str]:
    return frozenset(_read_gz("surnames.txt.gz") + _read_gz("world_surnames.txt.gz"))


@cache
def english_words() -> frozenset[str]:
    return frozenset(_read_gz("english_words.txt.gz"))


@cache
def places() -> frozenset[str]:
    blob = resources.files(__package__).joinpath("data", "places.txt.gz").read_bytes()
    names = gzip.decompress(blob).decode("utf-8").splitlines()
    return frozenset(n for n in names if n and n not in STATES) | neighbourhoods()


@cache
def neighbourhoods() -> frozenset[str]:
    """Neighbourhoods the GeoNames lists lack (``data/neighbourhoods.txt``)."""
    return frozenset(_listed("neighbourhoods.txt"))


@cache
def everyday_places() -> frozenset[str]:
    """Towns named by an everyday word or an eponym that notes often name ("Providence",
    "Boulder", "Framingham"): ``data/everyday_places.txt``."""
    return frozenset(_listed("everyday_places.txt"))


@cache
def place_first_words() -> frozenset[str]:
    """First words of multi-word places, so a scan can start a place at any of them."""
    return frozenset(name.split()[0] for name in places())


@cache
def not_places() -> frozenset[str]:
    """Countries, continents, regions, peoples, languages, religions: above the state."""
    blob = resources.files(__package__).joinpath("data", "countries.txt.gz").read_bytes()
    names = set(gzip.decompress(blob).decode("utf-8").splitlines())
    names.update(_listed("not_places.txt"))
    return frozenset(n for n in names if n)


@cache
def facility_brands() -> frozenset[str]:
    """Health-system and hospital names, one or several words (``data/facility_brands.txt``)."""
    return frozenset(_listed("facility_brands.txt"))


@cache
def word_given_names() -> frozenset[str]:
    """Given names that are everyday words ("Hope", "Precious"): ``data/word_given_names.txt``."""
    return frozenset(_listed("word_given_names.txt"))


def _listed(name: str) -> list[str]:
    """Entries of a hand-written list: one per line, "#" starts a comment line."""
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


# The vocabularies of clinical language (origins in ``data/SOURCES.md``).
CLINICAL_LISTS = (
    "clinical_terms.txt",
    "clinical_shorthand.txt",
    "clinical_drugs.txt",
    "clinical_eponyms.txt",
    "clinical_eponyms2.txt",
    "clinical_latin.txt",
    "clinical_acronyms.txt",
)


# The lists of what is named after a person ("Kocher", "Delacroix"), as opposed to a
# drug, a ward or shorthand.
EPONYM_LISTS = ("clinical_eponyms.txt", "clinical_eponyms2.txt")
# With the hand-written terms, which hold the towns scores are named for ("Framingham",
# "Boston criteria").
EPONYM_AND_TOWN_LISTS = ("clinical_terms.txt", *EPONYM_LISTS)


@cache
def clinical_terms(lists: tuple[str, ...] = CLINICAL_LISTS) -> frozenset[str]:
    """Lower-cased words of the clinical ``lists`` (by default all: terms, shorthand, drugs...)."""
    words: set[str] = set()
    for name in lists:
        text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
        for line in text.splitlines():
            if not line.lstrip().startswith("#"):
                words.update(w.lower() for w in line.split())
    return frozenset(words)


def is_eponym(token: str) -> bool:
    """A word of the eponym lists ("Delacroix", "Kocher"): a person's name, whatever else."""
    return token.lower().removesuffix("'s").removesuffix("’s") in clinical_terms(EPONYM_LISTS)


def is_person_eponym(token: str) -> bool:
    """An eponym that reads only as a surname ("Delacroix", "Kocher"): not shorthand that
    the lists also hold ("cath"), nor a dictionary word."""
    lower = token.lower()
    return len(lower) >= 5 and is_eponym(lower) and not is_dictionary_word(lower)


@cache
def place_spellings() -> dict[str, str]:
    """Each listed place and facility brand by its lower-case form ("md anderson")."""
    spellings = {name.lower(): name for name in places()}
    spellings.update((name.lower(), name) for name in facility_brands())
    return spellings


def is_common_word(token: str) -> bool:
    """An everyday English word ("Will", "Grant", "Rose"), so weak evidence of a name."""
    return token.lower() in english_words()


def is_clinical(token: str) -> bool:
    lowered = token.lower()
    if lowered.endswith(("'s", "’s")):
        lowered = lowered[:-2]
    return lowered in clinical_terms() or lowered.rstrip("'’") in clinical_terms()


@cache
def person_names() -> frozenset[str]:
    """Given names and surnames in one set: the name rules ask about every word."""
    return first_names() | surnames()


def is_person_name(token: str) -> bool:
    if token.endswith(("'s", "’s")):
        token = token[:-2]
    return token in person_names()


NOT_NAMES_LOWER = frozenset(word.lower() for word in NOT_NAMES)
WORLD_NAME_RANK = 10_000


@cache
def name_ranks() -> dict[str, int]:
    """Rank of each Census name, 0 the most common (the lists are in frequency order).

    A name that is both a given name and a surname keeps its better rank. The
    names of other countries, which come with no US frequency, rank as a name
    of middling frequency (``WORLD_NAME_RANK``).
    """
    ranks: dict[str, int] = {}
    for names in (_read_gz("first_names.txt.gz"), _read_gz("surnames.txt.gz")):
        for rank, name in enumerate(names):
            if rank < ranks.get(name, rank + 1):
                ranks[name] = rank
    for name in _read_gz("world_first_names.txt.gz") + _read_gz("world_surnames.txt.gz"):
        ranks.setdefault(name, WORLD_NAME_RANK)
    return ranks


def name_rank(token: str) -> int | None:
    """How common a Title-case name is (see :func:`name_ranks`); None when not a name."""
    return name_ranks().get(token)


@cache
def place_words() -> frozenset[str]:
    """Every word of the listed place names that is not an everyday English word."""
    return frozenset(
        word for place in places() for word in place.split() if word.lower() not in english_words()
    )


@cache
def rare_english_words() -> frozenset[str]:
    """SCOWL size 70 words that the size 35 list lacks ("saline", "bolus", "bougie")."""
    return frozenset(_read_gz("english_rare_words.txt.gz"))


def is_dictionary_word(lowered: str) -> bool:
    """Any English word a large dictionary knows, everyday or rare."""
    return lowered in english_words() or lowered in rare_english_words()
