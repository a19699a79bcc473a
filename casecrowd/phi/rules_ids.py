"""Record, plan, account, licence, vehicle, device, biometric and other numbers (H-M, P, R).

A number is reported when a label names it ("MRN 4471902", "plate 7KXR492")
or when its shape is an identifier's by itself (a VIN with a valid check
digit, a Medicare MBI, a DEA or NPI number with a valid checksum, an IMEI, a
long digit run). Measurements never have labels like these, and the shapes are
chosen so that lab values, doses, codes (ICD-10, CPT) and gene names do not
fit them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import rules_marks, rules_plates
from .findings import Finding, finding
from .lexicon import NOT_NAMES, STATE_CODES, facility_brands, is_common_word, places, word_set
from .rules_place_words import is_clinical_acronym
from .tokens import folded, literal_spans, starting_with, windows

_NUM = r"(?:numbers?|num\.?|nos?\.?|#|ID|identifier)"
# Labels by category; case-insensitive unless written as a short acronym.
LABELS: dict[str, str] = {
    "H": rf"(?i:medical\s{{1,3}}record(?:\s{{1,3}}{_NUM})?|chart\s{{1,3}}{_NUM}|hospital\s{{1,3}}"
    rf"{_NUM}|patient\s{{1,3}}{_NUM}|unit\s{{1,3}}{_NUM}|MR\s{{0,2}}#|MRN)|MR\s(?:no|number)",
    "I": rf"(?i:member(?:\s{{1,3}}{_NUM})?|subscriber\s{{1,3}}{_NUM}|policy(?:\s{{1,3}}{_NUM})?|"
    rf"health\s{{1,3}}plan(?:\s{{1,3}}{_NUM})?|insurance\s{{1,3}}{_NUM}|group(?:\s{{1,3}}{_NUM})?|medicaid"
    rf"(?:\s{{1,3}}{_NUM})?|medicare(?:\s{{1,3}}{_NUM})?|beneficiary\s{{1,3}}{_NUM}|MBI|HICN|MCD)",
    "J": rf"(?i:account(?:\s{{1,3}}{_NUM})?|acct\.?(?:\s{{0,3}}{_NUM})?|billing\s{{1,3}}{_NUM}|"
    rf"invoice\s{{1,3}}{_NUM}|claim(?:\s{{1,3}}{_NUM})?|bank\s{{1,3}}{_NUM})",
    "K": rf"(?i:licen[cs]e(?:\s{{1,3}}{_NUM})?|driver['’]?s?\s{{1,3}}licen[cs]e(?:\s{{1,3}}{_NUM})?"
    rf"|certificate(?:\s{{1,3}}{_NUM})?|passport(?:\s{{1,3}}{_NUM})?|permit\s{{1,3}}{_NUM}|"
    rf"registration\s{{1,3}}{_NUM}|lic\.?\s{{0,3}}{_NUM}|medallion(?:\s{{1,3}}{_NUM})?|NPI|"
    rf"DEA(?:\s{{1,3}}{_NUM})?)|(?<!/)(?:C?DL|c?dl)(?:\s{{1,3}}(?i:{_NUM}))?",
    "L": rf"(?i:licen[cs]e\s{{1,3}}plate(?:\s{{1,3}}{_NUM})?|plate(?:\s{{1,3}}{_NUM})?|vehicle\s"
    rf"{{1,3}}{_NUM}|vehicle\s{{1,3}}identification\s{{1,3}}number|tag\s{{1,3}}{_NUM}|VIN)",
    "M": rf"(?i:serial(?:\s{{1,3}}{_NUM})?|device\s{{1,3}}{_NUM}|implant\s{{1,3}}{_NUM}|lot/serial|"
    rf"model/serial|MAC\s{{1,3}}address|lot(?:\s{{1,3}}{_NUM})?|UDI|IMEI|S/N|SN)",
    "P": rf"(?i:(?:fingerprint|voiceprint|retinal?\s{{1,3}}scan|iris\s{{1,3}}scan|palm\s?print|face"
    rf"\s?print|biometric|AFIS)(?:\s{{1,3}}(?:template|hash|record|{_NUM}))?)",
    "R": rf"(?i:accession(?:\s{{1,3}}{_NUM})?|specimen\s{{1,3}}{_NUM}|case\s{{1,3}}{_NUM}|employee"
    rf"\s{{1,3}}{_NUM}|student\s{{1,3}}{_NUM}|reference\s{{1,3}}{_NUM}|ref\.?\s{{1,3}}{_NUM}|"
    rf"encounter\s{{1,3}}{_NUM}|visit\s{{1,3}}{_NUM}|study\s{{1,3}}{_NUM}|participant\s{{1,3}}"
    rf"{_NUM}|(?:employee\s{{1,3}})?badge(?:\s{{1,3}}{_NUM})?|employer\s{{1,3}}{_NUM}|(?:inmate|booking|prisoner|docket|"
    rf"inmate\s{{1,3}}booking)(?:\s{{1,3}}{_NUM})?|(?:subject|enrol?lment|randomi[sz]ation|"
    rf"wait-?list|listing|confirmation|tracking|court\s{{1,3}}case)\s{{1,3}}{_NUM}|report(?:\s"
    rf"{{1,3}}{_NUM})?|case|ticket|incident)|ACC|ID|id",
}
# The label, a few joining characters or words, then a value holding digits.
LABELLED = re.compile(
    r"(?<![\w])(?:"
    + "|".join(f"(?P<{cat}>{pattern})" for cat, pattern in LABELS.items())
    + r")(?:(?<=#)|(?![\w]))[\s:#=.(]{0,4}"
    r"(?:(?:is|was|of|on|reads)\s{1,3}(?:the\s{1,3}|a\s{1,3})?)?[\s:#=]{0,3}"
    r"(?:(?P<issuer>[A-Za-z]{2,4})[\s:#]{1,3}(?=[A-Za-z0-9/.-]{0,29}\d))?"
    r"(?=[A-Za-z0-9/.-]{0,29}\d)(?P<value>[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])){2,29})"
    r"(?![\w])"
)
# Acronym labels typed in lower case ("id", "cdl"): "id" is also infectious disease, so the
# value must be a record's, five digits or more. So must a value after a label word that
# also counts things ("case 24-118033" but "case 2 of 3", "group 00917" but "group 2").
LOWER_CASE_LABELS = frozenset(("id", "cdl", "dl"))
COUNTING_LABELS = frozenset(("case", "ticket", "incident", "group", "member", "report"))
# Every labelled value holds three digits in a row, or is short and mixed ("7KXR492").
VALUE_HINT = re.compile(r"[0-9](?:[0-9]{2}|[A-Za-z-]{1,3}[0-9])")
# Every shaped identifier has a digit next to a letter or five digits in a row.
SHAPE_HINT = re.compile(r"[A-Z0-9](?:(?<=[A-Z])[0-9]|(?<=[0-9])(?:[0-9]{4}|[A-Z]|-[0-9]))")
YEAR = re.compile(r"(?:19|20)\d\d")
VIN = re.compile(r"(?<![\w-])[A-HJ-NPR-Z0-9]{17}(?![\w-])")
_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
MBI = re.compile(
    rf"(?<![\w-])[1-9]{_MBI_LETTER}[AC-HJKMNP-RT-Y0-9]\d-?{_MBI_LETTER}[AC-HJKMNP-RT-Y0-9]\d-?"
    rf"{_MBI_LETTER}{{2}}\d{{2}}(?![\w-])"
)
DEA = re.compile(r"(?<![\w-])[A-Z]{2}\d{7}(?![\w-])")
DIGIT_RUN = re.compile(r"(?<![\w.,/-])\d{7,}(?![\w]|[.,/-]\d)")
DIGIT_GROUPS = re.compile(r"(?<![\w.,/-])\d{2,6}(?:-\d{2,8}){2,4}(?![\w]|[.,/-]\d)")
# Letters and at least five digits in one token ("S23-048817", "PJN604217S").
MIXED_CODE = re.compile(r"[A-Z]{1,5}\d{0,3}-?\d{5,16}[A-Z]{0,3}(?![\w-])")
# Letters, then groups of digits ("PC-2024-118842", "BLBA-2023-0041187"): a case or claim.
PREFIXED_GROUPS = re.compile(r"(?<![\w-])[A-Z]{1,5}(?:-\d{2,8}){2,4}(?![\w-])")
# Public registries whose identifiers name a study or a variant, not a person.
NOT_PERSONAL_PREFIXES = ("NCT", "RS", "GSE", "PMID", "PMC", "DOI", "ISRCTN", "EUDRACT")
VIN_VALUES = dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=True,
    )
)
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


LABELLED = starting_with("[A-Za-z]", LABELLED)
VIN = starting_with("[A-HJ-NPR-Z0-9]", VIN)
MBI = starting_with("[1-9]", MBI)
DEA = starting_with("[A-Z]", DEA)
DIGIT_RUN = starting_with(r"\d", DIGIT_RUN)
DIGIT_GROUPS = starting_with(r"\d", DIGIT_GROUPS)
PREFIXED_GROUPS = starting_with("[A-Z]", PREFIXED_GROUPS)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def npi_valid(digits: str) -> bool:
    return len(digits) == 10 and luhn_valid("80840" + digits)


def dea_valid(code: str) -> bool:
    d = [int(c) for c in code[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def vin_valid(vin: str) -> bool:
    if not (any(c.isalpha() for c in vin) and any(c.isdigit() for c in vin)):
        return False
    total = sum(
        (int(c) if c.isdigit() else VIN_VALUES[c]) * w
        for c, w in zip(vin, VIN_WEIGHTS, strict=True)
    )
    check = total % 11
    return vin[8] == ("X" if check == 10 else str(check))


# Words of the labels above; a value with none of them just before it is not labelled.
LABEL_WORDS = word_set(
    """
    record chart hospital patient unit mr mr# mrn member subscriber policy plan insurance
    group medicaid medicare beneficiary mbi hicn account acct acct# billing invoice claim bank
    license licence licensed lic certificate passport permit registration medallion dea npi dl
    cdl plate vehicle
    tag vin serial device implant lot/serial model/serial mac address s/n sn udi imei
    fingerprint voiceprint scan print palmprint faceprint biometric template hash accession
    specimen case employee student reference ref encounter visit study participant badge
    employer acc id number numbers num no nos # identifier unit lot afis mcd inmate booking
    prisoner docket ticket incident report
    subject enrollment enrolment randomization randomisation waitlist wait-list listing
    confirmation tracking court
    """
)


def _is_label_word(word: str) -> bool:
    """ "mrn", "acct/mrn", "s/n": a label word, alone or joined to another by "/"."""
    return word in LABEL_WORDS or ("/" in word and any(w in LABEL_WORDS for w in word.split("/")))


def _label_nearby(text: str) -> Iterator[tuple[int, int]]:
    # A slice of the text lowered once splits into the same words (label words are ASCII).
    low = folded(text)
    for match in VALUE_HINT.finditer(text):
        start = match.start()
        if low is None:
            before = text[max(0, start - 60) : start].lower().split()[-5:]
        else:
            before = low[max(0, start - 60) : start].split()[-5:]
        for word in before:
            if _is_label_word(word.strip(":#.,=()'")):
                yield start, match.end()
                break


# "Acct/MRN", "HMSA member ID", "UNOS waitlist ID": the issuer named before a label belongs
# to the identifier; so does a place or brand ("Kaiser member ID"), but not a clinical
# acronym ("ICD serial number") nor an everyday word ("Referring NPI").
_QUALIFIER = re.compile(
    r"(?<![\w'’])(?:[A-Za-z]{2,8}/|(?:[A-Z][a-z&]{1,20}|[A-Z]{2,6}|[a-z]{2,6}) )$"
)


def _issuer(word: str) -> bool:
    if word in NOT_NAMES or word.capitalize() in NOT_NAMES or is_clinical_acronym(word):
        return False
    if word.isupper():
        return True
    if word.islower():  # an acronym typed in lower case: "hmsa member id"
        return not is_common_word(word)
    return word in places() or word in facility_brands()


def _issuer_code(word: str) -> bool:
    """A state or an agency between a label and its number: "LICENSE OH 35.118802", "badge
    TPD 1142", "plate NM 4TRV21"."""
    if _is_label_word(word.lower()):
        return False  # "Medicaid ID is MCD 552104739Q": a label of its own
    if word.upper() in STATE_CODES:
        return True
    return not is_common_word(word) and not is_clinical_acronym(word)


def qualifier_start(text: str, start: int) -> int:
    for _ in range(2):
        match = _QUALIFIER.search(text, max(0, start - 24), start)
        if match is None:
            break
        if not match.group().endswith("/") and not _issuer(match.group().rstrip()):
            break
        start = match.start()
    return start


def labelled(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, _label_nearby(text), 80, 40):
        yield from _labelled(text, lo, hi)


def _labelled(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for found in LABELLED.finditer(text, lo, hi):
        match: re.Match[str] | None = found
        if found["issuer"] and not _issuer_code(found["issuer"]):
            # "device SN: 7A-99312-K": the word taken for an issuer is the label itself
            match = LABELLED.match(text, found.start("issuer"), hi)
            if match is None or match["issuer"]:
                continue
        yield from _labelled_value(text, match)


def _labelled_value(text: str, match: re.Match[str]) -> Iterator[Finding]:
    value = match.group("value")
    digits = sum(c.isdigit() for c in value)
    if digits < 3 or YEAR.fullmatch(value):
        return
    category = next(cat for cat in LABELS if match.group(cat) is not None)
    if (issuer := match["issuer"]) and category == "L":
        return  # "plate KS 412 MDV": plates have a rule of their own
    label = match.group(category)
    counting = label.lower() in COUNTING_LABELS
    if digits < 5 and (label.split()[0] in LOWER_CASE_LABELS or counting):
        return
    joint = text[match.end(category) : match.start("issuer") if issuer else match.start("value")]
    if counting and any(c.isalpha() for c in joint):
        return  # "report on 12345 patients", "member of 2 teams": a count, a word
    start = qualifier_start(text, match.start())
    yield finding(category, start, match.end("value"), f"labelled-{category.lower()}")
    # "serial nos. 1843A0772 (L) and 1843A0791 (R)": the label's next value, same shape.
    more = NEXT_VALUE.match(text, match.end("value"))
    if more and _same_shape(value, more["value"]):
        yield finding(category, more.start("value"), more.end(), f"labelled-{category.lower()}")


NEXT_VALUE = re.compile(
    r"(?:\s{0,2}\([A-Za-z]{1,5}\))?\s{0,2}(?:,|and|&|/)\s{0,3}"
    r"(?P<value>[A-Za-z0-9][A-Za-z0-9-]{2,29})(?![\w])"
)


def _same_shape(first: str, second: str) -> bool:
    """Two values of one series: the same length, digits and letters in the same places."""
    return len(first) == len(second) and all(
        a.isdigit() == b.isdigit() for a, b in zip(first, second, strict=True)
    )


def shaped(text: str) -> Iterator[Finding]:
    # The hint lies in the first 18 characters of every shape; digit groups run 40 on.
    for lo, hi in windows(text, SHAPE_HINT, 20, 40):
        yield from _shaped(text, lo, hi)


def _shaped(text: str, lo: int, hi: int) -> Iterator[Finding]:
    # Pre-checks on what a match must contain: a window without it cannot hold one.
    five_digits = _FIVE_DIGITS.search(text, lo, hi) is not None
    dash = text.find("-", lo, hi) >= 0
    if _DIGIT_LETTER.search(text, lo, hi):
        for match in MBI.finditer(text, lo, hi):
            yield finding("I", match.start(), match.end(), "medicare-mbi")
    for match in VIN.finditer(text, lo, hi):
        if vin_valid(match.group()):
            yield finding("L", match.start(), match.end(), "vin")
    if not five_digits:
        if dash:
            yield from _grouped(text, lo, hi)
        return
    for match in DEA.finditer(text, lo, hi):
        confidence = "high" if dea_valid(match.group()) else "low"
        yield finding("K", match.start(), match.end(), "dea-number", confidence)
    for match in DIGIT_RUN.finditer(text, lo, hi):
        digits = match.group()
        if npi_valid(digits):
            yield finding("K", match.start(), match.end(), "npi")
        elif len(digits) == 15 and luhn_valid(digits):
            yield finding("M", match.start(), match.end(), "imei")
        else:
            yield finding("R", match.start(), match.end(), "long-number")
    if dash:
        yield from _grouped(text, lo, hi)
    for match in MIXED_CODE.finditer(text, lo, hi):
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] in "_-"):
            continue
        if not match.group().upper().startswith(NOT_PERSONAL_PREFIXES):
            yield finding("R", match.start(), match.end(), "identifier-code", "low")


def _grouped(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in DIGIT_GROUPS.finditer(text, lo, hi):
        if sum(c.isdigit() for c in match.group()) >= 8:
            yield finding("R", match.start(), match.end(), "grouped-number", "low")
    for match in PREFIXED_GROUPS.finditer(text, lo, hi):
        if sum(c.isdigit() for c in match.group()) >= 8:
            yield finding("R", match.start(), match.end(), "identifier-code", "low")


# "belongings bag #227184", "ABG sample # 4471-22", "prior auth # PA-2291847": a "#" before
# five digits or more marks a number kept to tell one thing from every other.
HASH_NUMBER = re.compile(
    r"(?<![\w#&])#\s{0,2}(?P<value>[A-Za-z]{0,4}-?\d[\d-]{3,20}\d(?:-?[A-Za-z]{1,3})?)(?![\w-])"
)
HASH_NUMBER = starting_with("#", HASH_NUMBER)


def hashed(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, literal_spans(text, ("#",)), 0, 30):
        for match in HASH_NUMBER.finditer(text, lo, hi):
            if sum(c.isdigit() for c in match["value"]) >= 5:
                yield finding("R", match.start(), match.end(), "numbered")


# DEA, DIGIT_RUN and MIXED_CODE hold five digits in a row; an MBI a digit, then a letter.
_FIVE_DIGITS = re.compile(r"\d{5}")
_DIGIT_LETTER = re.compile(r"[1-9][A-Z]")

RULES = (labelled, shaped, hashed, *rules_marks.RULES, *rules_plates.RULES)
