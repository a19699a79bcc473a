"""What the name rules share: titles, roles, credentials and the words of a text.

The re-casing view (:mod:`casecrowd.phi.casing`) reads ``TITLE_WORDS`` and
``ROLES`` through :mod:`casecrowd.phi.rules_names` to decide which word after a
cue to write in Title case, so both stay the cues a reader of any letter case
would take for "a person's name comes next".
"""

from __future__ import annotations

import re
from functools import cache

from . import lexicon
from .lexicon import word_set
from .tokens import Word, capitalised_words, word_index

STRICT_TITLES = (
    r"Drs|Dr|Mr|Mrs|Ms|Mx|Prof|Rev|Fr|Br|Messrs|Mmes|Mme|Mlle|Miss|Mister|Doctors|Doctor|Professor"
    r"|Judge"
)
# Titles before a list of names: "Drs. Oyelaran, Feldstein and Quint".
PLURAL_TITLES = frozenset(("Drs", "Messrs", "Mmes", "Doctors"))
# Kinship words that name several people: the names after them come as a list.
PLURAL_ROLES = frozenset(("daughters", "sons", "sisters", "brothers", "parents", "grandchildren"))
LOOSE_TITLES = r"Nurse|Sister|Brother|Father|Mother|Pastor|Rabbi|Officer|Dame|Sir|Lady|Lord"
# "Dr.Smith" is typed without a space as often as with one.
TITLE = re.compile(
    rf"\b(?:(?P<strict>{STRICT_TITLES})|(?P<loose>{LOOSE_TITLES}))\b(?:\.[ \t]{{0,2}}|[ \t]{{1,2}})"
)
# Every title is a capitalised word: the rule looks only where one of them stands.
TITLE_WORDS = frozenset((STRICT_TITLES + "|" + LOOSE_TITLES).split("|"))
# Kinship and role words after which a capitalised word is a person ("her daughter Maria",
# "RN Kalani", "hcp Marguerite").
ROLES = word_set(
    """
    daughter dtr son husband wife mother father brother sister mom mum dad partner spouse
    fiance fiancé fiancee fiancée boyfriend girlfriend aunt uncle niece nephew cousin grandson
    granddaughter grandmother grandfather grandma grandpa granddad stepfather stepmother
    stepson stepdaughter caregiver carer guardian friend neighbor neighbour roommate sponsor
    colleague coworker co-worker boss landlord pastor priest rabbi imam therapist counselor
    counsellor nurse doctor physician surgeon pediatrician paediatrician pcp gp attending
    resident intern fellow consultant midwife pharmacist paramedic worker manager chaplain
    interpreter teacher coach patient pt named called hcp proxy poa surrogate rn np pa crna
    slp family boy girl daughters sons sisters brothers parents grandchildren granddaughters
    grandsons officer officers deputy sergeant sgt detective trooper teammate classmate mgr
    coordinator navigator aide cna advocate attorney lawyer supervisor foreman scheduler
    receptionist secretary clerk dietitian nutritionist phlebotomist transporter audiologist
    optometrist technologist doula
    """
)
# The words of kinship among the roles: after one, even a verb that is a given name is the
# person when a verb of its own follows ("son drew arrives", "father mike, retired").
KINSHIP = word_set(
    """
    daughter dtr son husband wife mother father brother sister mom mum dad partner spouse
    fiance fiancé fiancee fiancée boyfriend girlfriend aunt uncle niece nephew cousin grandson
    granddaughter grandmother grandfather grandma grandpa granddad stepfather stepmother
    stepson stepdaughter
    """
)
# Verbs after which the next capitalised word is a person, if it is not a service
# ("paged Foley", "d/w Okonkwo"; not "per Neuro", "d/w Cards"). Lower case: matched on
# the last words before a candidate, whatever their case.
PERSON_VERBS = (
    "per",
    "paged",
    "page",
    "called",
    "d/w",
    "spoke with",
    "spoke w/",
    "talked with",
    "talked to",
    "discussed with",
    "treated by",
    "seen by",
    "evaluated by",
    "examined by",
    "operated by",
    "referred by",
    "signed out to",
    "handed off to",
    "covered by",
    "thanks",
    "thank you",
    "saw",
    "met with",
)
# Credentials written after a name: "Smith MD", "J. Smith, RN", "Kalani (RN)". "DO" is a
# credential only in capitals (and not "to do").
CREDENTIALS = word_set(
    """
    md rn np pa pa-c crna rt lpn cna pharmd phd dds dmd aprn fnp dnp acnp cnm cns msn bsn
    mbbs mbchb frcs frcp facs facp ot pt slp ccc-slp lcsw msw rrt rd psyd dpm
    """
)
LIST_JOINT = re.compile(r",\s{1,2}(?:and\s{1,2}|&\s{1,2})?|\s{1,2}(?:and|&)\s{1,2}")
MIDDLE = re.compile(r"\s{1,2}(?:[A-Z]\.\s{1,2})?")
INITIAL = re.compile(r"(?=[A-Z])(?<![\w.])[A-Z]\.\s{0,2}")
# INITIAL found from its dot, a literal the engine skips to; the match starts one letter back.
# Not a unit after a degree sign or a count: "37 °C. Ajmaline", "the first 6 H. Gastrografin";
# a street's number is longer ("6519 S. Halsted St").
_INITIAL_DOT = re.compile(
    r"\.(?<=[A-Z]\.)(?<![\w.°][A-Z]\.)(?<![^\d]\d [A-Z]\.)(?<![^\d]\d\d [A-Z]\.)\s{0,2}"
)
# "Na 118", "Hb 10.1": an analyte followed by its value is not a name.
LAB_VALUE_AFTER = re.compile(r"\s{0,2}[:=]?\s{0,2}[<>]?\d")
# The word after a name that makes it an eponym: on the same line and not a heading
# ("Dr. Theo Vanderslice\nProcedure:" is a name; "Whipple procedure" an eponym).
_NEXT = re.compile(r"(?:['’]s?)?[ \t-]{1,3}([A-Za-z]{1,30})(?!\s{0,2}:)")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]{1,30}|[A-Z]")  # "de Winter T waves": a letter too


def eponym_after(text: str, end: int) -> bool:
    """Is the word ending at ``end`` part of an eponym ("Bell palsy", "Kelly clamp")?"""
    for _ in range(3):
        match = _NEXT.match(text, end)
        if match is None:
            return False
        if match.group(1).lower() in lexicon.CLINICAL_HEADS:
            return True
        if not _CAPITALISED_WORD.fullmatch(match.group(1)):
            return False
        end = match.end()
    return False


def is_name_word(word: Word, *, loose: bool) -> bool:
    """Could ``word`` be part of a personal name in a context that expects one?"""
    if word.text in lexicon.NOT_NAMES or word.text in lexicon.MONTHS | lexicon.WEEKDAYS:
        return False
    if word.text in lexicon.STATE_WORDS or word.text.lower() in ROLES:
        return False
    if "-" in word.text and all(lexicon.is_common_word(p) for p in word.text.split("-")):
        return False  # "Comfort-Focused", "Follow-Up"
    if loose:
        return True
    return lexicon.is_person_name(word.text) or not lexicon.is_common_word(word.text)


# Endings of drug names, clinical Greek and Latin and species ("Roflumilast", "falciparum"):
# a word no list knows that ends so is a term the lists lack, not a surname.
# Endings of the names of operations and of specialties: each a clinical word's too, and
# read on their own where a date follows an operation or a specialty follows a verb.
OPERATION_ENDINGS = ("ectomy", "otomy", "ostomy", "plasty", "pexy", "scopy", "rrhaphy", "desis")
SPECIALTY_ENDINGS = ("ology", "ologist", "ologists", "iatry", "iatrics")
CLINICAL_ENDINGS = (
    *lexicon.word_set(
        """
    itis osis esis asis iasis emia uria algia graphy pathy
    plegia paresis trophy mab nib ast pril sartan olol dipine statin azole mycin cillin cycline
    floxacin vir parin semide thiazide gliptin gliflozin glitazone prazole tidine setron triptan
    azepam zolam barbital profen coxib fenac caine curonium codone morphone oxacin penem sporin
    lukast tropium terol sonide asone olone cortisone ridone apine oxetine afil lamide zumab
    arum ensis iae oides ococcus bacter aureus icans blastoma cinoma sarcoma phoma lanoma
    glioma adenoma myeloma ioma plication tripsy
    """
    ),
    *OPERATION_ENDINGS,
    *SPECIALTY_ENDINGS,
)


def looks_clinical(token: str) -> bool:
    return token.lower().endswith(CLINICAL_ENDINGS)


def is_unknown(token: str) -> bool:
    """A word no list knows: not everyday, clinical, a listed name or a place."""
    lowered = token.lower()
    return not (
        lexicon.is_common_word(token)
        or looks_clinical(token)
        or lexicon.is_clinical(token)
        or lexicon.is_person_name(token)
        or lowered in lexicon.rare_english_words()
        or token in lexicon.places()
        or token in lexicon.not_places()
    )


def clinical_only(token: str) -> bool:
    """A clinical term that is in no name list: "Levo", "Mri", "Bougie" but not "Foley"."""
    return lexicon.is_clinical(token) and not lexicon.is_person_name(token)


@cache
def dotted_abbreviations() -> frozenset[str]:
    """Dotted abbreviations that are not initials (``data/dotted_abbreviations.txt``)."""
    lines = lexicon._listed("dotted_abbreviations.txt")
    return frozenset(word.upper() for line in lines for word in line.split())


class Words:
    """Capitalised words indexed by start offset, for "the word right after here"."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = capitalised_words(text)
        self.index_by_start, self.index_by_end = word_index(text)
        self.initials = [(m.start() - 1, m.end()) for m in _INITIAL_DOT.finditer(text)]

    def run_from(
        self, offset: int, *, loose: bool, limit: int = 3, eponyms: bool = True
    ) -> list[Word]:
        """Consecutive name words starting at ``offset`` (middle initials allowed).

        ``eponyms``: drop words that an eponym head follows ("Kelly clamp").
        """
        index = self.index_by_start.get(offset)
        run: list[Word] = []
        while index is not None and index < len(self.words) and len(run) < limit:
            word = self.words[index]
            if not is_name_word(word, loose=loose and not run) and not (
                not run and self._given_name_despite_list(index, loose=loose)
            ):
                break
            if run and lexicon.is_common_word(word.text) and not lexicon.is_person_name(word.text):
                break
            run.append(word)
            index += 1
            if index < len(self.words):
                between = self.text[word.end : self.words[index].start]
                if not MIDDLE.fullmatch(between):
                    break
        while run and eponyms and eponym_after(self.text, run[-1].end):
            run.pop()
        return run

    def _given_name_despite_list(self, index: int, *, loose: bool) -> bool:
        """ "Will Baker", "Mrs. Will (Dorothy)", "Ms. June Young": a given name that is
        also a modal or a month, where a surname or a bracket follows it."""
        word = self.words[index]
        if word.text not in lexicon.first_names() or word.text in lexicon.STATE_WORDS:
            return False
        after = self.text[word.end : word.end + 3]
        if loose and (after[:1] in ("(", ",", "\n", "") or after[:2] == " ("):
            return True
        following = self.words[index + 1] if index + 1 < len(self.words) else None
        return (
            following is not None
            and MIDDLE.fullmatch(self.text, word.end, following.start) is not None
            and lexicon.is_person_name(following.text)
            and not lexicon.is_common_word(following.text)
            or following is not None
            and following.text in lexicon.surnames()
            and MIDDLE.fullmatch(self.text, word.end, following.start) is not None
        )
