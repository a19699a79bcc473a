"""NPI check digits, licence and jurisdiction normalisation: the pure rules."""

import pytest

from casecrowd.desk.credentials import (
    CredentialError,
    licence_fingerprint,
    luhn_check_digit,
    normalise_jurisdiction,
    normalise_licence_number,
    normalise_npi,
    npi_fingerprint,
)


@pytest.mark.parametrize(
    ("payload", "check_digit"),
    [
        ("7992739871", 3),  # the ISO/IEC 7812 textbook example 79927398713
        ("80840123456789", 3),  # CMS's example NPI 1234567893, prefix included
        ("0", 0),
        ("1", 8),
    ],
)
def test_luhn_check_digit_matches_published_examples(payload, check_digit):
    assert luhn_check_digit(payload) == check_digit


def test_valid_npi_is_accepted_and_normalised():
    assert normalise_npi("1234567893") == "1234567893"
    assert normalise_npi(" 123-456-7893 ") == "1234567893"


def test_every_single_digit_error_is_caught():
    npi = "1234567893"
    for position in range(10):
        for digit in "0123456789":
            if digit == npi[position]:
                continue
            typo = npi[:position] + digit + npi[position + 1 :]
            with pytest.raises(CredentialError, match="check digit is wrong"):
                normalise_npi(typo)


@pytest.mark.parametrize(
    "value", ["123456789", "12345678930", "", "12345678x3", "１２３４５６７８９３", "+234567893"]
)
def test_npi_must_be_ten_ascii_digits(value):
    with pytest.raises(CredentialError, match="exactly 10 digits"):
        normalise_npi(value)


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("md-123 45", "MD12345"), ("G.123/45", "G12345"), ("a1", "A1"), ("12\u201334", "1234")],
)
def test_licence_number_is_upper_cased_without_punctuation(raw, normalised):
    assert normalise_licence_number(raw) == normalised


@pytest.mark.parametrize("value", ["", " - ", "MD#123", "ÄRZT1", "1" * 33, "MD_1"])
def test_licence_number_refuses_other_characters(value):
    with pytest.raises(CredentialError):
        normalise_licence_number(value)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("US-NY", "US-NY"),
        ("us-ca", "US-CA"),
        ("US-DC", "US-DC"),
        ("US-PR", "US-PR"),
        ("ca", "CA"),
        ("GB", "GB"),
        (" de ", "DE"),
    ],
)
def test_jurisdictions_are_us_states_or_countries(raw, code):
    assert normalise_jurisdiction(raw) == code


@pytest.mark.parametrize("value", ["US-XX", "NY", "XX", "California", "", "USA", "CA-ON"])
def test_unknown_jurisdictions_are_refused(value):
    with pytest.raises(CredentialError, match="US-XX"):
        normalise_jurisdiction(value)


def test_bare_us_is_refused_with_a_hint():
    with pytest.raises(CredentialError, match="issued by a state"):
        normalise_jurisdiction("US")


def test_fingerprints_depend_on_the_pepper_and_are_domain_separated():
    pepper, other = b"\x01" * 32, b"\x02" * 32
    assert npi_fingerprint(pepper, "1234567893") == npi_fingerprint(pepper, "1234567893")
    assert npi_fingerprint(pepper, "1234567893") != npi_fingerprint(other, "1234567893")
    # The same digits as an NPI and as a licence number do not collide.
    assert npi_fingerprint(pepper, "1234567893") != licence_fingerprint(pepper, "", "1234567893")
    assert licence_fingerprint(pepper, "US-NY", "1") != licence_fingerprint(pepper, "US-CA", "1")
