"""Disguised identifiers are found, with their spans in the text as written."""

from __future__ import annotations

import pytest

from casecrowd.phi import scan
from casecrowd.phi.normalise import normalised
from casecrowd.phi.policy import decide, describe


def found(text: str) -> list[tuple[str, str]]:
    return [(item.category, text[item.start : item.end]) for item in scan(text)]


# Each hostile class of the issue, with the identifier's text as the author wrote it.
HOSTILE = {
    "fullwidth digits, phone": ("Call her at ５５５－８６７－５３０９ tonight.", "D"),
    "Arabic-Indic digits, SSN with no label": ("SSN given as ٠٧٨-٠٥-١١٢٠ on intake.", "G"),
    "Extended Arabic-Indic digits, date": ("Admitted ۰۳/۱۴/۲۰۲۳ with sepsis.", "C"),
    "fullwidth digits, MRN": ("MRN ０４４２３１７ on the wristband.", "H"),
    "zero-width space inside a number": ("Call 617-555-\u200b0199 after six.", "D"),
    "soft hyphen inside a name": ("Seen by Dr. Whit\u00adfield this morning.", "A"),
    "zero-width joiner inside a name": ("Her daughter Mar\u200dgaret called.", "A"),
    "en-dash separators": ("Call 617–555–0199 after six.", "D"),
    "em-dash date": ("Admitted 2023—03—14 with sepsis.", "C"),
    "Cyrillic look-alike letters": (
        "Seen by Dr. \u0405m\u0456th, \u0440\u0430ged by \u041c\u0430ri\u0430 this morning.",
        "A",
    ),
    "mathematical-bold letters": (
        "Seen by Dr. \U0001d416\U0001d42b\U0001d422\U0001d41f\U0001d41f\U0001d422\U0001d427.",
        "A",
    ),
    "ligature": ("Seen by Dr. Gri\ufb03n this morning.", "A"),
    "decomposed accents": ("Seen by Dr. Nu\u0301n\u0303ez this morning.", "A"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_disguised_identifier_is_found_with_its_span_as_written(case: str) -> None:
    text, category = HOSTILE[case]
    findings = [(c, excerpt) for c, excerpt in found(text) if c == category]
    assert findings, found(text)
    # The span is the author's own text: it starts and ends on the disguised identifier.
    excerpt = findings[0][1]
    assert excerpt and excerpt in text
    assert excerpt[-1].isalnum() or not excerpt.isascii()


def test_decomposed_accents_keep_the_whole_name() -> None:
    text = "Seen by Dr. Nu\u0301n\u0303ez this morning."
    assert ("A", "Dr. Nu\u0301n\u0303ez") in found(text)


def test_a_zero_width_space_stays_inside_the_span() -> None:
    text = "Call 617-555-\u200b0199 after six."
    assert ("D", "617-555-\u200b0199") in found(text)


def test_plain_ascii_is_its_own_view() -> None:
    text = "Seen by Dr. Smith on 3/14."
    view = normalised(text)
    assert view.text is text
    assert view.original_span(8, 17) == (8, 17)


def test_the_view_maps_every_span_back_inside_the_text() -> None:
    text = "Ｄｒ. Ѕmith\u200b saw ﬁve patients on ０３/１４; Nu\u0301n\u0303ez too."
    view = normalised(text)
    assert view.text == "Dr. Smith saw five patients on 03/14; Núñez too."
    for start in range(len(view.text)):
        for end in range(start + 1, len(view.text) + 1):
            original_start, original_end = view.original_span(start, end)
            assert 0 <= original_start < original_end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "\ud800",
        "Dr. \ud800Smith on 3/14",
        "Call 617-555-\udfff0199",
        "\u200b\u200b\u200b",
        "\u0301\u0301 Smith",
        "\ufeffMRN 0442317",
        "a\u0000b\u202e\u2066Dr. Lee",
    ],
)
def test_screening_never_raises_on_any_string(text: str) -> None:
    for item in describe("body", text):
        assert 0 <= item["start"] < item["end"] <= len(text)
        assert len(item["span_hash"]) == 64
    decide({"body": text})


def test_a_lone_surrogate_inside_a_finding_is_hashed() -> None:
    text = "Seen by Dr. Whit\ud800field today."
    findings = describe("body", text)
    assert any(item["category"] == "A" and "\ud800" in item["excerpt"] for item in findings)
