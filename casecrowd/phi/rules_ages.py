"""Ages over 89 (category C): "93-year-old", "92 y/o", "age 101", "in her nineties".

The finding covers the whole age phrase ("93-year-old", "in her nineties"),
so that a rewrite to the suggestion "90+" leaves no part of it behind. An age
needs a person: "sats in the 90s" and "SBP in the 90s" are not ages, "in her
90s" and "pt in his 90's" are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, finding
from .tokens import starting_with, windows

_SMALL = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_WORD_AGE = (
    r"(?i:ninety(?:[\s-]{1,2}(?:" + "|".join(_SMALL) + r"))?"
    r"|(?:one|a)\s{1,2}hundred(?:\s{1,2}(?:and\s{1,2})?(?:" + "|".join(_SMALL) + r"|ten|eleven|"
    r"twelve|(?:twenty|thirty)(?:[\s-]{1,2}(?:" + "|".join(_SMALL) + r"))?))?)"
)
_NUM_AGE = r"(?:9\d|1[0-4]\d)"
_AGE_SUFFIX = (
    r"(?i:[\s-]{0,2}(?:years?|yrs?|y)\.?[\s-]{0,2}(?:old|o\.?|of\s{1,2}age)\b|[\s-]{0,2}y/o\b"
    r"|[\s-]{0,2}y\.o\.?|[\s-]{0,2}yo\b)|(?:\s{0,2}(?i:yo))?[MF]\b|(?<=\d)[mf]\b"
    r"|(?i:[\s-]{1,2}years?\b(?!\s{1,2}ago))"
)
AGE_NUMBER = re.compile(
    rf"(?<![\w./-])(?P<age>{_NUM_AGE}|{_WORD_AGE})(?P<suffix>{_AGE_SUFFIX})(?![\w/-])"
)
AGE_LABEL = re.compile(
    rf"\b(?i:age|aged|age:)\s{{1,2}}(?P<age>{_NUM_AGE}|{_WORD_AGE})\b(?!\s{{0,2}}%)"
)
AGE_DECADE = re.compile(
    r"(?i:\bin\s{1,2}(?:his|her|their)\s{1,2}(?:(?:early|mid|late)[\s-]{1,2})?)"
    r"(?P<age>(?i:nineties|90s|90['’]s|hundreds))\b"
)
# "she is 97.", "her husband is ninety-four and wants her home", "she was 90 by then".
AGE_IS = re.compile(
    rf"(?i:\b(?:he|she|patient|pt|husband|wife|mother|father|mom|dad|grandmother|grandfather)"
    rf"\s{{1,2}}(?:is|was|turned|turns)\s{{1,2}}(?:now\s{{1,2}}|actually\s{{1,2}}|just\s{{1,2}}"
    rf"|already\s{{1,2}})?)(?P<age>{_NUM_AGE}|{_WORD_AGE})(?=\s{{0,2}}(?:[.,;!?)]|$)|\s{{1,2}}"
    rf"(?i:and|but|by|per|when|now|today|so|who|which|though|going|with\s{{1,2}}(?:a|an|no)\b))"
)
# "At 93, our patient is...": an age opening a sentence, before a comma.
AGE_AT = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n))(?i:at)\s{{1,2}}(?P<age>{_NUM_AGE}|{_WORD_AGE}),"
    r"(?=\s{1,2}(?i:she|he|our|the|this|my|her|his|mrs?|ms|pt|patient)\b)"
)
AGE_NUMBER = starting_with("[19NnOoAa]", AGE_NUMBER)
AGE_LABEL = starting_with("[Aa]", AGE_LABEL)
AGE_DECADE = starting_with("[Ii]", AGE_DECADE)
AGE_IS = starting_with("[HhSsPpWwMmFfDdGg]", AGE_IS)
# Every age rule matches a number from 90 or its word.
AGE_HINT = re.compile(
    r"[19NnHh](?:(?<=9)\d(?!\d)|(?<=1)[0-4]\d(?!\d)|(?<=[Nn])(?i:inet)|(?<=[Hh])(?i:undred))"
)


# "Temp 101F", "fever to 102F", "TMAX 100.4 -> 101F": degrees Fahrenheit, not an age and sex.
TEMPERATURE_BEFORE = re.compile(
    r"(?i:\b(?:temp(?:erature)?s?|t|tm|tmax|t-?max|max|fevers?|febrile|spiked?|spiking|to|of|at|"
    r"reached|peaked|core|oral|rectal|axillary|bladder)\s{0,2}[:=]?\s{0,2}(?:->|→)?\s{0,2})$"
)


def is_temperature(text: str, start: int, suffix: str) -> bool:
    """Is the number at ``start``, written with an "F", a temperature?"""
    if suffix.strip().lower() != "f":
        return False
    return TEMPERATURE_BEFORE.search(text, max(0, start - 16), start) is not None


def ages(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, AGE_HINT, 40, 40):
        yield from _ages(text, lo, hi)


def _ages(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in AGE_NUMBER.finditer(text, lo, hi):
        if is_temperature(text, match.start(), match["suffix"]):
            continue
        suggestion = "90+" + match["suffix"].rstrip("MFmf")
        yield finding("C", match.start(), match.end(), "age-over-89", suggestion=suggestion)
    for match in AGE_IS.finditer(text, lo, hi):
        yield finding(
            "C", match.start("age"), match.end("age"), "age-over-89-stated", suggestion="90+"
        )
    for match in AGE_LABEL.finditer(text, lo, hi):
        yield finding(
            "C",
            match.start(),
            match.end(),
            "age-over-89-labelled",
            suggestion=match.group()[: match.start("age") - match.start()] + "90+",
        )
    for match in AGE_AT.finditer(text, lo, hi):
        yield finding(
            "C", match.start("age"), match.end("age"), "age-over-89-stated", "high", "90+"
        )
    for match in AGE_DECADE.finditer(text, lo, hi):
        yield finding(
            "C", match.start(), match.end("age"), "age-decade-over-89", suggestion="over 89"
        )


RULES = (ages,)
