"""Names known by what stands around them rather than by the name lists.

A chart header writes "LAST, First" ("GARCIA, Maria", "Foley, James"); a
signature puts a credential after the name ("Smith MD", "J. Smith, RN",
"Kalani (RN)"); a note says who was paged, seen or spoken with ("paged
Foley", "d/w Okonkwo"), gives a person's age right after the name ("Priya, 6
years old", "Siosaia Taufa, 35M") or the person's part ("Hunter was her
nurse", "Will (the patient"). Such context makes a name of a word the lists
do not know, or know as an everyday or clinical word; a clinical word in no
name list ("Levo", "Bougie") stays clinical whatever stands around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import lexicon, rules_initials
from .findings import Finding, finding
from .names_base import (
    CREDENTIALS,
    INITIAL,
    LAB_VALUE_AFTER,
    MIDDLE,
    PERSON_VERBS,
    ROLES,
    Words,
    clinical_only,
    eponym_after,
    is_name_word,
    is_unknown,
)
from .rules_ages import is_temperature
from .tokens import Word

# "Rosario "Chayo" Mendoza": a nickname in quotes between given name and surname.
NICKNAME = re.compile(r"\s{1,2}[\"“(]([A-Z][a-z]{1,20})[\"”)]\s{1,2}")
SENTENCE_END = re.compile(r"(?:^|[.!?:;]\s{0,3}|\n\s{0,8}(?:[-*•]\s{1,3})?)$")  # "- See Carevue"
# "LAST, First": either part may be in capitals in the view ("FOLEY, Bridget").
_NAME_PART = r"[A-Z][A-Za-z'’]{1,30}(?:-[A-Za-z][A-Za-z'’]{1,30})?"
# Matched from each comma (far fewer than the places a name could start): the surname
# ends at the comma, the given name follows it.
SURNAME = re.compile(_NAME_PART)
GIVEN_AFTER_COMMA = re.compile(
    rf",\s{{1,2}}({_NAME_PART})(?:\s{{1,2}}[A-Z]\.?(?![\w'’-]))?(?![\w'’-])"
)
# What GIVEN_AFTER_COMMA starts with, found from the comma, a literal the engine skips to.
_COMMA_CAPITAL = re.compile(r",\s{1,2}(?=[A-Z])")
# A label before a chart name: "Patient: FOLEY, Bridget", "Pt: Hope, Ezekiel".
LABEL_BEFORE = re.compile(r"(?i:\b(?:patient|pt|name|re|client|resident)\s{0,2}[:#-]?\s{1,3})$")
_CREDENTIAL_WORDS = "|".join(sorted(CREDENTIALS, key=len, reverse=True))
CREDENTIAL_AFTER = re.compile(
    rf"(?:,\s{{0,2}}|\s{{1,2}}|\s{{0,2}}\(\s{{0,2}})(?P<cred>(?i:{_CREDENTIAL_WORDS}|do))"
    r"(?:\s{0,2}\))?(?![\w-]|/\w)"
)
# Credentials that are also everyday shorthand count only in capitals ("pt", "to do").
CAPITALS_ONLY = frozenset(("do", "pa", "pt", "ot", "rt", "rd", "ms", "phd", "slp", "msw"))
_VERBS = "|".join(v.replace(" ", r"\s{1,2}") for v in sorted(PERSON_VERBS, key=len, reverse=True))
VERB_ENDINGS = frozenset(verb.split()[-1] for verb in PERSON_VERBS)
VERB_LAST_LETTERS = frozenset(verb[-1] for verb in VERB_ENDINGS)
VERB_BEFORE = re.compile(rf"(?i:(?<![\w/])(?:{_VERBS})\s{{1,2}})$")
# "Priya, 6 years old", "Siosaia Taufa, 35M", "Kalani Kahananui is a 29 y/o"; and a chart
# header's next field: "Olusegun Bakare   MRN 0091567", "Young, June  DOB 1/2/1950".
# A record label right after a name: "Baker, Hope (MRN 3398812)", "Will Foley, DOB".
RECORD_AFTER = re.compile(r"\s{0,2}[(,]?\s{0,2}(?i:mrn|dob|d\.o\.b\.?|mr#)\b")
AGE_AFTER = re.compile(
    r"(?:,\s{1,2}(?:an?\s{1,2}|age\s{1,2})?|\s{1,2}(?:is|was)\s{1,2}an?\s{1,2})"
    r"\d{1,3}(?:\s{0,2}-?\s{0,2}(?:years?|yrs?|y/?o|yo|months?|mo|weeks?|wk)\b|[MFmf]\b"
    r"|\s{0,2}yo[mf]\b)"
    r"|\s{1,2}-?\s{0,2}\d{1,3}(?:[MFmf]|\s{0,2}yo[mf]?|\s{0,2}y/o)\b"
    r"|,[ \t]{1,2}[1-9]\d,[ \t]"  # "Harpreet Sandhu, 41, long-haul trucker"
    r"|[ \t,;-]{1,6}(?:MRN|DOB|D\.O\.B\.|MR#|Chart\s{1,2}#|Acct|Unit\s{1,2}no)\b"
    r"|[ \t,;-]{1,6}(?i:unit\s{0,2}#|bed\s{0,2}#?\d|rm\s{0,2}#?\d|room\s{0,2}#?\d)"
)
AGE_OR_PART_STARTS = frozenset(" \t,;-(")
# A role in brackets after a name: "Anush (dtr)", "Kalani (RN)".
ROLE_IN_BRACKETS = re.compile(r"\s{0,2}\(\s{0,2}([A-Za-z/]{2,12})\s{0,2}\)")
# A suffix that belongs to the name before it: "son Will Jr.", "Ray Smith III".
NAME_SUFFIX = re.compile(r",?\s{1,2}(?:Jr|Sr)\b\.?|\s{1,2}(?:II|III|IV)\b")
LABEL_AFTER = re.compile(r"\s{0,2}:")
NOUN_AFTER = re.compile(r"\s{1,2}([a-z]{2,20})\b")
GIVEN_IN_BRACKETS = re.compile(r"\s{0,2}\(([A-Z][a-z]{1,20})\)")
# Weak cues: "per" and "thanks" also precede services and things ("per Nomogram").
WEAK_VERBS = frozenset(("per", "thanks", "thank you", "called", "saw", "met with"))
# "Hunter was her nurse", "Will (the patient", "Will is his actual first name".
_ROLE_WORDS = "|".join(sorted((r for r in ROLES if r.isalpha()), key=len, reverse=True))
PART_AFTER = re.compile(
    r"(?:\s{1,2}(?:is|was)\s{1,2}(?:her|his|their|my|our|the)\s{1,2}(?:[a-z]{2,20}\s{1,2})?"
    rf"(?P<role>{_ROLE_WORDS}|name)\b"
    r"|\s{0,2}[(,]\s{0,2}(?:the|our|my)\s{1,2}(?:patient|pt)\b)"
)
_NAME_NOUNS = frozenset(("name",))


def starts_sentence(text: str, start: int) -> bool:
    return SENTENCE_END.search(text, max(0, start - 12), start) is not None


def surname_after(words: Words, index: int) -> tuple[Word | None, bool]:
    """The surname after the given name ``words.words[index]``; True if a nickname came between."""
    items, text = words.words, words.text
    first = items[index]
    if index + 1 >= len(items):
        return None, False
    following = items[index + 1]
    if MIDDLE.fullmatch(text, first.end, following.start):
        return following, False
    nickname = NICKNAME.match(text, first.end)
    if nickname and nickname.end() < len(text) and index + 2 < len(items):
        after = items[index + 2]
        if after.start == nickname.end():
            return after, True
    return None, False


SURNAME_PARTICLES = frozenset(
    ["De", "Da", "Di", "Del", "Du", "La", "Le", "Van", "Von", "Der", "Den"]
)
# Before the name of an operation: "POD 2 Whipple", "s/p Nissen", "post-op Ivor Lewis".
AFTER_OPERATION = re.compile(r"(?i:\bpod\s{0,2}#?\d{1,2}|s/p|post-?op)\s{1,2}$")


def _could_be_named(token: str) -> bool:
    """With context: a listed name, or a word no list knows; never clinical shorthand."""
    if token in lexicon.NOT_NAMES or token in lexicon.STATE_WORDS or clinical_only(token):
        return False
    if token in lexicon.MONTHS or token in lexicon.WEEKDAYS:
        return False
    return lexicon.is_person_name(token) or not lexicon.is_common_word(token)


def _title(token: str) -> str:
    return "-".join(part[:1] + part[1:].lower() for part in token.split("-"))


def _last_first_spans(text: str) -> Iterator[tuple[int, int, str, str]]:
    """Start, end, surname and given name of each "Last, First" of ``text``."""
    for cue in _COMMA_CAPITAL.finditer(text):
        comma = cue.start()
        given = GIVEN_AFTER_COMMA.match(text, comma)
        if given is not None:
            # The surname is the token before the comma: find its start without a regex.
            lo = max(0, comma - 64)
            start = 1 + max(
                text.rfind(" ", lo, comma),
                text.rfind("\n", lo, comma),
                text.rfind("\t", lo, comma),
                text.rfind("(", lo, comma),
                text.rfind('"', lo, comma),
            )
            if (start > 0 or comma < 64) and SURNAME.fullmatch(text, start, comma):
                yield start, given.end(), text[start:comma], given[1]


def last_first(words: Words) -> Iterator[Finding]:
    text = words.text
    for start, end, last_written, first_written in _last_first_spans(text):
        last, first = _title(last_written), _title(first_written)
        aged = AGE_AFTER.match(text, end) is not None or RECORD_AFTER.match(text, end) is not None
        labelled = aged or LABEL_BEFORE.search(text, max(0, start - 16), start) is not None
        if not (_could_be_named(last) and _could_be_named(first)):
            continue
        if not labelled and _unknown_pair_heads_a_line(text, start, last, first):
            yield finding("A", start, end, "last-first-name")  # "Okwuosa, Chidinma POD0"
            continue
        if not aged and LAB_VALUE_AFTER.match(text, end):
            continue  # "Hyponatremia, Na 118"
        if last_written.isupper() and first_written.isupper() and not labelled:
            continue  # "PERRL, MAE": the view leaves acronyms in capitals
        if eponym_after(text, end):
            continue
        given = first.split("-")[0] in lexicon.first_names()
        if labelled:
            # "PT: CANE, STAIRS OK" is a therapist's plan: no given name in it.
            if given or not lexicon.is_common_word(first):
                yield finding("A", start, end, "last-first-name")
            continue
        if last in lexicon.places() and last not in lexicon.surnames():
            continue  # "Tucson, Maria": the place rules judge a town before a name
        if not (lexicon.is_person_name(last) or is_unknown(last.split("-")[0])):
            continue
        if not given or lexicon.is_clinical(first) and lexicon.is_clinical(last):
            continue  # "Kelly, Allis", "Babcock, Kelly"; not "Holloway, Grace"
        if lexicon.is_common_word(first) and (
            last not in lexicon.surnames() or lexicon.is_common_word(last)
        ):
            continue  # "Hunter, Will", "Fever, Hope"
        if lexicon.is_common_word(last) and last not in lexicon.surnames():
            continue
        yield finding("A", start, end, "last-first-name")


_LINE_HEAD = re.compile(r"(?:^|\n)[ \t]{0,4}(?:[-•*][ \t]{0,2}|\d{1,2}[.)][ \t]{1,2}|[\"“])?$")


def _unknown_pair_heads_a_line(text: str, start: int, last: str, first: str) -> bool:
    """Two names or words no list knows, "Last, First" at the head of a line: a census
    or a sign-out lists its patients so ("Okwuosa, Chidinma POD0", "2) Kealoha, Makana")."""
    return (
        len(last) >= 5
        and len(first) >= 3
        and _name_or_unknown(last.split("-")[0])
        and _name_or_unknown(first.split("-")[0])
        and _LINE_HEAD.search(text, max(0, start - 12), start) is not None
    )


def _name_or_unknown(word: str) -> bool:
    if lexicon.is_common_word(word) or lexicon.is_clinical(word):
        return False
    return lexicon.is_person_name(word) or is_unknown(word)


def credentialed(words: Words) -> Iterator[Finding]:
    text = words.text
    for word in words.words:
        match = CREDENTIAL_AFTER.match(text, word.end)
        if match is None:
            continue
        credential = match["cred"]
        capitals_only = credential.lower() in CAPITALS_ONLY
        if capitals_only and not credential.isupper():
            continue
        if LABEL_AFTER.match(text, match.end()) or _clinical_noun_after(text, match.end()):
            continue  # "Ref MD: Dr. Price", "bilat PA catheters"
        if capitals_only and lexicon.is_common_word(word.text):
            continue  # "Vitamin D. Home PT with Otago": a service, not a signature
        # "Bethesda, MD" is a town in Maryland, and reported as one by the place rules.
        if not _could_be_named(word.text):
            continue
        run = _run_ending_at(words, word)
        yield finding("A", _with_initials(text, run[0].start), run[-1].end, "name-credential")


_SIGNATURE_WORDS = frozenset(("pgy", "pgr", "pager", "cell", "ext", "fellow", "resident"))


def _clinical_noun_after(text: str, end: int) -> bool:
    match = NOUN_AFTER.match(text, end)
    if match is None:
        return False
    noun = match[1].lower()
    if noun in _SIGNATURE_WORDS:
        return False  # "t. brandt md pgy-3, pgr 70412": a signature goes on
    return noun in lexicon.CLINICAL_HEADS or (
        lexicon.is_clinical(noun) and not lexicon.is_common_word(noun)
    )


def _run_ending_at(words: Words, last: Word) -> list[Word]:
    """``last`` and up to two name words right before it ("Anand Subramaniam, MD")."""
    run = [last]
    index = words.index_by_start[last.start]
    while index > 0 and len(run) < 3:
        previous = words.words[index - 1]
        if not MIDDLE.fullmatch(words.text, previous.end, run[0].start):
            break
        if not is_name_word(previous, loose=False) or clinical_only(previous.text):
            break
        run.insert(0, previous)
        index -= 1
    return run


def _with_initials(text: str, start: int) -> int:
    """Move ``start`` back over initials right before it ("J. Smith")."""
    for _ in range(2):
        initial = INITIAL.search(text, max(0, start - 4), start)
        if initial is None or initial.end() != start:
            break
        start = initial.start()
    return start


def cued_by_verb(words: Words) -> Iterator[Finding]:
    text = words.text
    for word in words.words:
        # The letter before the space, then the word before, decide most cases cheaply.
        if word.start < 3 or text[word.start - 2].lower() not in VERB_LAST_LETTERS:
            continue
        before = text[max(0, word.start - 12) : word.start].rsplit(None, 1)
        if not before or before[-1].lower() not in VERB_ENDINGS:
            continue
        verb = VERB_BEFORE.search(text, max(0, word.start - 20), word.start)
        if verb is None or not _could_be_named(word.text):
            continue
        weak = " ".join(verb.group().lower().split()) in WEAK_VERBS
        if weak and not lexicon.is_person_name(word.text):
            continue
        run = words.run_from(word.start, loose=False)
        if len(run) == 1 and run[0].text in SURNAME_PARTICLES:
            continue  # "saw De winter T waves": a particle alone names no one
        if run:
            yield finding("A", run[0].start, run[-1].end, "verb-name")


def by_age_or_part(words: Words) -> Iterator[Finding]:
    text = words.text
    for word in words.words:
        if text[word.end : word.end + 1] not in AGE_OR_PART_STARTS:
            continue
        if word.text in lexicon.not_places():
            continue  # "Brazilian, 34, a nurse": a people or a language, not a name
        age = AGE_AFTER.match(text, word.end)
        if age and is_temperature(
            text, word.end + len(age.group()) - len(age.group().lstrip(" \t,;-")), age.group()[-1]
        ):
            continue  # "Temp 101F": degrees, not an age and sex after a name
        part = None if age else PART_AFTER.match(text, word.end)
        if part and part["role"] and part["role"] not in ROLES | _NAME_NOUNS:
            part = None
        if not (age or part):
            continue
        if lexicon.is_common_word(word.text) and word.text not in lexicon.first_names():
            continue  # "Driver, 33M": the person's part, not a name
        # "Will (the patient": the context outweighs a word's being a modal verb too.
        cued_given = part is not None and word.text in lexicon.first_names()
        if not (_could_be_named(word.text) or cued_given and not clinical_only(word.text)):
            continue
        if (
            starts_sentence(text, word.start)
            and is_unknown(word.text) is False
            and not (lexicon.is_person_name(word.text))
        ):
            continue
        if lexicon.is_clinical(word.text) and AFTER_OPERATION.search(
            text, max(0, word.start - 16), word.start
        ):
            continue  # "POD 0 Whipple, 71F": the operation the patient had, then who
        run = _run_ending_at(words, word)
        yield finding("A", run[0].start, run[-1].end, "name-in-context")


def role_in_brackets(words: Words) -> Iterator[Finding]:
    """ "Anush (dtr) informed", "Kalani (RN)": the person's part, right after the name."""
    text = words.text
    for word in words.words:
        match = ROLE_IN_BRACKETS.match(text, word.end)
        if match is None:
            continue
        role = match[1].lower()
        if role not in ROLES and role not in CREDENTIALS or not _could_be_named(word.text):
            continue
        run = _run_ending_at(words, word)
        yield finding("A", run[0].start, run[-1].end, "name-role")


def with_suffixes(found: list[Finding], text: str) -> Iterator[Finding]:
    """Each name followed by "Jr."/"III" or a given name in brackets ("Mrs. Foley
    (Imogen)"), again with what follows it."""
    for item in found:
        if item.category != "A":
            continue
        if suffix := NAME_SUFFIX.match(text, item.end):
            yield finding("A", item.start, suffix.end(), item.rule, item.confidence)
        elif (given := GIVEN_IN_BRACKETS.match(text, item.end)) and _bracketed_name(given[1]):
            yield finding("A", item.start, given.end(), item.rule, item.confidence)


def _bracketed_name(token: str) -> bool:
    lowered = token.lower()
    return _could_be_named(token) and lowered not in ROLES and lowered not in CREDENTIALS


def context_names(words: Words) -> Iterator[Finding]:
    yield from last_first(words)
    yield from credentialed(words)
    yield from cued_by_verb(words)
    yield from by_age_or_part(words)
    yield from rules_initials.initial_surnames(words)
    yield from role_in_brackets(words)
