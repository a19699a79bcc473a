"""Phone and fax numbers, email, SSN, URLs, IP addresses and image files (D-G, N, O, Q).

Every pattern has bounded repetition and no nested quantifiers, so a match
attempt costs at most a constant number of steps at each position.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from .findings import Finding, finding
from .tokens import literal_spans, lowered, starting_with, windows

# A hyphen, or the en and em dashes a word processor puts in its place.
_DASH = r"\-–—"
_SEP = rf"[\s.{_DASH}]"
PHONE = re.compile(
    rf"(?<![\w+/.{_DASH}])(?:\+?1{_SEP}{{0,2}})?(?:\(\d{{3}}\){_SEP}{{0,2}}|\d{{3}}{_SEP}{{1,2}})\d{{3}}"
    rf"{_SEP}{{1,2}}\d{{4}}(?:\s{{0,2}}(?:x|ext\.?|extension)\s{{0,2}}\d{{1,6}})?(?![\w/{_DASH}]|\.\d)",
    re.IGNORECASE,
)
# A seven-digit local number ("555-1234"): shaped like a phone, but short.
LOCAL_PHONE = re.compile(rf"(?<![\w/.{_DASH}])\d{{3}}[{_DASH}]\d{{4}}(?![\w/{_DASH}]|\.\d)")
# "pager 41273", "pgr 5-3382", "beeper #2231", "ext. 5521", "bp 41273" (no blood pressure
# has five digits and no slash): a hospital's internal numbers, after their cue word.
PAGER = re.compile(
    rf"(?i:\b(?P<cue>pager|pgr|beeper|bpr|beep|ext|extension|bp)\b\.?(?:\s{{0,2}}(?:no\.?|number|#|:)){{0,2}}"
    rf"(?:\s{{1,2}}(?:is|at))?\s{{0,2}}#?)(?P<number>\d{{4,5}}|\d{{1,2}}[{_DASH}]\d{{4}}|\d{{3}}[{_DASH}]\d{{2}})(?![\w/{_DASH}]|[.,]\d)"
)
# "call x6-4419", "(x3-8857)": an extension written with its "x".
EXTENSION = re.compile(rf"(?<![\w/.{_DASH}])[xX]\s?\d[{_DASH}]\d{{4}}(?![\w/{_DASH}]|\.\d)")
# "ID fellow, x4471": four or five digits after the "x", with no dash. A magnification
# ("x1000 oil") is written the same way, so the author is asked.
SHORT_EXTENSION = re.compile(
    r"(?<![\w/.,+*×-])[xX]\d{4,5}(?![\w/%-]|[.,]\d)(?!\s{0,2}(?i:mag|oil|objective|power|field|hpf))"
)
FAX_CUE = re.compile(r"\bfax\b|\bfacsimile\b", re.IGNORECASE)
# The cue right before a fax number belongs to it ("fax 412-555-0175").
FAX_LABEL = re.compile(r"(?i:\bfax|\bfacsimile)(?:\s{1,2}(?:no\.?|number|#))?[\s:#]{0,3}$")
SSN = re.compile(rf"(?<![\w/{_DASH}])(\d{{3}})([{_DASH} ])(\d{{2}})\2(\d{{4}})(?![\w/{_DASH}])")
SSN_LABELLED = re.compile(
    r"(?i:\bSSN|\bsocial\s{1,3}security(?:\s{1,3}(?:number|no\.?|#))?)[\s:#]{1,4}(?:is\s{1,3})?"
    rf"(\d{{9}}|\d{{3}}[{_DASH} ]\d{{2}}[{_DASH} ]\d{{4}})(?!\d)"
)
# "900-1300", "1200-1500cc", "goal 800-1000": a range, not a local number.
RANGE_CUE = re.compile(
    r"(?i:goal|range|between|from|uop|i/?o|intake|output|kcal|ml|cc|shift|approx|about|~)\W{0,3}$"
)
UNIT_AFTER = re.compile(r"\s{0,2}(?i:ml|cc|kcal|cal|units?|mg|mcg|l\b|steps|hrs?\b|hours)")
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
# A clear mention of a picture of the face is reported with the clause that carries it
# ("facial photo taken and sent to hospital police for ID"); a selfie may not show it.
_PICTURE = r"(?:photo(?:graph)?s?|pic(?:ture)?s?|images?|snapshots?)"
FACE_PHOTO = re.compile(
    rf"(?:\b(?:an?|the)\s{{1,3}})?(?:\b(?:clinical|close-?up|frontal|recent|clear)\s{{1,3}})?"
    rf"(?:\b(?:full[- ]?face|facial|face)\s{{1,3}}{_PICTURE}\b|\b{_PICTURE}\s{{1,3}}of\s{{1,3}}"
    rf"(?:his|her|their|the\s{{1,3}}(?:patient|pt)['’]s|the|my\s{{1,3}}patient['’]s)\s{{1,3}}"
    rf"(?:whole\s{{1,3}}|entire\s{{1,3}}|full\s{{1,3}})?face\b)[^.;:()\n]{{0,60}}",
    re.IGNORECASE,
)
SELFIE = re.compile(r"\bselfies?\b", re.IGNORECASE)
PHONE = starting_with(r"[+(\d]", PHONE)
PAGER = starting_with("[PpBbEe]", PAGER)
EXTENSION = starting_with("[Xx]", EXTENSION)
LOCAL_PHONE = starting_with(r"\d", LOCAL_PHONE)
SSN = starting_with(r"\d", SSN)
SSN_LABELLED = starting_with("[Ss]", SSN_LABELLED)
URL = starting_with("[HhFfWw]", URL)
IPV4 = starting_with(r"\d", IPV4)
# Cheap patterns that every match of a rule contains (see tokens.windows).
# Hints spell digits [0-9]: a class of ten characters scans quicker than Unicode \d.
PHONE_HINT = re.compile(r"[0-9]{3}[\s.)\-–—]{1,2}[0-9]{2}")
# Every pager number follows its cue word; every extension is "x" then a digit and a dash.
PAGER_CUES = ("pager", "pgr", "beep", "bpr", "ext", "bp")
EXTENSION_HINT = re.compile(r"[xX][0-9](?:[\-–—][0-9]|[0-9]{3})")
SSN_HINT = re.compile(r"[0-9Ss](?:(?<=[0-9])[0-9]{2}[\- –—][0-9]{2}|(?<=S)SN|(?<=[Ss])ocial)")
HOST_HINT = re.compile(
    r"[:wW.](?:(?<=:)//|(?<=[wW])[wW][wW]\.|(?<=\.)(?i:com|org|net|edu|gov|mil|io|us|info|biz|"
    r"health|care|clinic|md|uk|ca|de|fr|au|me|app|online|site)\b)"
)
IPV4_HINT = re.compile(r"[0-9]\.[0-9]{1,3}\.[0-9]")
IPV6_HINT = re.compile(r":(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,4}:)")
IMAGE_HINT = re.compile(
    r"[.fFsS](?:(?<=\.)(?i:jpe?g|png|heic|heif|gif|bmp|tiff?|dcm|webp)\b|(?<=[fF])(?i:ac(?:e|ial))|"
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
        yield finding(category, _label_start(text, match.start()), match.end(), "phone-number")
    for match in LOCAL_PHONE.finditer(text, lo, hi):
        if _is_range(text, match):
            continue
        category = _fax_or_phone(text, match.start())
        start = _label_start(text, match.start())
        yield finding(category, start, match.end(), "local-phone-number", "low")


def _label_start(text: str, start: int) -> int:
    label = FAX_LABEL.search(text, max(0, start - 24), start)
    return label.start() if label else start


def _is_range(text: str, match: re.Match[str]) -> bool:
    low, high = re.split(r"[\-–—]", match.group())
    round_numbers = low.endswith("0") and high.endswith("0")
    return (
        round_numbers
        or UNIT_AFTER.match(text, match.end()) is not None
        or RANGE_CUE.search(text, max(0, match.start() - 12), match.start()) is not None
    )


def pagers(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, literal_spans(lowered(text), PAGER_CUES), 4, 40):
        for match in PAGER.finditer(text, lo, hi):
            if match["cue"].lower() == "bp" and len(match["number"]) < 5:
                continue
            start, end = match.span("number")
            yield finding("D", start, end, "pager-number")
    for lo, hi in windows(text, EXTENSION_HINT, 2, 10):
        for match in EXTENSION.finditer(text, lo, hi):
            yield finding("D", match.start(), match.end(), "extension-number")
        for match in SHORT_EXTENSION.finditer(text, lo, hi):
            yield finding("D", match.start(), match.end(), "extension-number", "low")


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
    for lo, hi in windows(text, IMAGE_HINT, 90, 80):
        yield from _images(text, lo, hi)


def _images(text: str, lo: int, hi: int) -> Iterator[Finding]:
    for match in IMAGE_FILE.finditer(text, lo, hi):
        yield finding("Q", match.start(), match.end(), "image-file")
    for match in FACE_PHOTO.finditer(text, lo, hi):
        end = _strip_trailing(text, match.start(), match.end())
        yield finding("Q", match.start(), end, "face-photo-mention", "high")
    for match in SELFIE.finditer(text, lo, hi):
        yield finding("Q", match.start(), match.end(), "selfie-mention", "low")


RULES = (phones, pagers, ssns, emails, urls, ip_addresses, images)
