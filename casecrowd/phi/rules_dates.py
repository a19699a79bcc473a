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
from .tokens import starting_with, windows

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
# "mid-March", "late May": the qualifier goes with the month it narrows.
BARE_MONTH = re.compile(
    r"(?:\b(?P<qual>(?i:early|mid|late)[\s-]{1,2}))?\b(?P<month>January|February|March|April"
    r"|June|July|August|September|October|November|December)\b|\b(?:(?P<mayqual>(?i:early|mid"
    r"|late))|in|since|of|until|till|by|last|next|this|during|before|after)[\s-](?P<may>May)\b"
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
    r"\b(?:on|by|since|until|till|from|before|after|of|started|stopped|began|seen|admitted|"
    r"discharged|returned|delivered|transferred|operated|scheduled|(?P<weekday>(?:Mon|Tues|Wednes|"
    r"Thurs|Fri|Satur|Sun)day))\s{1,2}(?P<the>the)\s{1,2}(?P<day>[0-3]?\d" + _ORD + r")\b"
    r"(?!\s{1,2}(?:day|week|month|year|trimester|time|dose|cycle|line|cranial|degree|percentile"
    r"|postoperative|post-operative|hospital|admission|attempt|session|fraction|rib|finger|toe)s?\b)"
)
# Words right before a year-less "m/d" that make it a date rather than a ratio.
DATE_CUES = word_set(
    """
    on since from until till through thru by before after dated date dob born admitted
    admission discharged discharge seen visit arrived presented started stopped began died
    delivered returned transferred surgery operated performed scheduled due last next onset
    lmp edd edc dos doi dod doa injured fell occurred happened vaccinated admit admits
    readmitted readmit
    """
)
# Between a date verb and its date: "seen first 11/14".
ADVERBS = word_set("first again initially originally last also then")
# Words or signs of an approximate date: "~10/02", "around 3/14" (less certain: low).
APPROX_CUES = word_set("~ ≈ approx approx. approximately around about circa ca. roughly")
# "03/14", "10/02": a zero-padded day or month is a date; ratios and grades are not padded.
PADDED_SHORT = re.compile(
    r"(?<![\w/.:-])(?:0[1-9]/(?:0[1-9]|[12]\d|3[01])|1[0-2]/0[1-9])(?![\w/]|[.:-]\d)"
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


MONTH_DAY = starting_with("[A-Z]", MONTH_DAY)
DAY_MONTH = starting_with(r"[A-Zt\d]", DAY_MONTH)
MONTH_YEAR = starting_with("[A-Z]", MONTH_YEAR)
NUMERIC_FULL = starting_with(r"[A-Z\d]", NUMERIC_FULL)
ISO = starting_with("[12]", ISO)
NUMERIC_SHORT = starting_with(r"\d", NUMERIC_SHORT)
PADDED_SHORT = starting_with("[01]", PADDED_SHORT)
AGE_NUMBER = starting_with("[19NnOoAa]", AGE_NUMBER)
AGE_LABEL = starting_with("[Aa]", AGE_LABEL)
AGE_DECADE = starting_with("[Ii]", AGE_DECADE)
AGE_IS = starting_with("[HhSsPp]", AGE_IS)

# Every month rule matches a month name; every age rule a number from 90 or its word.
MONTH_HINT = re.compile(
    r"[JFMASOND](?:(?<=J)(?:an|un|ul)|(?<=F)eb|(?<=M)a[ry]|(?<=A)(?:pr|ug)|(?<=S)ep|(?<=O)ct|"
    r"(?<=N)ov|(?<=D)ec)"
)
AGE_HINT = re.compile(
    r"[19NnHh](?:(?<=9)\d(?!\d)|(?<=1)[0-4]\d(?!\d)|(?<=[Nn])(?i:inet)|(?<=[Hh])(?i:undred))"
)


NUMERIC_HINT = re.compile(r"[0-9](?:[/.-][0-9]|(?:st|nd|rd|th)\b)")


def _year_suggestion(year: str | None) -> str:
    if not year:
        return "day N"
    if len(year) == 2:
        return ("19" if int(year) > 30 else "20") + year
    return year


def _plausible(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _fraction(text: str, match: re.Match[str], a: int, b: int) -> bool:
    """ "about 1/3 of", "around 3/4": a share, not a date."""
    return a < b <= 10 or text.startswith(" of ", match.end())


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
        qualifier = "qual" if match["month"] else "mayqual"
        start = match.start(qualifier) if match[qualifier] else match.start(group)
        yield finding("C", start, match.end(group), "month-name", suggestion="the season or year")


def numeric_dates(text: str) -> Iterator[Finding]:
    # A weekday and "the" come at most 16 characters before the first digit or separator.
    for lo, hi in windows(text, NUMERIC_HINT, 24, 16):
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
        if previous in ADVERBS and len(before) > 1:  # "seen first 11/14", "admitted again 3/2"
            previous = before[-2].lower().strip(",:(")
        if previous in DATE_CUES or WEEKDAY_WORD.fullmatch(previous.capitalize().rstrip(".")):
            start = match.start()
            if WEEKDAY_WORD.fullmatch(previous.capitalize().rstrip(".")):
                start = match.start() - len(before[-1]) - 1
            yield finding("C", start, match.end(), "numeric-date-cued", suggestion="day N")
        elif previous in APPROX_CUES and not _fraction(text, match, a, b):
            yield finding("C", match.start(), match.end(), "numeric-date-approx", "low", "day N")
        elif previous == "of" and len(before) > 1 and before[-2].lower() in ("week", "weekend"):
            yield finding("C", match.start(), match.end(), "numeric-date-cued", suggestion="day N")
    for match in PADDED_SHORT.finditer(text, lo, hi):
        yield finding("C", match.start(), match.end(), "numeric-date-padded", "low", "day N")
    for match in ORDINAL_DAY.finditer(text, lo, hi):
        start = match.start("weekday") if match["weekday"] else match.start("the")
        yield finding("C", start, match.end("day"), "ordinal-day", suggestion="day N")


def ages(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, AGE_HINT, 32, 32):
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
