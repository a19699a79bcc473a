"""Distinguishing marks (category R): a tattoo that carries words, a name or a number.

"a tattoo reading "Lupe y Chuy por siempre"", "tattoo noted: scorpion w/ numerals
1979 across upper back": such a tattoo identifies its bearer as surely as a
badge number, so the description is reported from the tattoo to the end of its
sentence. A tattoo without writing ("tattoo sarcoid", "a rose tattoo") is
clinical detail and is left alone.
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


def marks(text: str) -> Iterator[Finding]:
    for lo, hi in windows(text, TATTOO_HINT.spans(text), 60, 250):
        for match in TATTOO.finditer(text, lo, hi):
            if WRITING.search(match["rest"]):
                end = len(match.group().rstrip(" ,-–—")) + match.start()
                yield finding("R", match.start(), end, "tattoo-with-writing")


RULES = (marks,)
