"""A note reads the same to the guard in capitals, in lower case and as typed."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan
from casecrowd.phi.casing import Casing, casing_of
from casecrowd.phi.recasing import recased


def names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.category == "A"]


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.category, text[f.start : f.end]) for f in scan(text)]


NOTES_WITH_A_NAME = [
    ("Pt seen by Dr. Whitfield, wife Marguerite at bedside.", ["Whitfield", "Marguerite"]),
    ("Discussed with Dr Patel; per Dr. Okonkwo, continue levo.", ["Patel", "Okonkwo"]),
    ("Pt: Halvorsen, Erik. Seen in clinic.", ["Halvorsen"]),
    ("Maria Gonzalez came back to the ED today.", ["Gonzalez"]),
]


@pytest.mark.parametrize("casing", [str.upper, str.lower, str])
@pytest.mark.parametrize("note, expected", NOTES_WITH_A_NAME)
def test_a_name_is_found_in_every_letter_case(note: str, expected: list[str], casing) -> None:
    text = casing(note)
    found = " ".join(names(text)).lower()
    for name in expected:
        assert name.lower() in found, spans(text)


CLEAN_SHORTHAND = [
    "Pt on levo and vaso, prop gtt, fent prn. Foley draining clear. Temp 101.2 po.",
    "Sats in the 90s on AC 500x14/5/40%. Lido patch. Pacer wires capped. See Carevue.",
    "Kelly clamp, Metzenbaum scissors and Bovie used. Mayo stand cleared.",
]


@pytest.mark.parametrize("casing", [str.upper, str.lower, str])
@pytest.mark.parametrize("note", CLEAN_SHORTHAND)
def test_clinical_shorthand_is_no_name_in_any_case(note: str, casing) -> None:
    assert names(casing(note)) == []


def test_recasing_keeps_the_length_and_restores_mixed_case() -> None:
    text = "PT SEEN BY DR SMITH, WIFE MARGUERITE AT BEDSIDE. ON LEVO, TRANSFERRED FROM MGH"
    result = recased(text)
    assert len(result) == len(text)
    assert "seen by Dr Smith" in result
    assert "wife Marguerite" in result
    assert "MGH" in result  # an acronym the lexicon does not know stays in capitals


def test_acronyms_in_mixed_case_text_stay_acronyms() -> None:
    text = "ELISA and BAL negative. ALT, AST up. AMA discharge discussed."
    assert recased(text) == text


def test_a_hurried_post_in_lower_case() -> None:
    text = "maria gonzalez came back, seen by dr patel. paged okonkwo, kalani rn aware"
    result = recased(text)
    for name in ("Maria Gonzalez", "Dr Patel", "Okonkwo", "Kalani"):
        assert name in result


def test_ordinary_words_after_a_kinship_word_stay_words() -> None:
    text = "wife will call tomorrow; daughter hopes to take him home"
    assert recased(text) == text


@pytest.mark.parametrize(
    "tokens, expected",
    [
        (["PT", "SEEN", "BY", "DR", "SMITH", "TODAY"], Casing.CAPITALS),
        (["pt", "seen", "by", "dr", "smith", "today"], Casing.LOWER),
        (["Pt", "seen", "by", "Dr.", "Smith", "today,", "CT", "neg"], Casing.MIXED),
        ([], Casing.MIXED),
    ],
)
def test_the_casing_of_a_stretch(tokens: list[str], expected: Casing) -> None:
    assert casing_of(tokens) is expected
