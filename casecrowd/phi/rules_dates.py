"""Date elements other than the year, and ages over 89 (category C).

Dates that carry a year ("7/22/19", "4/9/'59", "12-Feb-2024"), ISO dates and
month names with a day or a year are reported wherever they are, in any
casing; a bare month name only where it cannot be a word ("in march", not "we
march"). Year-less numeric dates and ordinal days need their context
(:mod:`.rules_numeric_dates`); ages live in :mod:`.rules_ages`. The suggestion
keeps the year, or proposes "day N".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import rules_ages, rules_numeric_dates
from .findings import Finding, finding
from .tokens import literal_spans, lowered, starting_with, windows

_MONTH = (
    r"(?i:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_MONTH_ABBREV_DOT = r"\.?"
_WEEKDAY = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
    r"\.?,?\s{1,2}"
)
_ORD = r"(?i:st|nd|rd|th)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"\-–—"

MONTH_DAY = re.compile(
    rf"\b(?:{_WEEKDAY})?(?P<month>{_MONTH}){_MONTH_ABBREV_DOT}\s{{1,2}}(?:the\s{{1,2}})?"
    rf"(?P<day>[0-3]?\d){_ORD}?(?:,?\s{{1,2}}(?P<year>{_YEAR}))?(?![\d:])"
)
DAY_MONTH = re.compile(
    rf"\b(?:{_WEEKDAY})?(?:the\s{{1,2}})?(?P<day>[0-3]?\d){_ORD}?\s{{1,2}}(?:of\s{{1,2}})?"
    rf"(?P<month>{_MONTH}){_MONTH_ABBREV_DOT}(?:,?\s{{1,2}}(?P<year>{_YEAR}))?\b"
)
# "29-Apr", "12-Feb-2024", "Feb-12", "3Mar24": the forms a spreadsheet or a lab system prints.
DAY_MON_DASHED = re.compile(
    rf"(?<![\w/.-])(?:(?P<day>[0-3]?\d)[{_DASH} ]?(?P<month>{_MONTH})(?:[{_DASH} ]?(?P<year>"
    rf"{_YEAR}|\d\d))?|(?P<month2>{_MONTH})[{_DASH}](?P<day2>[0-3]?\d))(?![\w/]|[.{_DASH}]\d)"
)
MONTH_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH}){_MONTH_ABBREV_DOT},?\s{{1,2}}(?:of\s{{1,2}})?(?P<year>{_YEAR})\b"
)
# A bare month name: full names only ("Jan" is also a name, "Mar" a verb); "May"
# (and lower-case "march", "august") only after a word that introduces a time.
# "mid-March", "late May": the qualifier goes with the month it narrows.
_CUE = r"in|since|of|until|till|by|last|next|this|during|before|after|early|mid|late"
BARE_MONTH = re.compile(
    r"(?:\b(?P<qual>(?i:early|mid|late)[\s-]{1,2}))?\b(?P<month>January|February|March|April"
    r"|June|July|August|September|October|November|December|(?i:january|february|april|june|"
    r"july|september|october|november|december))\b|\b(?:(?P<mayqual>(?i:early|mid|late))|(?i:"
    + _CUE
    + r"))[\s-](?P<may>May|MAY|(?i:may|march|august))\b(?![\s-]{1,2}(?i:be|have|not|need)\b)"
)
NUMERIC_FULL = re.compile(
    r"(?<![\w/.-])(?:(?P<weekday>" + _WEEKDAY + r"))?(?P<a>\d{1,2})(?P<sep>[/." + _DASH + r"])"
    r"(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|['’]?\d{2})(?![\w/%]|[." + _DASH + r"]\d)"
)
ISO = re.compile(
    r"(?<![\w/.-])(?P<year>" + _YEAR + r")([/." + _DASH + r"])(?P<a>\d{1,2})\2(?P<b>\d{1,2})"
    r"(?![\w/]|[." + _DASH + r"]\d)"
)
# "implanted 4/2019", "since 11/2023": a month and a year, an element of a date.
MONTH_SLASH_YEAR = re.compile(
    r"(?<![\w/.:-])(?P<month>0?[1-9]|1[0-2])/(?P<year>(?:19[5-9]|20[0-4])\d)(?![\w/%]|[.,]\d)"
)
# "03/14", "10/02": a zero-padded day or month is a date; ratios and grades are not padded.
PADDED_SHORT = re.compile(
    r"(?<![\w/.:-])(?:0[1-9]/(?:0[1-9]|[12]\d|3[01])|1[0-2]/0[1-9])(?![\w/]|[.:-]\d)"
)

MONTH_DAY = starting_with("[A-Za-z]", MONTH_DAY)
DAY_MONTH = starting_with(r"[A-Zt\d]", DAY_MONTH)
DAY_MON_DASHED = starting_with(r"[JFMASONDjfmasond\d]", DAY_MON_DASHED)
MONTH_YEAR = starting_with("[JFMASONDjfmasond]", MONTH_YEAR)
NUMERIC_FULL = starting_with(r"[A-Z\d]", NUMERIC_FULL)
ISO = starting_with("[12]", ISO)
PADDED_SHORT = starting_with("[01]", PADDED_SHORT)
MONTH_SLASH_YEAR = starting_with(r"\d", MONTH_SLASH_YEAR)

# Every month rule matches a month name, written as a whole word in any casing.
MONTH_WORD = re.compile(
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])"
)
_MONTH_PREFIXES = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


def month_hints(text: str) -> list[tuple[int, int]]:
    """Where a month name stands as a word: the first three letters are found in the
    lower-cased text by ``str.find`` (a regex testing each letter is several times slower)."""
    hints = []
    for start, _ in literal_spans(lowered(text), _MONTH_PREFIXES):
        if start and text[start - 1].isalpha():
            continue
        match = MONTH_WORD.match(text, start)
        if match:
            hints.append(match.span())
    return hints


NUMERIC_HINT = re.compile(r"[0-9](?:[/.\-–—][0-9])")
# "on may 30", "SINCE MAY 2ND": "may" in any case after a preposition and before a day.
CUED_MAY_DAY = re.compile(
    r"(?i:\b(?:on|since|until|till|by|from|of|before|after)\s{1,2})(?P<date>(?i:may)\s{1,2}"
    r"(?P<day>[0-3]?\d)(?i:st|nd|rd|th)?)\b(?![ \t]{0,2}(?i:mg|units?|%|x|times|doses?)\b)"
)
# After "may": a word that no date is followed by, so "may" is the verb ("10 may blunt").
_VERB_AFTER = re.compile(
    r"[ \t]{1,2}(?!(?i:at|in|and|to|through|thru|or|until|when|with|for|by|the|of|was|is)\b)"
    r"(?i:[a-z]{2,})\b"
)
# A short month before a number that is a dose or a count: "may 2 tabs", "dec 3 points".
_UNIT_AFTER = re.compile(r"\s{0,2}(?i:mg|mcg|ml|cc|units?|tabs?|pills?|points?|pts|x|%|kg|lbs?)\b")


def _year_suggestion(year: str | None) -> str:
    if not year:
        return "day N"
    year = year.lstrip("'’")
    if len(year) == 2:
        return ("19" if int(year) > 30 else "20") + year
    return year


def _plausible(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _spelled(match: re.Match[str], group: str = "month") -> bool:
    """A month written as a writer would ("March", "MARCH", "march"), not "mAy"; "may"
    and "mar" are words in lower case, so they need a year there."""
    month = match[group]
    if month.islower() and month in ("may", "mar") and not match["year"]:
        return False
    return month.istitle() or month.isupper() or month.islower()


def _may_as_verb(text: str, match: re.Match[str], group: str) -> bool:
    """Is the "may" that ends ``match`` the verb of the words after it ("10 may blunt")?"""
    return match[group].lower() == "may" and _VERB_AFTER.match(text, match.end()) is not None


def month_dates(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, month_hints(text), 40, 40):
        yield from _month_dates(text, lo, hi)


def _month_dates(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for pattern, rule in ((MONTH_DAY, "month-day"), (DAY_MONTH, "day-month")):
        for match in pattern.finditer(text, lo, hi):
            if not (1 <= int(match.group("day")) <= 31 and _spelled(match)):
                continue
            if not match["year"] and _UNIT_AFTER.match(text, match.end()):
                continue
            if rule == "day-month" and _may_as_verb(text, match, "month"):
                continue  # "prednisone 10 may blunt these": the verb, not the month
            suggestion = _year_suggestion(match.group("year"))
            yield finding("C", match.start(), match.end(), rule, suggestion=suggestion)
    for match in CUED_MAY_DAY.finditer(text, lo, hi):
        if 1 <= int(match["day"]) <= 31:
            yield finding(
                "C", match.start("date"), match.end("date"), "month-day", suggestion="day N"
            )
    for match in DAY_MON_DASHED.finditer(text, lo, hi):
        day, month = (match["day"], "month") if match["day"] else (match["day2"], "month2")
        if _may_as_verb(text, match, month):
            continue
        if 1 <= int(day) <= 31 and (match[month].islower() or _spelled(match, month)):
            suggestion = _year_suggestion(match["year"])
            yield finding("C", match.start(), match.end(), "day-month", suggestion=suggestion)
    for match in MONTH_YEAR.finditer(text, lo, hi):
        if _spelled(match):
            yield finding("C", match.start(), match.end(), "month-year", suggestion=match["year"])
    for match in BARE_MONTH.finditer(text, lo, hi):
        group = "month" if match["month"] else "may"
        qualifier = "qual" if match["month"] else "mayqual"
        start = match.start(qualifier) if match[qualifier] else match.start(group)
        # "in mid-June" dates an event; "graduate in June" may, so the author is asked.
        confidence = "high" if match[qualifier] else "low"
        yield finding("C", start, match.end(group), "month-name", confidence, "the season or year")


def numeric_dates(text: str) -> Iterator[Finding]:
    # A weekday comes at most 16 characters before the first digit.
    for lo, hi in windows(text, NUMERIC_HINT, 24, 16):
        yield from _numeric_dates(text, lo, hi)


def _numeric_dates(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in NUMERIC_FULL.finditer(text, lo, hi):
        a, b = int(match["a"]), int(match["b"])
        year = match["year"]
        if len(year) == 2 and (
            match["sep"] == "."
            and not rules_numeric_dates.event_before(text, match.start())
            or match["sep"] != "."
            and _setting(text, match)
        ):
            continue  # "1.2.10" is a version or a lab value, "10/5/40" a vent setting;
            # "admit 3.11.24" a date
        if _plausible(a, b) or _plausible(b, a):
            suggestion = _year_suggestion(year)
            yield finding("C", match.start(), match.end(), "numeric-date", suggestion=suggestion)
    for match in MONTH_SLASH_YEAR.finditer(text, lo, hi):
        if not _UNIT_AFTER.match(text, match.end()):  # "1/2000 units": a dilution
            yield finding("C", match.start(), match.end(), "month-year", suggestion=match["year"])
    for match in ISO.finditer(text, lo, hi):
        if _plausible(int(match["a"]), int(match["b"])):
            yield finding("C", match.start(), match.end(), "iso-date", suggestion=match["year"])
    if text.find("/", lo, hi) < 0:
        return  # PADDED_SHORT holds a slash
    for match in PADDED_SHORT.finditer(text, lo, hi):
        yield finding("C", match.start(), match.end(), "numeric-date-padded", "low", "day N")


def _setting(text: str, match: re.Match[str]) -> bool:
    """ "PS 10/5/40", "10/5/40%": three numbers of a ventilator setting, not a date."""
    if match["sep"] != "/":
        return False
    if text.startswith("%", match.end()):
        return True
    return rules_numeric_dates.classify(text, match.start(), match.end(), False) is None


RULES = (month_dates, numeric_dates, *rules_numeric_dates.RULES, *rules_ages.RULES)
