"""Physician credentials: NPI check digit, licence and jurisdiction rules, fingerprints.

Pure functions, no Flask. Jurisdictions come from ``pycountry`` (ISO 3166):
a US licence names its state as an ISO 3166-2 code (``US-CA``); any other
licence names its country as ISO 3166-1 alpha-2 (``CA`` is Canada). Bare US
state codes are not accepted because half of them are also country codes
(CA, GA, IN, DE, ...).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re

import pycountry

NPI_LENGTH = 10
# The NPI is an ISO 7812 card number whose issuer prefix 80840 is left out of
# the ten digits but counted by the Luhn check (CMS, "NPI check digit").
NPI_LUHN_PREFIX = "80840"
MAX_LICENCE_CHARS = 32

_LICENCE_PUNCTUATION = re.compile(r"[\s\-\u2010-\u2015./]")
_LICENCE_PATTERN = re.compile(rf"^[A-Z0-9]{{1,{MAX_LICENCE_CHARS}}}$")
_NPI_SEPARATORS = re.compile(r"[\s\-]")


class CredentialError(ValueError):
    """The value is not a valid credential; the message says why, without echoing it."""


def luhn_check_digit(payload: str) -> int:
    """The digit that makes ``payload`` + digit pass the Luhn check (ISO/IEC 7812-1 Annex B)."""
    total = 0
    # From the right, the payload's last digit is doubled (it sits in the
    # second position once the check digit is appended).
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def normalise_npi(value: str) -> str:
    """Digits only (spaces and dashes dropped); ten digits whose last is the check digit."""
    npi = _NPI_SEPARATORS.sub("", value)
    if not npi.isascii() or not npi.isdigit() or len(npi) != NPI_LENGTH:
        raise CredentialError("An NPI has exactly 10 digits.")
    if luhn_check_digit(NPI_LUHN_PREFIX + npi[:9]) != int(npi[9]):
        raise CredentialError(
            "The NPI's check digit is wrong (Luhn check over the prefix 80840 fails):"
            " a digit was probably mistyped."
        )
    return npi


def normalise_licence_number(value: str) -> str:
    """Upper case without spaces, dashes, dots or slashes: letters and digits, 1 to 32."""
    number = _LICENCE_PUNCTUATION.sub("", value).upper()
    if not _LICENCE_PATTERN.fullmatch(number):
        raise CredentialError(
            "A licence number has 1 to 32 letters and digits (spaces, dashes, dots and"
            " slashes are ignored)."
        )
    return number


@functools.cache
def jurisdictions() -> frozenset[str]:
    """US-XX for US states, DC and territories; alpha-2 codes for every other country."""
    states = {s.code for s in pycountry.subdivisions.get(country_code="US")}
    countries = {c.alpha_2 for c in pycountry.countries} - {"US"}
    return frozenset(states | countries)


def normalise_jurisdiction(value: str) -> str:
    code = value.strip().upper()
    if code == "US":
        raise CredentialError("A US licence is issued by a state: give it as US-XX, e.g. US-CA.")
    if code not in jurisdictions():
        raise CredentialError(
            "Give a US state as US-XX (e.g. US-NY) or a country as its ISO 3166-1 alpha-2"
            " code (e.g. CA for Canada)."
        )
    return code


def npi_fingerprint(pepper: bytes, npi: str) -> str:
    """HMAC-SHA256 of the normalised NPI under the desk pepper, hex.

    Keyed, not a plain hash: the NPI space (10^9 valid numbers) is small
    enough to enumerate, so without the pepper in keys/ a copy of the
    database would give every fingerprint's NPI back.
    """
    return _fingerprint(pepper, b"casecrowd/desk/npi/v1", npi)


def licence_fingerprint(pepper: bytes, jurisdiction: str, number: str) -> str:
    return _fingerprint(pepper, b"casecrowd/desk/licence/v1", f"{jurisdiction}\x00{number}")


def _fingerprint(pepper: bytes, label: bytes, value: str) -> str:
    # The label keeps an NPI and a licence number with the same digits apart.
    return hmac.new(pepper, label + b"\x00" + value.encode(), hashlib.sha256).hexdigest()
