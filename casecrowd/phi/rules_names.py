"""Personal names of patients, relatives and clinicians (category A).

Strong evidence gives ``high``: a title ("Dr.", "Mrs."), a role or kinship
word ("her daughter Maria", "his wife, Linda"), a first name from the Census
list followed by a surname, an initial before a surname, initials after
"patient". A name seen once with strong evidence is then reported wherever
else it occurs in the same text. A lone capitalised word that is in the name
lists but is neither an everyday English word nor a clinical term is only a
possible name: ``low``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon
from .findings import Finding, finding
from .lexicon import word_set
from .rules_facilities import brand_words
from .tokens import (
    Word,
    capitalised_words,
    followed_by_clinical_head,
    followed_by_code,
    next_word,
    windows,
    word_index,
    words_of,
)

STRICT_TITLES = (
    r"Drs|Dr|Mr|Mrs|Ms|Mx|Prof|Rev|Fr|Messrs|Mmes|Mme|Mlle|Miss|Mister|Doctors|Doctor|Professor"
    r"|Judge"
)
# Titles before a list of names: "Drs. Oyelaran, Feldstein and Quint".
PLURAL_TITLES = frozenset(("Drs", "Messrs", "Mmes", "Doctors"))
LIST_JOINT = re.compile(r",\s{1,2}(?:and\s{1,2}|&\s{1,2})?|\s{1,2}(?:and|&)\s{1,2}")
LOOSE_TITLES = r"Nurse|Sister|Brother|Father|Mother|Pastor|Rabbi|Officer|Dame|Sir|Lady|Lord"
TITLE = re.compile(rf"\b(?:(?P<strict>{STRICT_TITLES})|(?P<loose>{LOOSE_TITLES}))\b\.?\s{{1,2}}")
# Every title is a capitalised word: the rule looks only where one of them stands.
TITLE_WORDS = frozenset((STRICT_TITLES + "|" + LOOSE_TITLES).split("|"))
# Kinship and role words after which a capitalised word is a person ("her daughter Maria").
ROLES = word_set(
    """
    daughter son husband wife mother father brother sister mom mum dad partner spouse fiance
    fiancé fiancee fiancée boyfriend girlfriend aunt uncle niece nephew cousin grandson
    granddaughter grandmother grandfather grandma grandpa granddad stepfather stepmother
    stepson stepdaughter caregiver carer guardian friend neighbor neighbour roommate sponsor
    colleague coworker co-worker boss landlord pastor priest rabbi imam therapist counselor
    counsellor nurse doctor physician surgeon pediatrician paediatrician pcp gp attending
    resident intern consultant midwife pharmacist paramedic worker manager chaplain
    interpreter teacher coach patient pt named called
    """
)
ROLE_JOINT = re.compile(r"(?:\s{0,2}[,:(]\s{0,2}|\s{1,2})(?:[A-Z]\.\s{0,2}){0,2}")
# Patterns scanned over a whole text start with a look-ahead at their first character,
# which lets the regex engine skip to the candidates instead of trying every position.
INITIAL = re.compile(r"(?=[A-Z])(?<![\w.])[A-Z]\.\s{0,2}")
INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){2,3}(?![\w])")
INITIALS_CUE = re.compile(r"(?i:\b(?:patient|pt|mr|mrs|ms|dr|initials|named|called)\.?\s{1,2})$")
# Two- and three-letter abbreviations written with periods that are not initials.
DOTTED_ABBREVIATIONS = word_set(
    """
    M.D. D.O. R.N. N.P. P.A. U.S. U.K. A.M. P.M. E.R. O.R. I.V. C.T. B.P. H.R. D.C. L.A. N.Y.
    E.D. I.M. S.C. P.O. Q.D. B.I.D. T.I.D. Q.I.D. P.R.N. N.P.O. Q.H.S. A.C. P.C. S.L. O.D.
    O.S. O.U. A.D. A.S. A.U. E.U. U.N. D.D.S. M.B. B.S. Ph.D. R.T. P.T. O.T. L.P.N. C.N.A.
    M.S. B.A. B.Sc. M.Sc. M.P.H. J.D. P.S. N.B. I.E. E.G. V.S. D.V.T. P.E. M.I. G.I. U.T.I.
    """
)
# "Na 118", "Hb 10.1": an analyte followed by its value is not a name.
LAB_VALUE_AFTER = re.compile(r"\s{0,2}[:=]?\s{0,2}[<>]?\d")
MIDDLE = re.compile(r"\s{1,2}(?:[A-Z]\.\s{1,2})?")


def _is_name_word(word: Word, *, loose: bool) -> bool:
    """Could ``word`` be part of a personal name in a context that expects one?"""
    if word.text in lexicon.NOT_NAMES or word.text in lexicon.MONTHS | lexicon.WEEKDAYS:
        return False
    if word.text in lexicon.STATE_WORDS:
        return False
    if loose:
        return True
    return lexicon.is_person_name(word.text) or not lexicon.is_common_word(word.text)


class _Words:
    """Capitalised words indexed by start offset, for "the word right after here"."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = capitalised_words(text)
        self.index_by_start = word_index(text)[0]
        self.initials = [(m.start(), m.end()) for m in INITIAL.finditer(text)]

    def run_from(self, offset: int, *, loose: bool, limit: int = 3) -> list[Word]:
        """Consecutive name words starting at ``offset`` (middle initials allowed)."""
        index = self.index_by_start.get(offset)
        run: list[Word] = []
        while index is not None and index < len(self.words) and len(run) < limit:
            word = self.words[index]
            if not _is_name_word(word, loose=loose and not run):
                break
            if run and lexicon.is_common_word(word.text) and not lexicon.is_person_name(word.text):
                break
            run.append(word)
            index += 1
            if index < len(self.words):
                between = self.text[word.end : self.words[index].start]
                if not MIDDLE.fullmatch(between):
                    break
        while run and followed_by_clinical_head(self.text, run[-1].end):
            run.pop()
        return run


def _skip_initials(text: str, offset: int) -> int:
    while (match := INITIAL.match(text, offset)) is not None:
        offset = match.end()
    return offset


def titled(words: _Words) -> Iterator[Finding]:
    for word in words.words:
        if word.text not in TITLE_WORDS or (match := TITLE.match(words.text, word.start)) is None:
            continue
        run = words.run_from(_skip_initials(words.text, match.end()), loose=bool(match["strict"]))
        if run and not (match["loose"] and lexicon.is_clinical(run[0].text)):
            yield finding("A", match.start(), run[-1].end, "title-name")
            if match["strict"] in PLURAL_TITLES:
                yield from _listed_after(words, run[-1].end)


def _listed_after(words: _Words, end: int) -> Iterator[Finding]:
    """The other names of a list after a plural title, up to five."""
    for _ in range(5):
        joint = LIST_JOINT.match(words.text, end)
        if joint is None:
            return
        run = words.run_from(_skip_initials(words.text, joint.end()), loose=True)
        if not run:
            return
        yield finding("A", run[0].start, run[-1].end, "title-name-list")
        end = run[-1].end


def _role_before(text: str, start: int) -> bool:
    """Does a kinship or role word ("wife", "neurologist", "name is") end right before?"""
    before = text[max(0, start - 48) : start]
    words = before.rsplit(None, 2)  # only the last two words matter
    if not words:
        return False
    last = words[-1]
    key = last.rstrip(",:(").lower()
    initial = len(last) == 2 and last[0].isupper() and last[1] == "."
    if not (initial or key in ROLES or key in ("is", "was", "name") or key.endswith("ologist")):
        return False  # the usual case, decided without a regular expression
    joint = before[before.rfind(last) + len(last) :]
    if not ROLE_JOINT.fullmatch(joint):
        if not (len(last) == 2 and last[0].isupper() and last[1] == ".") or len(words) < 2:
            return False
        last = words[-2]
    last = last.rstrip(",:(").lower()
    if last in ("is", "was") and len(words) >= 2:
        last = words[-2].rstrip(",:(").lower()
    return last in ROLES or (last.endswith("ologist") and last.isalpha()) or last == "name"


def with_role(words: _Words) -> Iterator[Finding]:
    text = words.text
    for word in words.words:
        if not _role_before(text, word.start):
            continue
        # The role is the evidence: "his partner Marcus" is a name even though "Marcus
        # Gunn pupil" is an eponym; run_from already drops a word before "pupil".
        run = words.run_from(word.start, loose=False)
        if (
            len(run) == 1
            and lexicon.is_clinical(run[0].text)
            and LAB_VALUE_AFTER.match(text, run[0].end)
        ):
            continue  # "patient is Gravida 3": a count, not a name
        if run:
            yield finding("A", run[0].start, run[-1].end, "role-name")


def full_names(words: _Words) -> Iterator[Finding]:
    text, items = words.text, words.words
    for i, first in enumerate(items[:-1]):
        last = items[i + 1]
        if first.text not in lexicon.first_names() or first.text in lexicon.NOT_NAMES:
            continue
        if not MIDDLE.fullmatch(text[first.end : last.start]) or last.text in lexicon.STATE_WORDS:
            continue
        surname_like = last.text in lexicon.surnames() or not lexicon.is_common_word(last.text)
        if not surname_like or last.text in lexicon.NOT_NAMES:
            continue
        if lexicon.is_clinical(first.text) and lexicon.is_clinical(last.text):
            continue
        if followed_by_clinical_head(text, last.end):
            continue
        common = lexicon.is_common_word(first.text) and lexicon.is_common_word(last.text)
        yield finding("A", first.start, last.end, "first-last-name", "low" if common else "high")


def initial_surname(words: _Words) -> Iterator[Finding]:
    for start, end in words.initials:
        index = words.index_by_start.get(end)
        if index is None:
            continue
        word = words.words[index]
        if (
            lexicon.is_person_name(word.text)
            and not lexicon.is_common_word(word.text)
            and not lexicon.is_clinical(word.text)
            and not followed_by_clinical_head(words.text, word.end)
        ):
            yield finding("A", start, word.end, "initial-surname")


def initials(words: _Words) -> Iterator[Finding]:
    text = words.text
    for match in (
        m for lo, hi in windows(text, words.initials, 0, 8) for m in INITIALS.finditer(text, lo, hi)
    ):
        letters = match.group().replace(" ", "")
        if letters.upper() in DOTTED_ABBREVIATIONS:
            continue
        cued = INITIALS_CUE.search(text, max(0, match.start() - 16), match.start()) is not None
        yield finding("A", match.start(), match.end(), "initials", "high" if cued else "low")


def possible_names(words: _Words) -> Iterator[Finding]:
    for word in words.words:
        text = word.text
        if (
            lexicon.is_person_name(text)
            and not lexicon.is_common_word(text)
            and not lexicon.is_clinical(text)
            and _is_name_word(word, loose=False)
            and not followed_by_clinical_head(words.text, word.end)
            and not any(part.lower() in lexicon.english_words() for part in text.split("-")[1:])
            and len(text) > 2
            and not LAB_VALUE_AFTER.match(words.text, word.end)
            and not _names_a_region(words.text, word)
            and text not in brand_words()
            and not followed_by_code(words.text, word.end)
        ):
            yield finding("A", word.start, word.end, "possible-name", "low")


def _names_a_region(text: str, word: Word) -> bool:
    """ "India", "Spanish", or the last word of "New England", "Sierra Leone"."""
    if word.text in lexicon.not_places():
        return True
    before = text[max(0, word.start - 30) : word.start].split()
    return bool(before) and f"{before[-1]} {word.text}" in lexicon.not_places()


def repeated(words: _Words, found: list[Finding]) -> Iterator[Finding]:
    """Every other mention of a word already reported with high confidence as a name."""
    names = set()
    for item in found:
        if item.confidence == "high":
            span = words.text[item.start : item.end]
            names.update(w.text for w in words_of(span))
    names -= set((STRICT_TITLES + "|" + LOOSE_TITLES).split("|"))
    names = {n for n in names if not lexicon.is_common_word(n) and not lexicon.is_clinical(n)}
    for word in words.words:
        if word.text in names and next_word(words.text, word.end) not in lexicon.CLINICAL_HEADS:
            yield finding("A", word.start, word.end, "name-repeat")


def names(text: str) -> Iterator[Finding]:
    words = _Words(text)
    found = [
        *titled(words),
        *with_role(words),
        *full_names(words),
        *initial_surname(words),
        *initials(words),
    ]
    yield from found
    yield from repeated(words, found)
    yield from possible_names(words)


RULES = (names,)
