"""Phone and fax numbers, email, SSN, URLs, IP addresses and image files (D-G, N, O, Q).

Every pattern has bounded repetition and no nested quantifiers, so a match
attempt costs at most a constant number of steps at each position.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from .findings import Finding, finding
from .tokens import starting_with, windows

PHONE = re.compile(
    r"(?<![\w+/.-])(?:\+?1[\s.-]{0,2})?(?:\(\d{3}\)[\s.-]{0,2}|\d{3}[\s.-]{1,2})\d{3}[\s.-]{1,2}\d{4}"
    r"(?:\s{0,2}(?:x|ext\.?|extension)\s{0,2}\d{1,6})?(?![\w/-]|\.\d)",
    re.IGNORECASE,
)
# A seven-digit local number ("555-1234"): shaped like a phone, but short.
LOCAL_PHONE = re.compile(r"(?<![\w/.-])\d{3}-\d{4}(?![\w/-]|\.\d)")
FAX_CUE = re.compile(r"\bfax\b|\bfacsimile\b", re.IGNORECASE)
SSN = re.compile(r"(?<![\w/-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w/-])")
SSN_LABELLED = re.compile(
    r"(?i:\bSSN|\bsocial\s{1,3}security(?:\s{1,3}(?:number|no\.?|#))?)[\s:#]{1,4}(?:is\s{1,3})?"
    r"(\d{9}|\d{3}[- ]\d{2}[- ]\d{4})(?!\d)"
)
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,6}\.[A-Za-z]{2,24}\b"
)
URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]]{2,500}", re.IGNORECASE)
# Bare host names: only with a top-level domain people actually type, so that
# abbreviations ("e.g.", "q.i.d.") never look like a host.
BARE_HOST = re.compile(
    r"(?<![\w@.-])(?:[A-Za-z0-9-]{1,63}\.){1,5}(?:com|org|net|edu|gov|mil|io|us|info|biz|health|"
    r"care|clinic|md|co\.uk|uk|ca|de|fr|au|me|app|online|site)\b(?:/[^\s<>\"']{0,300})?",
    re.IGNORECASE,
)
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
# Candidate IPv6 text; ipaddress decides. At least two colons and one hex digit.
IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w{1,16})?(?![\w:])")
IMAGE_FILE = re.compile(
    r"(?<![\w.-])[\w-]{1,80}\.(?:jpe?g|png|heic|heif|gif|bmp|tiff?|dcm|webp)\b", re.IGNORECASE
)
FACE_PHOTO = re.compile(
    r"\b(?:full[- ]face|facial|face)\s{1,3}(?:photo(?:graph)?s?|pictures?|images?|selfies?)\b"
    r"|\b(?:photo(?:graph)?s?|pictures?|images?)\s{1,3}of\s{1,3}(?:his|her|their|the\s{1,3}"
    r"patient['’]s)\s{1,3}face\b|\bselfies?\b",
    re.IGNORECASE,
)
PHONE = starting_with(r"[+(\d]", PHONE)
LOCAL_PHONE = starting_with(r"\d", LOCAL_PHONE)
SSN = starting_with(r"\d", SSN)
SSN_LABELLED = starting_with("[Ss]", SSN_LABELLED)
URL = starting_with("[HhFfWw]", URL)
IPV4 = starting_with(r"\d", IPV4)
# Cheap patterns that every match of a rule contains (see tokens.windows).
# Hints spell digits [0-9]: a class of ten characters scans quicker than Unicode \d.
PHONE_HINT = re.compile(r"[0-9]{3}[\s.)-]{1,2}[0-9]{2}")
SSN_HINT = re.compile(r"[0-9Ss](?:(?<=[0-9])[0-9]{2}[- ][0-9]{2}|(?<=S)SN|(?<=[Ss])ocial)")
HOST_HINT = re.compile(
    r"[:wW.](?:(?<=:)//|(?<=[wW])[wW][wW]\.|(?<=\.)(?i:com|org|net|edu|gov|mil|io|us|info|biz|"
    r"health|care|clinic|md|uk|ca|de|fr|au|me|app|online|site)\b)"
)
IPV4_HINT = re.compile(r"[0-9]\.[0-9]{1,3}\.[0-9]")
IPV6_HINT = re.compile(r":(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,4}:)")
IMAGE_HINT = re.compile(
    r"[.fFsS](?:(?<=\.)(?i:jpe?g|png|heic|heif|gif|bmp|tiff?|dcm|webp)\b|(?<=[fF])(?i:ace)|"
    r"(?<=[sS])(?i:elfie))"
)
AT_HINT = re.compile("@")
TRAILING_PUNCT = ".,;:!?)]}'\""


def _fax_or_phone(text: str, start: int) -> str:
    window = text[max(0, start - 30) : start]
    return "E" if FAX_CUE.search(window) else "D"


def phones(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, PHONE_HINT, 30, 30):
        yield from _phones(text, lo, hi)


def _phones(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in PHONE.finditer(text, lo, hi):
        category = _fax_or_phone(text, match.start())
        yield finding(category, match.start(), match.end(), "phone-number")
    for match in LOCAL_PHONE.finditer(text, lo, hi):
        category = _fax_or_phone(text, match.start())
        yield finding(category, match.start(), match.end(), "local-phone-number", "low")


def _valid_ssn(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def ssns(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, SSN_HINT, 40, 40):
        yield from _ssns(text, lo, hi)


def _ssns(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in SSN.finditer(text, lo, hi):
        if _valid_ssn(match.group(1), match.group(3), match.group(4)):
            yield finding("G", match.start(), match.end(), "ssn")
    for match in SSN_LABELLED.finditer(text, lo, hi):
        yield finding("G", match.start(), match.end(), "ssn-labelled")


def emails(text: str) -> Iterator[Finding]:
    for match in (
        m for lo, hi in windows(text, AT_HINT, 65, 260) for m in EMAIL.finditer(text, lo, hi)
    ):
        yield finding("F", match.start(), match.end(), "email")


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in TRAILING_PUNCT:
        end -= 1
    return end


def urls(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, HOST_HINT, 400, 510):
        yield from _urls(text, lo, hi)


def _urls(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in URL.finditer(text, lo, hi):
        end = _strip_trailing(text, match.start(), match.end())
        yield finding("N", match.start(), end, "url")
    for match in BARE_HOST.finditer(text, lo, hi):
        end = _strip_trailing(text, match.start(), match.end())
        yield finding("N", match.start(), end, "host-name")


def ip_addresses(text: str) -> Iterator[Finding]:
    for match in (
        m for lo, hi in windows(text, IPV4_HINT, 16, 16) for m in IPV4.finditer(text, lo, hi)
    ):
        if all(int(octet) <= 255 for octet in match.group().split(".")):
            yield finding("O", match.start(), match.end(), "ipv4")
    for match in (
        m for lo, hi in windows(text, IPV6_HINT, 40, 40) for m in IPV6.finditer(text, lo, hi)
    ):
        candidate = match.group()
        if not any(c.isalnum() for c in candidate):
            continue
        try:
            ipaddress.IPv6Address(candidate.split("%")[0])
        except ValueError:
            continue
        yield finding("O", match.start(), match.end(), "ipv6")


def images(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, IMAGE_HINT, 90, 40):
        yield from _images(text, lo, hi)


def _images(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in IMAGE_FILE.finditer(text, lo, hi):
        yield finding("Q", match.start(), match.end(), "image-file")
    for match in FACE_PHOTO.finditer(text, lo, hi):
        yield finding("Q", match.start(), match.end(), "face-photo-mention", "low")


RULES = (phones, ssns, emails, urls, ip_addresses, images)
