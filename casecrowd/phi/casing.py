"""Letter case as a mixed-case writer would have typed it, so that the rules can read it.

Every name and place rule reads capitalisation: "Smith" may be a name, "smith"
and "SMITH" are, to them, a word and an acronym. But a third of real notes are
printed in capitals and a third typed in lower case, and a pasted chart header
("Pt: HALVORSEN, ERIK") or a hurried post ("seen by dr patel") puts such a
stretch inside mixed-case text. :func:`.recasing.recased` returns the text with
each word in the case its kind has in ordinary writing, the length unchanged;
this module says what each word becomes:

- a word written in capitals keeps them when it is clinical shorthand or
  unknown (an acronym: "PERRL", "MGH"), goes to lower case when it is an
  everyday English word ("SEEN BY" → "seen by"), and to Title case when it is
  in the name or place lists and neither ("GONZALEZ" → "Gonzalez");
- a word written in lower case goes to Title case when it is in the name or
  place lists and neither an everyday word nor a clinical term ("maria
  gonzalez", "dorchester");
- a word after a title ("DR SMITH", "dr. x") goes to Title case whatever it
  is, and the title with it; a word after a role or kinship cue ("wife
  marguerite", "paged okonkwo") or before a credential ("kalani rn") when it
  is a name or no known word at all.

Judging a word by the lexicon rather than by its capitals is what makes a note
in any case read the same. How the note and each line are cased decides how
much a letter's case says (:func:`casing_of`, :class:`Casing`):

- in a line mostly in capitals, capitals say nothing: a name-list word that is
  no everyday word becomes Title case if it is a common name (the Census rank,
  ``lexicon.name_rank``), since rare surnames are often words the lists lack;
- in a mixed-case line, capitals are written on purpose ("ELISA", "BAL", "AMA"
  are acronyms), so only a cue re-cases them;
- a lower-case word is a name only if no large dictionary knows it, or in a
  note typed all in lower case, if the everyday list does not; either way it
  must be a common name. A given name before a re-cased surname follows it
  ("maria gonzalez").
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from . import lexicon
from .names_base import CREDENTIALS as NAME_CREDENTIALS
from .names_base import PERSON_VERBS, ROLES, SPECIALTY_ENDINGS
from .rules_place_words import is_clinical_acronym

# A word's letters; not the stem of a contraction ("isn't", "DON'T").
LETTERS = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,40}(?![^\W\d_]|['’][tT]\b)")
# Titles after which any word is a name ("dr. x", "MR SMITH"); not "Fr" (French gauge).
TITLES = frozenset(
    ["dr", "drs", "mr", "mrs", "ms", "mx", "miss", "prof", "mme", "mlle", "rev", "br"]
)
# Kinship and role words after which a name-list word is a person ("wife marguerite");
# "pt" and "patient" are followed by verbs far more often than by names.
ROLE_CUES = ROLES - {"pt", "patient", "named"}
# The last word of a verb of contact ("paged", "spoke with", "treated by"), after which a
# word no dictionary knows is a person ("paged okonkwo"); not "to" nor "you".
VERB_CUES = frozenset(phrase.split()[-1] for phrase in PERSON_VERBS) - {"to", "you"}
# A credential after a name ("kalani rn", "SMITH, MD"), except those that are also the
# words they abbreviate far more often ("the pt", "to do").
CREDENTIALS = NAME_CREDENTIALS - {"pt", "ot", "rd", "do"}
# Each single-word cue, lower case, and the kind of word it announces.
PERSON_CUES = {
    **dict.fromkeys(ROLE_CUES, "role"),
    **dict.fromkeys(("pt", "patient"), "patient"),
    **dict.fromkeys(VERB_CUES, "verb"),
    **dict.fromkeys(TITLES, "title"),
}
COMMON_NAME_RANK = 20_000
COMMON_GIVEN_RANK = 2_000  # Census rank of a given name common enough to stand for a person
VERY_COMMON_NAME_RANK = 3_000
CAPITALS_SHARE = 0.6
LOWER_SHARE = 0.92
# The words that end a facility's or a street's name, as the facility and address rules
# read them in Title case ("Tobey Hospital", "Portneuf Medical Center", "Kearsarge Ave").
PLACE_KINDS = frozenset(
    """
    hospital hospitals medical center centre clinic infirmary hospice sanatorium
    rehabilitation rehab manor school academy college university institute health healthcare
    memorial general regional prison penitentiary street st avenue ave road rd boulevard blvd
    lane ln drive court ct place terrace way circle parkway pkwy highway hwy square plaza
    pike turnpike lake county pavilion lodge jail correctional detention facility children's
    childrens church mosque synagogue shelter hotel motel ltach associates
    """.split()  # noqa: SIM905
)
# Kinds of two words whose last word alone names no place: "funeral home", "family
# medicine" (a home and medicine are everywhere in a note), keyed by that last word.
KIND_PAIRS = {
    "home": frozenset(("funeral", "nursing")),
    "medicine": frozenset(("family",)),
    "practice": frozenset(("family",)),
}
KIND_PAIR_FIRSTS = frozenset().union(*KIND_PAIRS.values())
# Kinds that a note never puts after everyday words unless they are the name ("GRACE
# POINT BAPTIST CHURCH", "CEDAR RIDGE CORRECTIONAL FACILITY"), unlike "homeless shelter".
NAMED_ONLY_KINDS = frozenset(
    ("home", "medicine", "practice", "church", "mosque", "synagogue", "correctional", "associates")
)
# Words of a slot kept for a person that are never part of the name in it.
NOT_IN_SLOTS = frozenset(["pt", "patient", "name", "mr", "mrs", "ms", "dr", "s/p", "mrn", "dob"])


_CONTRACTION = re.compile(r"n['’]t$|['’](?:ll|re|ve|d|m)$")
_PREFIXES = lexicon.word_set("co re pre non post self anti semi multi sub inter over under cross")


class Casing(Enum):
    MIXED = "mixed"
    CAPITALS = "capitals"
    LOWER = "lower"


def title_case(word: str) -> str:
    """ "SMITH" and "smith" are "Smith"; a name cased on purpose keeps it ("O'Callaghan")."""
    return "-".join(_title_part(part) for part in word.split("-"))


def _title_part(part: str) -> str:
    if part[:1].isupper() and not part.isupper():
        return part  # "McDonald", "LaToya", "O'Callaghan": as its writer cased it
    if len(part) > 2 and part[1] in "'’":
        return part[0].upper() + part[1] + part[2:3].upper() + part[3:].lower()  # "O'ROURKE"
    return part[:1].upper() + part[1:].lower()


def _common_name(word: str) -> bool:
    title = title_case(word)
    if title in lexicon.place_words():
        return True
    rank = lexicon.name_rank(title)
    return rank is not None and rank < COMMON_NAME_RANK


@lru_cache(maxsize=65536)
def plain_case(word: str, casing: Casing) -> str:
    """The case ``word`` gets with no cue around it (the word itself when it stays)."""
    lower = word.lower()
    if lower in lexicon.english_words():
        return lower if casing is Casing.CAPITALS and word.isupper() else word
    if lexicon.is_clinical(lower):
        return word
    if len(word) < 3 or word.istitle() or not (word.isupper() or word.islower()):
        return word
    if casing is Casing.MIXED and (word.isupper() or lexicon.is_dictionary_word(lower)):
        return word
    if lower in lexicon.rare_english_words():
        rank = lexicon.name_rank(title_case(word))
        return title_case(word) if rank is not None and rank < VERY_COMMON_NAME_RANK else word
    return title_case(word) if _common_name(word) else word


def cued(word: str, cue: str) -> bool:
    """May the word after a cue of this kind ("title", "verb", "role", "patient") be a name?

    After a kinship or role word, an everyday word may be a given name that is one
    ("wife hope", "RN PRECIOUS"); after "pt", only a listed name ("pt amadou"), since
    shorthand no list knows follows it far more often ("pt aaox3").
    """
    lower = word.lower()
    if lower in lexicon.NOT_NAMES_LOWER or _CONTRACTION.search(lower):
        return False  # "our attending wouldn't", "the nurse didn't"
    if lower.endswith(SPECIALTY_ENDINGS):
        return False  # "discussed with neuro-ophthalmology", "per nephrology"
    if lower.partition("-")[0] in _PREFIXES and "-" in lower:
        return False  # "attending co-signature pending", "rn re-assessed": words, not a name
    short = word.isupper() or word.islower() and len(word) <= 5  # "per endo", "per neuro"
    if cue != "title" and short and is_clinical_acronym(word.upper()):
        return False  # "per ED note", "d/w icu", "discussed with ir": a service, not Ed
    if lower in lexicon.english_words() and cue != "title":
        return cue == "role" and title_case(word) in lexicon.word_given_names()
    rank = lexicon.name_rank(title_case(word).split("-")[0])
    name = rank is not None
    if cue == "title":  # "DR MRI" no, "dr delacroix" yes: an eponym names a person
        return name or not lexicon.is_clinical(lower) or lexicon.is_eponym(lower)
    if cue == "patient":  # "pt HOH": shorthand that is also a surname stays shorthand
        return name and len(word) > 3 and not lexicon.is_clinical(lower)
    if cue == "role" and lexicon.is_person_eponym(lower):
        return True  # "np delacroix", "wife addison": after a role an eponym is the person
    if lexicon.is_clinical(lower) and (rank is None or rank >= COMMON_NAME_RANK):
        return False  # "d/w foley" may be Dr Foley; "with temp", "on levo" name no one
    return name or not lexicon.is_dictionary_word(lower)


def casing_of(tokens: list[str]) -> Casing:
    """How a stretch of text is cased, judged by its whitespace-separated tokens."""
    upper = sum(map(str.isupper, tokens))
    lower = sum(map(str.islower, tokens))
    cased = upper + lower + sum(map(str.istitle, tokens))
    if not cased:
        return Casing.MIXED
    if upper / cased >= CAPITALS_SHARE:
        return Casing.CAPITALS
    return Casing.LOWER if lower / cased >= LOWER_SHARE else Casing.MIXED


def follows_name(name: str, word: str, *, comma: bool) -> bool:
    """Is ``word``, right after a re-cased ``name``, the rest of it ("Malia TUIASOSOPO")?

    After a comma it must be a given name ("Bui, thanh"), or, after a listed surname,
    a word no dictionary knows ("Adeyemi, oluwaseun"). Otherwise a surname, or a
    word no dictionary knows; an everyday word only when the name before it is
    a given name no dictionary knows ("Rosalind hunter", not "Will hunter").
    """
    if word.istitle() or word.lower() in lexicon.NOT_NAMES_LOWER or word.lower() in NOT_IN_SLOTS:
        return False
    if word.isupper() and word.removesuffix("MC") in lexicon.STATE_CODES:
        return False  # "Hines VA", "Boston MA": the VA or a state, no surname
    if comma:
        if lexicon.is_common_word(word):
            return False
        unknown = not is_known(word)
        return is_listed(word, "first") or unknown and title_case(name) in lexicon.surnames()
    lower = word.lower()
    surname = title_case(word) in lexicon.surnames()
    if lexicon.is_common_word(word):
        return surname and title_case(name) in lexicon.first_names() and not is_known(name)
    return surname or not (lexicon.is_dictionary_word(lower) or lexicon.is_clinical(lower))


def is_known(word: str) -> bool:
    return lexicon.is_dictionary_word(word.lower()) or lexicon.is_clinical(word)


def may_be_name(word: str) -> bool:
    """In a place a note keeps for a person, may ``word`` be part of the name?"""
    lower = word.lower()
    if lower in lexicon.NOT_NAMES_LOWER or lower in NOT_IN_SLOTS:
        return False
    if lexicon.name_rank(title_case(word).split("-")[0]) is not None:
        return True
    return not (lexicon.is_dictionary_word(lower) or lexicon.is_clinical(lower))


def names_a_place(word: str) -> bool:
    """Can ``word``, before a facility's or a street's kind, be the name in it?"""
    lower = word.lower()
    if lower in PLACE_KINDS or lower in lexicon.NOT_NAMES_LOWER or lower in lexicon.english_words():
        return False
    if lower.removesuffix("'s").removesuffix("’s") in PLACE_KINDS or is_clinical_acronym(word):
        return False  # "the hospital's smoking cessation clinic", "IR drain clinic"
    if "-" in lower and all(lexicon.is_common_word(part) for part in lower.split("-")):
        return False  # "a high-volume center": words of a description, not of a name
    title = title_case(word)
    return (
        title in lexicon.place_words()
        or title in lexicon.facility_brands()
        or lexicon.name_rank(title) is not None
        or not is_known(word)
    )


def is_listed(word: str, kind: str) -> bool:
    if word.istitle() or lexicon.is_clinical(word) or word.lower() in lexicon.NOT_NAMES_LOWER:
        return False
    names = lexicon.first_names() if kind == "first" else lexicon.surnames()
    return title_case(word) in names


def is_common_given(word: str) -> bool:
    """A common given name, even one that is clinical too ("grace", the GRACE score)."""
    title = title_case(word)
    rank = lexicon.name_rank(title)
    return rank is not None and rank < COMMON_GIVEN_RANK and title in lexicon.first_names()
