"""A diagnosis as a physician types it on the command line, made ready to sign.

Three forms: a code alone (``M06.1``, ``m061``: the code set's description becomes
the text), a text with its code in brackets (``Adult-onset Still disease [M06.1]``),
or a text alone, which gets the code whose description it matches word for word
(by the pooling's normalisation) when exactly one code's does.

Invariant: every code that leaves here is canonical and in the ICD-10-CM code set.
A code that is not is refused before anything is signed: the forum would refuse
it too, and a typo in a code must not silently become a text.
"""

from __future__ import annotations

import re

from casecrowd.client.errors import ClientError, ExitCode
from casecrowd.diagnoses import codes
from casecrowd.diagnoses.words import significant_words

# "text [code]": the bracket is the last thing typed.
_BRACKETED = re.compile(r"(?P<text>.*?)\s*\[(?P<code>[^\[\]]*)\]")
# What reads as an attempt at a code (a letter, a digit, then letters or digits, a dot
# optional): such a word alone must be a known code, never sent as a diagnosis text.
_CODE_SHAPE = re.compile(r"[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4}|\.)?")
DIAGNOSIS_SYNTAX = "a diagnosis, 'text [ICD-10-CM code]', or a code alone"


def _unknown(code: str) -> ClientError:
    return ClientError(
        f"{code.strip()!r} is not an ICD-10-CM code; `casecrowd dx WORDS` finds codes,"
        " or leave the code out to send the diagnosis as text",
        exit_code=ExitCode.USAGE,
    )


def _known(code: str) -> str:
    canonical = codes.canonical_code(code)
    if canonical is None:
        raise _unknown(code)
    return canonical


def parse_diagnosis(typed: str) -> dict[str, str]:
    """``{"diagnosis": ..., "code": ...}`` (no ``code`` when none is known) from ``typed``."""
    text = typed.strip()
    if not text:
        raise ClientError(f"a diagnosis is needed: {DIAGNOSIS_SYNTAX}", exit_code=ExitCode.USAGE)
    bracketed = _BRACKETED.fullmatch(text)
    if bracketed is not None:
        code = _known(bracketed["code"])
        return {"diagnosis": bracketed["text"].strip() or codes.describe(code), "code": code}
    if _CODE_SHAPE.fullmatch(text):
        code = _known(text)
        return {"diagnosis": codes.describe(code), "code": code}
    matched = codes.code_of_words(significant_words(text))
    return {"diagnosis": text, "code": matched} if matched else {"diagnosis": text}
