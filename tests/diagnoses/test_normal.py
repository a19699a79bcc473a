"""Pooling keys: when two written diagnoses are the same diagnosis."""

from __future__ import annotations

import pytest

from casecrowd.diagnoses.normal import KEY_LENGTH, diagnosis_key, merged_keys


def test_the_issues_three_spellings_of_still_disease_count_as_one():
    keys = [
        diagnosis_key("Still disease"),
        diagnosis_key("adult-onset Still's disease"),
        diagnosis_key("AOSD", "M06.1"),
    ]
    assert set(merged_keys(keys).values()) == {"icd:M06.1"}


@pytest.mark.parametrize(
    ("diagnosis", "code"),
    [
        ("anything", "M06.1"),
        ("anything", "m061"),
        ("M06.1", None),
        ("m061", None),
        (" M06.1 ", None),
    ],
)
def test_a_code_given_or_typed_as_the_text_keys_by_the_code(diagnosis, code):
    assert diagnosis_key(diagnosis, code) == "icd:M06.1"


@pytest.mark.parametrize(
    "diagnosis", ["Parkinson disease", "Parkinson's disease", "PARKINSON’S DISEASE", "parkinson"]
)
def test_text_that_is_exactly_one_codes_description_gets_that_code(diagnosis):
    assert diagnosis_key(diagnosis) == "icd:G20"


def test_a_description_a_code_shares_with_its_descendants_names_the_topmost():
    # A00 "Cholera" and A00.9 "Cholera, unspecified" have the same words.
    assert diagnosis_key("Cholera") == "icd:A00"


def test_a_description_unrelated_codes_share_names_none_of_them():
    # A01.1 "Paratyphoid fever A" and A01.4 "Paratyphoid fever, unspecified".
    assert diagnosis_key("Paratyphoid fever") == "text:fever paratyphoid"


def test_a_code_not_in_the_code_set_is_ignored_for_the_text():
    assert diagnosis_key("Parkinson disease", "M06.7") == "icd:G20"
    assert diagnosis_key("Kikuchi disease", "M06.7") == "text:kikuchi"


@pytest.mark.parametrize(
    "spelling",
    [
        "Kikuchi-Fujimoto disease",
        "kikuchi fujimoto",
        "Fujimoto–Kikuchi's Disease, unspecified",
        "  KIKUCHI/FUJIMOTO syndrome  ",
        "Kikuchi, Fujimoto, Kikuchi",
    ],
)
def test_text_keys_are_the_sorted_distinct_words_without_filler(spelling):
    assert diagnosis_key(spelling) == "text:fujimoto kikuchi"


def test_accents_are_stripped_and_case_folded():
    assert diagnosis_key("Ménétrier-Ébola fièvre") == "text:ebola fievre menetrier"
    assert diagnosis_key("Ménière's disease") == diagnosis_key("MENIERE disease")


def test_a_diagnosis_of_filler_words_only_keeps_them():
    assert diagnosis_key("Disease") == "text:disease"
    assert diagnosis_key("the syndrome") == "text:syndrome the"


def test_text_without_words_keys_by_itself():
    assert diagnosis_key(" ??? ") == "text:???"


def test_keys_fit_their_column():
    long = " ".join(f"word{i}" for i in range(40))  # 200 characters of distinct words
    assert len(diagnosis_key(long)) == KEY_LENGTH


def test_a_code_merges_into_its_topmost_ancestor_in_the_pool():
    merged = merged_keys(["icd:G20.A1", "icd:G20.A", "icd:G20"])
    assert merged == {"icd:G20.A1": "icd:G20", "icd:G20.A": "icd:G20", "icd:G20": "icd:G20"}
    assert merged_keys(["icd:G20.A1", "icd:G20.A"])["icd:G20.A1"] == "icd:G20.A"


def test_sibling_codes_stay_apart():
    assert merged_keys(["icd:G20.A1", "icd:G20.A2"]) == {
        "icd:G20.A1": "icd:G20.A1",
        "icd:G20.A2": "icd:G20.A2",
    }


def test_a_text_merges_into_the_one_key_whose_words_contain_its_own():
    assert merged_keys(["text:still", "icd:M06.1"])["text:still"] == "icd:M06.1"
    assert merged_keys(["text:kikuchi", "text:fujimoto kikuchi"])["text:kikuchi"] == (
        "text:fujimoto kikuchi"
    )


def test_a_text_merges_when_all_its_supersets_count_as_one_key():
    merged = merged_keys(["text:still", "text:onset still", "icd:M06.1"])
    assert set(merged.values()) == {"icd:M06.1"}


def test_a_text_merges_into_what_its_code_merges_into():
    # M06.1 counts as M06 beside it, so "still" (a subset of M06.1's words) does too.
    merged = merged_keys(["text:still", "icd:M06.1", "icd:M06"])
    assert merged["text:still"] == "icd:M06"


def test_an_ambiguous_subset_does_not_merge():
    merged = merged_keys(["text:still", "icd:M06.1", "text:juvenile still"])
    assert merged == {
        "text:still": "text:still",
        "icd:M06.1": "icd:M06.1",
        "text:juvenile still": "text:juvenile still",
    }


def test_only_a_proper_subset_merges():
    merged = merged_keys(["text:adult onset still", "icd:M06.1"])
    assert merged["text:adult onset still"] == "text:adult onset still"


def test_a_superset_text_does_not_merge_into_its_subset():
    merged = merged_keys(["text:kikuchi", "text:fujimoto kikuchi"])
    assert merged["text:fujimoto kikuchi"] == "text:fujimoto kikuchi"


def test_a_key_without_words_or_an_unknown_code_stays_itself():
    merged = merged_keys(["text:", "icd:M06.7", "text:still", "icd:M06.1"])
    assert merged["text:"] == "text:"
    assert merged["icd:M06.7"] == "icd:M06.7"


def test_merging_does_not_depend_on_the_order_of_the_keys():
    keys = ["text:still", "text:onset still", "icd:M06.1", "text:kikuchi", "icd:G20.A1", "icd:G20"]
    assert merged_keys(keys) == merged_keys(reversed(keys))
    assert merged_keys(keys + keys) == merged_keys(keys)


def test_an_empty_pool_merges_nothing():
    assert merged_keys([]) == {}
