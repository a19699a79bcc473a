"""Year-less numeric dates ("7/22", "3/98", "7/22-7/25") and ordinal days ("the 3rd").

"7/22" is July 22nd in a discharge summary and "5/5" is full strength in an
exam, "2/6" a murmur, "10/5" a pressure support over PEEP, "1/2" a half. The
shape alone cannot tell them apart, so each pair is read with the words around
it (``data/date_context.txt``):

- a measure word before it ("PS 10/5", "strength 4/5") or after it ("2/6
  murmur", "1/2 NS", "4/4 bottles", "3/4 of"): not a date;
- an event word before it ("extubated 1/6", "CT 12/5", "adm 8/12") or after it
  ("1/30 tracing"), a time next to it ("0400 2/11", "3/22 1400"), a range
  ("7/22-7/25"), a bracket or a line start: a date (``high``);
- a preposition before it ("on 7/22", "to 3/23"): a date, unless the pair is
  shaped like a share or a grade (``a <= b <= 10``: "on 5/5" is a vent setting);
- nothing: a pair that cannot be a share ("11/3") is a possible date (``low``).

Only real calendar days count ("2/30" and "13/5" are not dates); a month over
a year that cannot be a day ("3/98") is a month and year, a date element.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from .findings import Finding, finding
from .lexicon import word_set
from .names_base import OPERATION_ENDINGS
from .rules_place_words import is_care_unit_word, is_clinical_acronym
from .tokens import starting_with, windows

_DASH = r"\-–—"
NUMERIC_SHORT = re.compile(
    r"(?<![\w/.+-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/+]|[.,]\d|[" + _DASH + r"]\d)"
)
NUMERIC_RANGE = re.compile(
    r"(?<![\w/.+-])(?P<a>\d{1,2})/(?P<b>\d{1,2})\s{0,2}[" + _DASH + r"]\s{0,2}"
    r"(?:(?P<c>\d{1,2})/)?(?P<d>\d{1,2})(?![\w/+]|[.,]\d)"
)
_ORD = r"(?:st|nd|rd|th)"
# "the 3rd", "(ICU 3rd-5th)": an ordinal that is a day of the month.
ORDINAL = re.compile(
    r"(?i:\b(?P<the>the)\s{1,2})?(?<![\w/.-])(?P<day>[0-3]?\d" + _ORD + r")"
    r"(?:\s{0,2}[" + _DASH + r"]\s{0,2}(?P<to>[0-3]?\d" + _ORD + r"))?(?![\w-])",
    re.IGNORECASE,
)
NUMERIC_SHORT = starting_with(r"\d", NUMERIC_SHORT)
NUMERIC_RANGE = starting_with(r"\d", NUMERIC_RANGE)
HINT = re.compile(r"[0-9](?:/[0-9]|(?i:st|nd|rd|th)\b)")
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TOKEN = re.compile(r"[\w'’/>&-]{1,24}|[(\[:•*]")
_TIME = re.compile(r"(?:[01]\d|2[0-3]):?[0-5]\d|\d{1,2}(?::[0-5]\d)?\s?(?i:am|pm|a\.m\.|p\.m\.)")
_TIME_AFTER = re.compile(
    r"\s{1,2}(?:@\s{0,2}|at\s{1,2})?(?:(?:[01]\d|2[0-3]):?[0-5]\d(?![\d/.])|(?:1[0-2]|0?[1-9])?"
    r"(?::[0-5]\d)?\s?(?i:am|pm)\b)"
)
_LINE_START = re.compile(r"(?:^|\n)[ \t]{0,8}(?:[-*•·>]|\d{1,2}[.)])?[ \t]{0,4}$")
# Words after an ordinal day: a time, a preposition or punctuation, never a noun ("1st rib").
_AFTER_ORDINAL = word_set(
    """at by in to till until when with for after before but so then was were is via per
    overnight morning afternoon evening night am pm we she he they i pt patient -> of"""
)
# Before a share-shaped pair, only these make it a possible date ("pain 7/10 and 8/10").
_SHARE_CUES = word_set("on since until till (")
_ADVERBS = word_set("first again initially originally also then just only")
_ORDINAL_WEAK = word_set("on of by from before after since until till")
_WEEKDAYS = re.compile(
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?|(?:tues|wednes|thurs|satur)day",
    re.IGNORECASE,
)


@cache
def context_words() -> dict[str, frozenset[str]]:
    """The sections of ``data/date_context.txt``: strong, weak, measure_before..."""
    text = resources.files(__package__).joinpath("data", "date_context.txt").read_text("utf-8")
    sections: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), set())
        elif not line.startswith("#"):
            current.update(line.lower().split())
    return {name: frozenset(words) for name, words in sections.items()}


def is_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month]


def event_before(text: str, start: int) -> bool:
    """Is the word right before ``start`` one that dates an event ("admit", "d/c")?"""
    before = _words_before(text, start, 1)
    return bool(before) and _word(before[0]) in context_words()["strong"]


def _share_shaped(a: int, b: int) -> bool:
    """ "1/2", "2/6", "5/5", "7/10": a share, a grade or a score as often as a date."""
    return a <= b <= 10


def _words_before(text: str, start: int, count: int = 2) -> list[re.Match[str]]:
    """The last ``count`` tokens before ``start`` in its sentence, nearest first."""
    lo = max(0, start - 40)
    if sentence := _SENTENCE_BREAK.search(text[lo:start][::-1]):
        lo = start - sentence.start()  # "GCS 5T. CATH 9/9": the score is the last sentence's
    return list(_TOKEN.finditer(text, lo, start))[-count:][::-1]


def _word(match: re.Match[str] | None) -> str:
    return match.group().lower().strip("'’-") if match else ""


def _word_after(text: str, end: int) -> str:
    while end < len(text) and text[end] in " \t,":
        end += 1
    return _word(_TOKEN.match(text, end, end + 24))


def classify(text: str, start: int, end: int, share: bool, setting: bool = False) -> str | None:
    """ "high" for a date, "low" for a possible one, None for a measure or a share."""
    words = context_words()
    nearest = [_word(m) for m in _words_before(text, start, 5)]
    before = nearest[:4]
    if before and before[0] in _ADVERBS | {":"}:  # "seen first 11/14", "Discharged: 9/9"
        before = before[1:]
    before = before[:3]
    previous = before[0] if before else ""
    after = _word_after(text, end)
    # "2/6 murmur", "1/2 NS" but not "IR drain 2/12, cx E. coli": the unit follows at once.
    unit_after = after in words["measure_after"] and text[end : end + 1] not in ",;."
    if text[end : end + 1] == "%" or unit_after:
        return None
    if share and _event_before(nearest, words["strong"]):
        return "high"  # "admitted from ED 1/8", "back to the OR 3/4", "transferred on 4/5"
    if share and _measured_nearby(text, end, before, words):
        return None  # "Murmur: previous 4/6 harsh SEM": a grade, even after "previous"
    if _score_beside(text, start, end, before):
        return None  # "MoCA fell from 27/30 to 11/30": out of the same total as a score
    strong = (
        previous in words["strong"]
        or _WEEKDAYS.fullmatch(previous) is not None
        or previous.endswith(OPERATION_ENDINGS)  # "s/p r hip hemiarthroplasty 1/8"
    )
    # "PS 10/5", "PS on 10/5", "CPAP of 5/5": the setting is named just before.
    # "CPAP/PSV 8/5": a setting named in a pair of its own.
    named = previous in words["measure_before"] or any(
        part in words["measure_before"] for part in previous.split("/")
    )
    if named or (
        previous in words["weak"] and len(before) > 1 and before[1] in words["measure_before"]
    ):
        return None
    if strong:
        return "high"
    timed = _TIME_AFTER.match(text, end) is not None or _TIME.fullmatch(previous) is not None
    if timed:  # "f/u 1/8 9am", "0400 3/3": a time dates it, whatever its shape
        return "high"
    if share:
        # "on 9/9" may be a day, "on 5/5" is the pressure support over PEEP.
        return "low" if previous in _SHARE_CUES and not setting else None
    if (
        after in words["event_after"]
        or text[end : end + 1] == ":"
        or previous in words["weak"]
        or previous == "("
        or _LINE_START.search(text, max(0, start - 16), start) is not None
    ):
        return "high"
    return "low"


# Words between an event and its date: "admitted from ED 1/8", "back to the OR 3/4".
_EVENT_JOINTS = word_set("from to the on in at into of")
_RETURNS = word_set("back returned taken")


def _event_before(before: list[str], strong: frozenset[str]) -> bool:
    """An event word up to five words before, with only prepositions, articles and units
    between ("ED", "the OR", "the neuro ICU"): a measure never stands so."""
    for i, word in enumerate(before[1:], 1):
        if word in strong or word in _RETURNS:
            return all(
                w in _EVENT_JOINTS or is_clinical_acronym(w) or is_care_unit_word(w)
                for w in before[:i]
            )
    return False


def _measured_nearby(
    text: str, end: int, before: list[str], words: dict[str, frozenset[str]]
) -> bool:
    """A grade's measure within three words of a share-shaped pair, on either side."""
    stop = _CLAUSE_END.search(text, end, end + 40)
    after = [
        _word(m) for m in list(_TOKEN.finditer(text, end, stop.start() if stop else end + 40))[:3]
    ]
    return any(w in words["measure_before"] for w in before) or any(
        w in words["measure_after"] for w in after
    )


_LISTED_AFTER = re.compile(r"\s{0,2}(?:,|&|and|then|or)\s{1,2}|,")
_PAIR = re.compile(r"(\d{1,3})/(\d{1,3})")
# A sentence's end, read backwards from a pair: a full stop before a space, or a line break.
_SENTENCE_BREAK = re.compile(r"\s[.;]|\n")
_CLAUSE_END = re.compile(r"[.;\n]")


def _score_beside(text: str, start: int, end: int, before: list[str]) -> bool:
    """Another pair with the same total just before, whose count no month has ("27/30")."""
    total = text[start:end].rsplit("/", 1)[-1]
    for word in before:
        pair = _PAIR.fullmatch(word)
        if pair and pair[2] == total and int(pair[1]) > 12:
            return True
    return False


def _weekday_start(text: str, start: int) -> int:
    """ "Tuesday 4/18": the weekday is part of the date."""
    before = _words_before(text, start, 1)
    if before and _WEEKDAYS.fullmatch(before[0].group()):
        return before[0].start()
    return start


def numeric_dates(text: str) -> Iterator[Finding]:
    # One pass of the hint serves both: a pair and an ordinal both start with a digit.
    for lo, hi in windows(text, HINT, 48, 40):
        if text.find("/", lo, hi) >= 0:  # both of its patterns hold a slash
            yield from _numeric_dates(text, lo, hi)
        yield from _ordinal_days(text, lo, hi)


def _numeric_dates(text: str, lo: int, hi: int) -> Iterator[Finding]:
    last: Finding | None = None
    for match in NUMERIC_SHORT.finditer(text, lo, hi):
        a, b = int(match["a"]), int(match["b"])
        if is_day(a, b):
            share = _share_shaped(a, b)
            suggestion = "day N"
        elif 1 <= a <= 12 and len(match["b"]) == 2 and b > 31:
            share, suggestion = False, ("19" if b > 30 else "20") + match["b"]
        else:
            continue
        setting = a == b <= 5
        confidence = classify(text, match.start(), match.end(), share, setting)
        if last is not None and _LISTED_AFTER.fullmatch(text, last.end, match.start()):
            confidence = last.confidence  # "back to OR 3/4 and 3/6": the list's second date
        if confidence:
            start = _weekday_start(text, match.start())
            last = finding("C", start, match.end(), "numeric-date-context", confidence, suggestion)
            yield last
    for match in NUMERIC_RANGE.finditer(text, lo, hi):
        a, b, d = int(match["a"]), int(match["b"]), int(match["d"])
        c = int(match["c"]) if match["c"] else a
        if not (is_day(a, b) and is_day(c, d)) or (c, d) < (a, b):
            continue
        share = _share_shaped(a, b) and _share_shaped(c, d)
        if classify(text, match.start(), match.end(), share) or not share:
            yield finding("C", match.start(), match.end(), "numeric-date-range", "high", "day N")


def _ordinal_days(text: str, lo: int, hi: int) -> Iterator[Finding]:
    words = context_words()
    for match in ORDINAL.finditer(text, lo, hi):
        if not 1 <= int(match["day"][:-2]) <= 31:
            continue
        if match["to"] and not 1 <= int(match["to"][:-2]) <= 31:
            continue
        start = match.start("the") if match["the"] else match.start("day")
        before = _words_before(text, start, 1)
        previous = _word(before[0]) if before else ""
        weekday = _WEEKDAYS.fullmatch(previous) is not None
        start = _weekday_start(text, start)
        cued = previous in words["strong"] or weekday or previous in _ORDINAL_WEAK
        after = _word_after(text, match.end())
        rest = text[match.end() : match.end() + 3].lstrip(" \t")
        closed = not rest or rest[0] in ".,;:()]\n" or after in _AFTER_ORDINAL
        # "Tuesday the 8th as", "on the 17th and found": the cue makes it a day.
        if not (closed or weekday or (cued and after in ("and", "as", "or", "while"))):
            continue
        if match["the"] and (cued or after in _AFTER_ORDINAL - {"of"}) or (match["to"] and cued):
            yield finding("C", start, match.end(), "ordinal-day", "high", "day N")
        elif match["to"] or match["the"]:
            yield finding("C", start, match.end(), "ordinal-day", "low", "day N")


RULES = (numeric_dates,)
