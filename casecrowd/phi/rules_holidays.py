"""Holidays (category C): "on Xmas eve", "born on Halloween", "around Labor Day".

A holiday names a day of the year as surely as "12/24" does, so it is a date
element other than the year, reported ``high``. Eponyms named after a holiday
("Christmas disease", hemophilia B) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, finding
from .tokens import (
    followed_by_clinical_head,
    followed_by_clinical_term,
    literal_spans,
    lowered,
    windows,
)

_S = r"\s{1,2}"
_POSS = r"(?:['’]s|s['’]?)?"
# Holidays that are a day by their own name.
_NAMED = (
    rf"Christmas|X-?mas|Halloween|Thanksgiving|Easter|Juneteenth|Hanukkah|Chanukah|Passover|"
    rf"Diwali|Kwanzaa|Valentine{_POSS}|New{_S}Year{_POSS}|Yom{_S}Kippur|Rosh{_S}Hashanah|"
    rf"Cinco{_S}de{_S}Mayo|Mardi{_S}Gras|Good{_S}Friday|Black{_S}Friday|Ash{_S}Wednesday|"
    rf"Palm{_S}Sunday|Super{_S}Bowl{_S}Sunday|(?:Lunar|Chinese){_S}New{_S}Year|"
    rf"Eid(?:{_S}al-(?:Fitr|Adha))?|(?:Fourth|4th){_S}of{_S}July"
)
# Holidays whose name needs "Day" ("Labor Day", not "labor").
_DAY_NAMED = (
    rf"(?:Labou?r|Memorial|Veterans{_POSS}|Independence|Mother{_POSS}|Father{_POSS}|"
    rf"Presidents{_POSS}|Columbus|Groundhog|Boxing|Election|Victoria|Canada|Remembrance|"
    rf"MLK|Martin{_S}Luther{_S}King(?:{_S}Jr\.?)?|(?:St\.?|Saint){_S}Patrick{_POSS}|"
    rf"Valentine{_POSS}|New{_S}Year{_POSS}|Christmas|Thanksgiving|Easter|Inauguration){_S}Day"
)
# The part of the day or the season around it: "Christmas morning", "Xmas eve".
_PART = (
    rf"(?:{_S}(?i:eve|day|morning|night|evening|afternoon|weekend|holiday|holidays|break|"
    rf"week|dinner|party|Sunday|Monday))?"
)
# "Christmas tree bladder", "Easter egg sign", "Easter Island": not a day.
EPONYM_AFTER = re.compile(r"\s{1,2}(?i:tree|egg|island|lily|cactus|rose|seal)\b")
HOLIDAY = re.compile(rf"\b(?:{_DAY_NAMED}|{_NAMED}){_PART}\b", re.IGNORECASE)
# How every holiday begins, in lower case: searched in the lower-cased text, so that a note
# typed in capitals or in lower case ("XMAS EVE", "christmas morning") is read the same.
FIRST_LITERALS = (
    "christmas",
    "xmas",
    "x-mas",
    "halloween",
    "thanksgiving",
    "easter",
    "juneteenth",
    "hanukkah",
    "chanukah",
    "passover",
    "diwali",
    "kwanzaa",
    "valentine",
    "new year",
    "yom",
    "rosh",
    "cinco",
    "mardi",
    "good friday",
    "black friday",
    "ash wednesday",
    "palm sunday",
    "super bowl",
    "lunar new",
    "chinese new",
    "eid",
    "the fourth",
    "fourth of",
    "4th of",
    "labor day",
    "labour day",
    "memorial day",
    "veteran",
    "independence day",
    "mother",
    "father",
    "president",
    "columbus day",
    "groundhog",
    "boxing day",
    "election day",
    "victoria day",
    "canada day",
    "remembrance day",
    "mlk",
    "martin luther",
    "patrick",
    "inauguration",
)
# Holidays whose first word is an everyday word in lower case ("the election day
# results", "father's day"): in lower case only with "Day" or in a capitalised text.
_AMBIGUOUS = ("mother", "father", "veteran", "president", "new", "good", "black", "palm")


# "over the Fourth", "on the Fourth.": Independence Day without "of July".
THE_FOURTH = re.compile(
    r"\b[Tt]he\s{1,2}(?P<day>Fourth)(?:(?=\s{0,2}[.,;:!?)])|\s{1,2}(?i:weekend|holiday)\b)"
)


def holidays(text: str) -> Iterator[Finding]:
    hints = literal_spans(lowered(text), FIRST_LITERALS)
    for lo, hi in windows(text, hints, 4, 48):
        for match in HOLIDAY.finditer(text, lo, hi):
            if not _written_as_a_name(match.group()):
                continue
            if followed_by_clinical_head(text, match.end()) or followed_by_clinical_term(
                text, match.end()
            ):
                continue
            if EPONYM_AFTER.match(text, match.end()):
                continue
            yield finding(
                "C", match.start(), match.end(), "holiday", suggestion="the season or year"
            )
        for match in THE_FOURTH.finditer(text, lo, hi):
            yield finding("C", match.start("day"), match.end(), "holiday", "high", "the season")


def _written_as_a_name(found: str) -> bool:
    """ "Christmas Eve", "XMAS EVE", "christmas eve", but not "mother's day off" typed
    as prose, nor "EaStEr"."""
    if found.islower():
        return not found.startswith(_AMBIGUOUS) or found.endswith(("day", "days"))
    words = found.split()
    return found.isupper() or all(w[0].isupper() or w.islower() for w in words)


RULES = (holidays,)
