"""The ICD-10-CM code set: canonical codes, descriptions, ancestry and completion."""

from __future__ import annotations

import pytest

from casecrowd.diagnoses import codes


@pytest.mark.parametrize("typed", ["M06.1", "m061", " M06.1 ", "m06.1", "M061"])
def test_a_typed_code_becomes_canonical(typed):
    assert codes.canonical_code(typed) == "M06.1"


@pytest.mark.parametrize(
    ("typed", "canonical"), [("g20", "G20"), ("s72001a", "S72.001A"), ("E11.9", "E11.9")]
)
def test_categories_and_subcategories_at_every_depth_are_codes(typed, canonical):
    assert codes.canonical_code(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "M06.7",  # the shape of a code, not in the code set
        "Z99.999",
        "",
        "   ",
        "M06.1.2",
        "M 06.1",
        "M0.61",
        "Still disease",
        "M05-M14",  # a block
        "13",  # a chapter
    ],
)
def test_anything_else_is_no_code(typed):
    assert codes.canonical_code(typed) is None


def test_describe_gives_the_code_sets_description():
    assert codes.describe("M06.1") == "Adult-onset Still's disease"
    assert codes.describe("G20") == "Parkinson's disease"


@pytest.mark.parametrize("not_canonical", ["m06.1", "M061", "M05-M14", "13", "M06.7"])
def test_describe_refuses_what_is_not_a_canonical_code(not_canonical):
    with pytest.raises(KeyError):
        codes.describe(not_canonical)


def test_ancestry_follows_the_code_hierarchy_without_blocks_or_chapters():
    assert codes.is_ancestor("G20", "G20.A1")
    assert codes.is_ancestor("G20.A", "G20.A1")
    assert not codes.is_ancestor("G20.A1", "G20")
    assert not codes.is_ancestor("G20", "G20")
    assert not codes.is_ancestor("G20.A2", "G20.A1")
    assert not codes.is_ancestor("G20-G26", "G20")
    assert codes.ancestors("S72.001A") == ("S72.001", "S72.00", "S72.0", "S72")
    assert codes.ancestors("M06.7") == ()


def test_completion_finds_descriptions_by_the_starts_of_their_words():
    found = codes.complete("rheum arth", 50)
    assert ("M06", "Other rheumatoid arthritis") in found
    assert all(
        "rheum" in description.lower() and "arth" in description.lower() for _, description in found
    )


def test_completion_puts_whole_words_and_short_descriptions_first():
    assert codes.complete("parkinson", 3)[0] == ("G20", "Parkinson's disease")
    # "still" begins "Stillbirth" too; the whole word comes first.
    assert codes.complete("still", 3)[0] == ("M06.1", "Adult-onset Still's disease")


def test_completion_ignores_case_accents_and_punctuation():
    assert codes.complete("STILL'S", 1) == codes.complete("still", 1)
    assert codes.complete("ménière", 1) == codes.complete("meniere", 1)


@pytest.mark.parametrize("prefix", ["m06", "M06", "M06."])
def test_completion_lists_a_code_prefix_general_codes_first(prefix):
    found = [code for code, _ in codes.complete(prefix, 5)]
    assert found[0] == "M06"
    assert found[1:] == ["M06.0", "M06.1", "M06.2", "M06.3"]


def test_completion_by_a_subcategory_prefix_stays_under_it():
    found = [code for code, _ in codes.complete("s72.00", 50)]
    assert found[0] == "S72.00"
    assert all(code.startswith("S72.00") for code in found)


@pytest.mark.parametrize("limit", [1, 7, 50])
def test_completion_returns_at_most_limit(limit):
    assert len(codes.complete("fracture", limit)) == limit
    assert len(codes.complete("m", limit)) == limit


@pytest.mark.parametrize("query", ["xqzvw", "parkinson xqzvw", "U99.9", "", " - "])
def test_completion_finds_nothing_for_what_no_code_says(query):
    assert codes.complete(query, 10) == []
