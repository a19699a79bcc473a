"""Distinguishing marks (R) and biometrics (P): what the body itself gives away.

A tattoo that carries words, a name or a number (category R):
"a tattoo reading "Lupe y Chuy por siempre"", "tattoo noted: scorpion w/ numerals
1979 across upper back": such a tattoo identifies its bearer as surely as a
badge number, so the description is reported from the tattoo to the end of its
sentence. A tattoo without writing ("tattoo sarcoid", "a rose tattoo") is
clinical detail and is left alone.

A biometric taken to tell who someone is (category P): "ID confirmed by
fingerprint match", "collected fingerprints and palm prints", "palm-vein scan at
registration". Only the kinds that serve nothing but identification are read;
clinical look-alikes stay words: "thumbprinting" on a film, a "retinal scan" of
the macula, "facial recognition" lost in prosopagnosia. A mention is not the print
itself, so the author is asked (``low``), never refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .findings import Finding, finding
from .tokens import FoldedHint, windows

TATTOO_HINT = FoldedHint(re.compile(r"[Tt](?i:atto)"), "t", "atto", alone=False)
# The tattoo and its sentence, up to 240 characters.
TATTOO = re.compile(
    r"(?i:\b(?:(?:a|an|the|his|her|their)\s{1,2}(?:[a-z-]{1,20}\s{1,2}){0,2}?)?tattoo(?:s|ed)?\b)"
    r"(?P<rest>[^.;\n]{0,240})"
)
# Writing in the description: quoted words, a number, a name, initials or a date.
WRITING = re.compile(
    r"[\"“”]|\d|(?i:\b(?:reading|reads|says|saying|words?|numerals?|numbers?|names?|initials|"
    r"letters|dates?|portrait|script|lettering)\b)"
)

# An endoscopist's tattoo marks a lesion for the surgeon, in ink, by centimetres.
ENDOSCOPIC = re.compile(
    r"(?i:\b(?:india\s?ink|spot|sub-?mucosal|polyps?|lesion|polypectomy|cm|mm|quadrants?)\b)"
)

_BIOMETRIC = (
    r"(?:finger\s?prints?|finger-?printed|palm\s?prints?|palm[- ]vein|iris\s(?:scans?|recognition)"
    r"|voice\s?prints?|biometric(?=\s(?:scan|match|identif|template|id\b|check)))"
)
BIOMETRIC_HINT = FoldedHint(
    re.compile(r"[FfPpIiVvBb](?i:ingerprint|inger print|alm|ris scan|ris recog|oice|iometric)"),
    "fpivb",
    "ingerprint|inger print|alm|ris scan|ris recog|oice|iometric",
    alone=True,
)
# The kinds in a list, and the word that says what was done with them ("match", "scan").
BIOMETRIC = re.compile(
    rf"(?i:\b{_BIOMETRIC}(?:\s{{1,2}}(?:and|&|or|,)\s{{1,2}}{_BIOMETRIC})*"
    r"(?:\s(?:biometric\s)?(?:match(?:es|ed)?|scans?|records?|templates?|check|identification))?)"
    r"(?![\w-])"
)


def biometrics(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, BIOMETRIC_HINT.spans(text), 2, 80):
        for match in BIOMETRIC.finditer(text, lo, hi):
            yield finding("P", match.start(), match.end(), "biometric-mention", "low")


def marks(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, TATTOO_HINT.spans(text), 60, 250):
        for match in TATTOO.finditer(text, lo, hi):
            if WRITING.search(match["rest"]) and not ENDOSCOPIC.search(match["rest"]):
                end = len(match.group().rstrip(" ,-–—")) + match.start()
                yield finding("R", match.start(), end, "tattoo-with-writing")


RULES = (marks, biometrics)
