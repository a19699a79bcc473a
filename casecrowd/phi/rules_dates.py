"""Date elements other than the year, and ages over 89 (category C).

Fractions such as murmur grades ("2/6"), strength ("5/5") or scores
("26/30") look like "month/day"; a numeric date without a year is reported
only after words that introduce a date ("on", "since", "admitted", a
weekday...). Dates that carry a year, ISO dates and month names are reported
wherever they are. The suggestion keeps the year, or proposes "day N".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, finding
from .lexicon import word_set
from .tokens import windows

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_MONTH_ABBREV_DOT = r"\.?"
_WEEKDAY = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
    r"\.?,?\s{1,2}"
)
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

MONTH_DAY = re.compile(
    rf"\b(?:{_WEEKDAY})?{_MONTH}{_MONTH_ABBREV_DOT}\s{{1,2}}(?:the\s{{1,2}})?(?P<day>[0-3]?\d){_ORD}?"
    rf"(?:,?\s{{1,2}}(?P<year>{_YEAR}))?(?![\d:])"
)
DAY_MONTH = re.compile(
    rf"\b(?:{_WEEKDAY})?(?:the\s{{1,2}})?(?P<day>[0-3]?\d){_ORD}?\s{{1,2}}(?:of\s{{1,2}})?"
    rf"{_MONTH}{_MONTH_ABBREV_DOT}(?:,?\s{{1,2}}(?P<year>{_YEAR}))?\b"
)
MONTH_YEAR = re.compile(
    rf"\b{_MONTH}{_MONTH_ABBREV_DOT},?\s{{1,2}}(?:of\s{{1,2}})?(?P<year>{_YEAR})\b"
)
# A bare month name: full names only ("Jan" is also a name, "Mar" a verb); "May"
# only after a word that introduces a time, since it is also a verb.
BARE_MONTH = re.compile(
    r"\b(?P<month>January|February|March|April|June|July|August|September|October|November"
    r"|December)\b|\b(?:in|since|of|until|till|by|early|late|mid|last|next|this|during|before"
    r"|after)[\s-](?P<may>May)\b"
)
NUMERIC_FULL = re.compile(
    r"(?<![\w/.-])(?:(?P<weekday>" + _WEEKDAY + r"))?(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})"
    r"(?P=sep)(?P<year>\d{4}|\d{2})(?![\w/]|[.-]\d)"
)
ISO = re.compile(
    r"(?<![\w/.-])(?P<year>" + _YEAR + r")([-/.])(?P<a>\d{1,2})\2(?P<b>\d{1,2})(?![\w/]|[.-]\d)"
)
NUMERIC_SHORT = re.compile(r"(?<![\w/.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|[.-]\d)")
ORDINAL_DAY = re.compile(
    r"\b(?:on|by|since|until|till|from|before|after|of|(?P<weekday>(?:Mon|Tues|Wednes|Thurs|"
    r"Fri|Satur|Sun)day))\s{1,2}the\s{1,2}(?P<day>[0-3]?\d" + _ORD + r")\b"
    r"(?!\s{1,2}(?:day|week|month|year|trimester|time|dose|cycle|line|cranial|degree|percentile"
    r"|postoperative|post-operative|hospital|admission|attempt|session|fraction|rib|finger|toe)s?\b)"
)
# Words right before a year-less "m/d" that make it a date rather than a ratio.
DATE_CUES = word_set(
    """
    on since from until till through thru by before after dated date dob born admitted
    admission discharged discharge seen visit arrived presented started stopped began died
    delivered returned transferred surgery operated performed scheduled due last next onset
    """
)
WEEKDAY_WORD = re.compile(_WEEKDAY.removesuffix(r"\.?,?\s{1,2}"))

_SMALL = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_WORD_AGE = (
    r"(?i:ninety(?:[\s-]{1,2}(?:" + "|".join(_SMALL) + r"))?"
    r"|(?:one|a)\s{1,2}hundred(?:\s{1,2}(?:and\s{1,2})?(?:" + "|".join(_SMALL) + r"|ten|eleven|"
    r"twelve|(?:twenty|thirty)(?:[\s-]{1,2}(?:" + "|".join(_SMALL) + r"))?))?)"
)
_NUM_AGE = r"(?:9\d|1[0-4]\d)"
_AGE_SUFFIX = (
    r"(?:[\s-]{0,2}(?:years?|yrs?|y)\.?[\s-]{0,2}(?:old|o\.?|of\s{1,2}age)\b|[\s-]{0,2}y/o\b"
    r"|[\s-]{0,2}y\.o\.?|[\s-]{0,2}yo\b|(?:\s{0,2}yo)?[MF]\b|[\s-]{1,2}years?\b(?!\s{1,2}ago))"
)
AGE_NUMBER = re.compile(rf"(?<![\w./-])(?P<age>{_NUM_AGE}|{_WORD_AGE})(?={_AGE_SUFFIX})")
AGE_LABEL = re.compile(
    rf"\b(?i:age|aged|age:)\s{{1,2}}(?P<age>{_NUM_AGE}|{_WORD_AGE})\b(?!\s{{0,2}}%)"
)
AGE_DECADE = re.compile(
    r"(?i:\bin\s{1,2}(?:his|her|their|the)\s{1,2}(?:(?:early|mid|late)[\s-]{1,2})?)"
    r"(?P<age>(?i:nineties|90s|90['’]s|hundreds))\b"
)
AGE_IS = re.compile(
    rf"(?i:\b(?:he|she|patient|pt)\s{{1,2}}(?:is|was|turned|turns)\s{{1,2}}(?:now\s{{1,2}}|actually"
    rf"\s{{1,2}}|just\s{{1,2}})?)(?P<age>{_NUM_AGE}|{_WORD_AGE})(?=\s{{0,2}}(?:[.,;!?)]|$))"
)


# Every month rule matches a month name; every age rule a number from 90 or its word.
MONTH_HINT = re.compile(
    r"[JFMASOND](?:(?<=J)(?:an|un|ul)|(?<=F)eb|(?<=M)a[ry]|(?<=A)(?:pr|ug)|(?<=S)ep|(?<=O)ct|"
    r"(?<=N)ov|(?<=D)ec)"
)
AGE_HINT = re.compile(
    r"[19NnHh](?:(?<=9)\d(?!\d)|(?<=1)[0-4]\d(?!\d)|(?<=[Nn])(?i:inet)|(?<=[Hh])(?i:undred))"
)


NUMERIC_HINT = re.compile(r"\d[/.-]\d|\d(?:st|nd|rd|th)\b")


def _year_suggestion(year: str | None) -> str:
    if not year:
        return "day N"
    if len(year) == 2:
        return ("19" if int(year) > 30 else "20") + year
    return year


def _plausible(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def month_dates(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, MONTH_HINT, 40, 40):
        yield from _month_dates(text, lo, hi)


def _month_dates(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for pattern, rule in ((MONTH_DAY, "month-day"), (DAY_MONTH, "day-month")):
        for match in pattern.finditer(text, lo, hi):
            if 1 <= int(match.group("day")) <= 31:
                yield finding(
                    "C",
                    match.start(),
                    match.end(),
                    rule,
                    suggestion=_year_suggestion(match.group("year")),
                )
    for match in MONTH_YEAR.finditer(text, lo, hi):
        yield finding("C", match.start(), match.end(), "month-year", suggestion=match["year"])
    for match in BARE_MONTH.finditer(text, lo, hi):
        group = "month" if match["month"] else "may"
        yield finding(
            "C", match.start(group), match.end(group), "month-name", suggestion="the season or year"
        )


def numeric_dates(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, NUMERIC_HINT, 40, 40):
        yield from _numeric_dates(text, lo, hi)


def _numeric_dates(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in NUMERIC_FULL.finditer(text, lo, hi):
        a, b = int(match["a"]), int(match["b"])
        if match["sep"] == "." and len(match["year"]) == 2:
            continue  # "1.2.10" is a version or a lab value more often than a date
        if _plausible(a, b) or _plausible(b, a):
            yield finding(
                "C",
                match.start(),
                match.end(),
                "numeric-date",
                suggestion=_year_suggestion(match["year"]),
            )
    for match in ISO.finditer(text, lo, hi):
        if _plausible(int(match["a"]), int(match["b"])):
            yield finding("C", match.start(), match.end(), "iso-date", suggestion=match["year"])
    for match in NUMERIC_SHORT.finditer(text, lo, hi):
        a, b = int(match["a"]), int(match["b"])
        if not (_plausible(a, b) or _plausible(b, a)):
            continue
        before = text[max(0, match.start() - 24) : match.start()].split()
        previous = before[-1].lower().strip(",:(") if before else ""
        if previous in DATE_CUES or WEEKDAY_WORD.fullmatch(previous.capitalize().rstrip(".")):
            start = match.start()
            if WEEKDAY_WORD.fullmatch(previous.capitalize().rstrip(".")):
                start = match.start() - len(before[-1]) - 1
            yield finding("C", start, match.end(), "numeric-date-cued", suggestion="day N")
    for match in ORDINAL_DAY.finditer(text, lo, hi):
        start = match.start("weekday") if match["weekday"] else match.start("day")
        yield finding("C", start, match.end("day"), "ordinal-day", suggestion="day N")


def ages(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, AGE_HINT, 60, 60):
        yield from _ages(text, lo, hi)


def _ages(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for pattern, rule in ((AGE_NUMBER, "age-over-89"), (AGE_IS, "age-over-89-stated")):
        for match in pattern.finditer(text, lo, hi):
            yield finding("C", match.start("age"), match.end("age"), rule, suggestion="90+")
    for match in AGE_LABEL.finditer(text, lo, hi):
        yield finding(
            "C",
            match.start(),
            match.end(),
            "age-over-89-labelled",
            suggestion=match.group()[: match.start("age") - match.start()] + "90+",
        )
    for match in AGE_DECADE.finditer(text, lo, hi):
        yield finding(
            "C", match.start("age"), match.end("age"), "age-decade-over-89", suggestion="90+"
        )


RULES = (month_dates, numeric_dates, ages)
