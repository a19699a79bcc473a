"""Noticing, on the author's device, a draft that speaks of the writer's own wish to die.

:func:`mentions` finds first-person language about suicide or self-harm ("I want
to die", "I stockpiled my pills", "kms"). It is meant to miss clinical writing
about patients: a pattern needs the writer as its subject, and a span that sits in
quotation marks or after a reporting clause ("pt states ...") is someone else's
words. :func:`resources` reads the support lines shipped with the client.

Both are pure and local. What they find is shown to the author alone and never
sent, signed, stored or logged: a physician's distress must not become a fact
about a pseudonym.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources as package_files
from typing import Any

AUDIENCES = ("physicians", "everyone")
CONTACT_KINDS = ("phone", "text", "web", "email")
# The order the panel lists countries in; "international" last.
COUNTRIES = ("US", "UK", "IE", "CA", "AU", "international")
DATA_FILE = "crisis_resources.toml"

_I = r"\b(?:i|i'?m|i'?ve|i'?d|i'?ll)\b"
# "ending it with my partner", "be here on Christmas": something other than a life.
_NOT_WITH = r"(?!\s+with\b)"
_NOT_THEN = r"(?!\s+(?:with|on|for|at|in|this|next|today|tonight|tomorrow|again|until|over)\b)"
_DIE = r"die(?!\s+(?:peacefully|at\s+home|old|in\s+my\s+sleep|of\s+old\s+age|at\s+\w+ty)\b)"
# Each pattern has the writer as its subject or object; none matches "pt wants to die".
_PATTERNS = (
    r"\bkms\b",
    r"\b(?:kill|killing|hurt|hurting|harm|harming|off|offing|cutting)\s+myself\b",
    r"\bcut\s+myself\s+(?:again|on\s+purpose|deliberately)\b",
    r"\b(?:end|ending|take|taking)\s+my\s+(?:own\s+)?life\b",
    rf"{_I}[^.!?\n]{{0,40}}\b(?:want|wanna|wanted|wanting|wish|ready|going|plan|planning|tempted)"
    rf"\s+(?:to\s+)?(?:just\s+|finally\s+)?(?:{_DIE}|be\s+dead|end\s+it(?:\s+all)?{_NOT_WITH}"
    r"|not\s+wake\s+up|disappear\s+forever|not\s+exist|stop\s+existing)\b",
    rf"{_I}[^.!?\n]{{0,40}}\b(?:think|thinking|thought|thoughts)\s+(?:about|of)\s+"
    rf"(?:ending\s+it{_NOT_WITH}|ending\s+(?:things|everything)|dying|not\s+being\s+here"
    r"|suicide|jumping)\b",
    r"\bbetter\s+off\s+(?:without\s+me|if\s+i\s+(?:was|were|wasn'?t|weren'?t)\b|with\s+me\s+gone)",
    rf"{_I}[^.!?\n]{{0,20}}\b(?:rather\s+be\s+dead|better\s+off\s+dead)\b",
    rf"{_I}\s+(?:really\s+|just\s+|honestly\s+)?(?:don'?t|do\s+not)\s+want\s+to\s+"
    rf"(?:be\s+(?:here|alive|around){_NOT_THEN}|live|exist|wake\s+up|go\s+on)\b",
    rf"{_I}\s+(?:don'?t|do\s+not)\s+deserve\s+to\s+(?:live|be\s+alive|be\s+here)\b",
    rf"{_I}\s+(?:can'?t|cannot)\s+(?:go\s+on|do\s+this\s+anymore|keep\s+going)\b",
    rf"{_I}\s+wish\s+i\s+(?:was|were)\s+(?:dead|gone|never\s+born)\b",
    rf"{_I}\s+(?:tried|attempted)\s+to\s+(?:overdose|kill\s+myself|hang\s+myself|end\s+it)\b",
    r"\bhop(?:e|ed|ing)\s+i\s+(?:wouldn'?t|won'?t|don'?t|never)\s+wake\s+up\b",
    r"\b(?:feel|feeling|felt)\s+(?:so\s+|really\s+|pretty\s+)?suicidal\b",
    rf"{_I}\s+(?:am|was|have\s+been|'ve\s+been|been)?\s*"
    r"(?:so\s+|really\s+|pretty\s+|kind\s+of\s+|a\s+bit\s+)?suicidal\b",
    r"\bmy\s+(?:own\s+)?(?:suicidal\s+(?:thoughts|ideation|feelings)|suicide\s+(?:note|plan))\b",
    rf"{_I}[^.!?\n]{{0,20}}\b(?:wrote|written|writing)\s+(?:a|my)\s+suicide\s+note\b",
    rf"{_I}[^.!?\n]{{0,20}}\b(?:wrote|written|writing)\s+a\s+(?:goodbye\s+)?note\s+(?:to|for)\s+"
    r"my\s+(?:kids|children|family|wife|husband|partner|parents)\b",
    rf"{_I}[^.!?\n]{{0,30}}\b(?:stockpiled|stockpiling|hoarded|hoarding|saved\s+up|saving\s+up)\b"
    r"[^.!?\n]{0,30}\b(?:pills|tablets|meds|medication|insulin|opioids|potassium|doses)\b",
    r"\bhow\s+many\s+(?:it'?d|it\s+would|would\s+it)\s+take\b",
    r"\bno\s+(?:reason|point)\s+for\s+me\s+to\s+(?:live|go\s+on|be\s+alive|be\s+here)\b",
)
_DISTRESS = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
# A reporting clause before the span in the same sentence: the words are a patient's.
_REPORTED = re.compile(
    r"\b(?:pt|pts|patient|patients|client|he|she|they|his|her|son|daughter|mother|father|mom|dad"
    r"|husband|wife|partner|brother|sister|friend|colleague|resident|student|caller|teen|man"
    r"|woman|boy|girl|kid|child)\b[^.!?\n]{0,40}\b(?:said|says|stated|states|reported|reports"
    r"|endorsed|endorses|told|tells|wrote|writes|texted|screamed|yelled|repeated|repeating"
    r"|saying|kept\s+saying|admitted|admits|disclosed|discloses|expressed|expresses)\b",
    re.IGNORECASE,
)
# Someone else as the subject inside a span ("I worry she'll want to die").
_OTHER_SUBJECT = re.compile(
    r"\b(?:he|she|they|pt|patient|patients|people|someone|anyone|you|he'?ll|she'?ll|they'?ll)\b",
    re.IGNORECASE,
)
_SUBJECTS = re.compile(
    r"\b(?:i|i'm|i've|i'd|me|my|pt|patient|he|she|they|his|her|their)\b", re.IGNORECASE
)
_FIRST_PERSON = {"i", "i'm", "i've", "i'd", "me", "my"}
_SUBJECTS_FIRST = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself)\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.!?\n]")
_NUMBER_BEFORE = re.compile(r"\d[\d.,]*\s*$")
_QUOTES = '"\u201c\u201d'


@dataclass(frozen=True)
class Mention:
    """One span of ``field`` in the writer's own voice; ``text[start:end] == excerpt``."""

    field: str
    start: int
    end: int
    excerpt: str


def _normalised(text: str) -> str:
    """Curly apostrophes as straight ones; same length, so offsets still hold."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _inside_quotes(text: str, start: int) -> bool:
    """Whether an odd number of double quotes opens before ``start`` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    return sum(text.count(q, line_start, start) for q in _QUOTES) % 2 == 1


def _reported(text: str, start: int, span: str) -> bool:
    """Whether the sentence so far reports someone else's words or state. A span with
    its own first-person word ("I want to die", "without me") names its subject."""
    sentence_start = max((m.end() for m in _SENTENCE_START.finditer(text, 0, start)), default=0)
    if _REPORTED.search(text, sentence_start, start):
        return True
    if _SUBJECTS_FIRST.search(span):
        return False
    subjects = _SUBJECTS.findall(text, sentence_start, start)
    return bool(subjects) and subjects[-1].lower() not in _FIRST_PERSON


def _own_voice(text: str, match: re.Match[str]) -> bool:
    start, span = match.start(), match.group()
    if span.lower() == "kms" and _NUMBER_BEFORE.search(text, 0, start):
        return False  # "5 kms" is a distance
    if _OTHER_SUBJECT.search(span):
        return False
    return not (_inside_quotes(text, start) or _reported(text, start, span))


def mentions(texts: dict[str, str]) -> list[Mention]:
    """Every span, field by field in order, where the writer speaks of ending their
    life or harming themselves. Empty for clinical text about patients."""
    found: list[Mention] = []
    for field, original in texts.items():
        text = _normalised(original)
        for match in _DISTRESS.finditer(text):
            if _own_voice(text, match):
                start, end = match.span()
                found.append(Mention(field, start, end, original[start:end]))
    return found


@dataclass(frozen=True)
class Contact:
    kind: str  # one of CONTACT_KINDS
    value: str


@dataclass(frozen=True)
class Resource:
    """One support line; ``source`` is the public page it was confirmed from."""

    name: str
    country: str
    audience: str
    contacts: tuple[Contact, ...]
    hours: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class Directory:
    """The data file: when and how it was checked, and its entries in file order."""

    checked: date
    how_checked: str
    entries: tuple[Resource, ...]

    def by_country(self) -> list[tuple[str, list[Resource]]]:
        """Countries in :data:`COUNTRIES` order, physicians' lines first within each."""
        return [
            (country, sorted(group, key=lambda r: AUDIENCES.index(r.audience)))
            for country in COUNTRIES
            if (group := [r for r in self.entries if r.country == country])
        ]


class CrisisDataError(ValueError):
    """The resources file does not have the expected shape."""


def _text(entry: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise CrisisDataError(f"{where}: {key} must be a non-empty string")
    return value


def _contact(item: Any, where: str) -> Contact:
    if not isinstance(item, dict) or item.get("kind") not in CONTACT_KINDS:
        raise CrisisDataError(f"{where}: each contact needs a kind among {CONTACT_KINDS}")
    return Contact(item["kind"], _text(item, "value", where))


def _resource(entry: Any, number: int) -> Resource:
    where = f"resource {number}"
    if not isinstance(entry, dict):
        raise CrisisDataError(f"{where}: not a table")
    name = _text(entry, "name", where)
    where = f"{where} ({name})"
    country, audience = _text(entry, "country", where), _text(entry, "audience", where)
    if country not in COUNTRIES or audience not in AUDIENCES:
        raise CrisisDataError(f"{where}: country in {COUNTRIES}, audience in {AUDIENCES}")
    source = _text(entry, "source", where)
    if not source.startswith("https://"):
        raise CrisisDataError(f"{where}: source must be an https URL")
    contacts = entry.get("contacts")
    if not isinstance(contacts, list) or not contacts:
        raise CrisisDataError(f"{where}: at least one contact")
    return Resource(
        name,
        country,
        audience,
        tuple(_contact(item, where) for item in contacts),
        _text(entry, "hours", where, required=False),
        source,
        _text(entry, "note", where, required=False),
    )


def parse(document: dict[str, Any]) -> Directory:
    """The directory a parsed TOML document describes; :class:`CrisisDataError` if its
    shape is wrong (no checked date, an entry without a source or contact...)."""
    checked = document.get("checked")
    if not isinstance(checked, date):
        raise CrisisDataError("checked must be a TOML date (checked = YYYY-MM-DD)")
    how = _text(document, "how_checked", "file")
    entries = document.get("resource")
    if not isinstance(entries, list) or not entries:
        raise CrisisDataError("file: no [[resource]] entries")
    return Directory(checked, how, tuple(_resource(e, n) for n, e in enumerate(entries, 1)))


def resources() -> Directory:
    """The support lines shipped with the client (package data; no network)."""
    raw = package_files.files("casecrowd.client").joinpath("data", DATA_FILE).read_text("utf-8")
    return parse(tomllib.loads(raw))
