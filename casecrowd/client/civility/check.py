"""Finding spans of a draft that may read as an attack on a group or a person.

One pass of one pre-compiled expression per text (see :mod:`.patterns`). Only a
slur fires on its own; an insult or profanity fires only when it is aimed at an
addressed person or a group, and clinical look-alikes ("idiot savant", "20 fags a
day", "spastic diplegia") are consumed before anything inside them can fire. Words
quoted after a reporting word ("pt called the HCA a 'p*ki'") are someone else's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from casecrowd.client.civility.patterns import scanner, slur_words

CATEGORIES = ("slur", "group-insult", "harassment")
_CATEGORY_OF_GROUP = {"slur": "slur", "group": "group-insult", "harassment": "harassment"}


@dataclass(frozen=True)
class CivilityFinding:
    """One span of one text: ``texts[field][start:end] == excerpt``."""

    field: str
    start: int
    end: int
    excerpt: str
    category: str  # one of CATEGORIES


# An opening quote follows a space, colon or bracket; a closing one is not followed by a
# letter, so the apostrophes of "you're" and "pt's" are neither.
_OPENING = re.compile(r"(?:^|(?<=[\s:(\[]))[\"\u201c\u2018']")
_CLOSING = re.compile(r"[\"\u201d\u2019'](?![a-z])", re.IGNORECASE)
# Words that introduce someone else's words or a term under discussion.
_REPORTING = re.compile(
    r"\b(?:call(?:s|ed|ing)?|said|says|say|shout\w*|yell\w*|scream\w*|wrote|writes|written"
    r"|us(?:e|es|ed|ing)|term|terms|word|words|phrase|refer\w*|described|labell?ed|documented"
    r"|quot\w*|told|tells|per|heard|spray[- ]?painted|taunt\w*|slurs?|insults?|names?"
    r"|such\s+as|e\.g)\b",
    re.IGNORECASE,
)
# Words after a quoted term that show it is being discussed, not used: "'Jap' appears
# in the old chart", "'spaz' came up".
_DISCUSSED = re.compile(
    r"\s*(?:appears|appeared|came\s+up|comes\s+up|is\s+(?:written|used|documented|an?\s+"
    r"(?:slur|old|outdated|offensive))|was\s+(?:written|used|documented))\b",
    re.IGNORECASE,
)


def _reported(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits inside quotation marks on its line and a
    reporting word comes before them ("pt called the HCA a 'p*ki'"): someone else's
    words, quoted to describe what happened, are not the author's attack."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = len(text) if (nl := text.find("\n", end)) < 0 else nl
    openings = list(_OPENING.finditer(text, line_start, start))
    if not openings or _CLOSING.search(text, openings[-1].end(), start):
        return False
    closing = _CLOSING.search(text, end, line_end)
    if closing is None:
        return False
    if _DISCUSSED.match(text, closing.end()):
        return True
    return bool(_REPORTING.search(text, line_start, openings[-1].start()))


def _acronym(excerpt: str) -> bool:
    """Whether an all-capitals match reaches a slur only through an inflection or a
    disguise ("SPIKES", the bad-news protocol, is not "spik" + "es"). Capitals that
    spell a listed slur exactly, or its plain plural, still fire: shouting is not
    an acronym."""
    if not excerpt.isalpha() or not excerpt.isupper() or len(excerpt) < 3:
        return False
    word = excerpt.lower()
    return word not in slur_words() and not (word[-1] == "s" and word[:-1] in slur_words())


def _normalised(text: str) -> str:
    """Curly apostrophes as straight ones; same length, so offsets still hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def find(texts: Mapping[str, str]) -> list[CivilityFinding]:
    """Every finding in ``texts`` (field name to text), in field order then by position.
    Findings never overlap, and each excerpt is the original text of its span."""
    found: list[CivilityFinding] = []
    for field, original in texts.items():
        text = _normalised(original)
        for match in scanner().finditer(text):
            category = _CATEGORY_OF_GROUP.get(match.lastgroup or "")
            if match.lastgroup == "aimed":
                category = "harassment" if match.group("person") else "group-insult"
            start, end = match.span()
            if category == "slur" and _acronym(text[start:end]):
                continue
            if category is not None and not _reported(text, start, end):
                found.append(CivilityFinding(field, start, end, original[start:end], category))
    return found
