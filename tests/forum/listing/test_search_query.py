"""The search query language: what a member types becomes tokens, never syntax."""

from __future__ import annotations

import pytest

from casecrowd.forum.service.search_query import SearchTerms, parse


def test_words_are_lower_cased_tokens_of_letters_and_digits():
    terms = parse("Fracture, HIP; covid-19 Sjögren's", 12)
    assert terms.words == ("fracture", "hip", "covid", "19", "sjögren")
    assert terms.prefixes == () and terms.phrases == ()


def test_common_english_words_are_dropped():
    assert parse("the fracture of a hip AND NOT or", 12).words == ("fracture", "hip")
    assert not parse("the of and", 12)


def test_a_trailing_star_makes_the_last_token_a_prefix():
    terms = parse("hemato* covid-19* *lupus x*y fract**", 12)
    assert terms.prefixes == ("hemato", "19", "fract")
    assert terms.words == ("covid", "lupus", "x", "y")


def test_a_star_after_punctuation_or_alone_is_a_separator():
    assert not parse("* ** (*) -*", 12)
    assert parse("fracture)*", 12) == SearchTerms(words=("fracture",))


def test_a_stop_word_prefix_is_dropped_like_the_word():
    assert not parse("the*", 12)


def test_phrases_keep_inner_common_words_and_drop_those_at_the_ends():
    terms = parse('"the fracture of the hip" "in the" "lupus"', 12)
    assert terms.phrases == (("fracture", "of", "the", "hip"),)
    assert terms.words == ("lupus",)


def test_an_unclosed_quote_leaves_plain_words():
    terms = parse('"hip fracture', 12)
    assert terms.words == ("hip", "fracture") and terms.phrases == ()


def test_repeats_are_dropped_and_the_number_of_terms_is_capped():
    assert parse("hip hip HIP", 12).words == ("hip",)
    terms = parse(" ".join(f"w{n}" for n in range(30)) + ' "a b" c*', 5)
    assert terms.words == ("w0", "w1", "w2", "w3", "w4")
    assert terms.phrases == () and terms.prefixes == ()


def test_overlong_tokens_are_ignored():
    assert parse("x" * 65 + " hip", 12).words == ("hip",)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hip", '"hip"'),
        ("hemato*", '"hemato" *'),
        ('"hip fracture" warfarin', '"warfarin" AND "hip fracture"'),
        ("NEAR(hip) AND x:y", '"near" AND "hip" AND "x" AND "y"'),
    ],
)
def test_the_fts5_expression_quotes_every_token(query, expected):
    assert parse(query, 12).fts5() == expected


def test_the_fingerprint_names_the_terms_not_the_spelling():
    assert parse("Hip  fracture", 12).fingerprint() == parse("hip, FRACTURE!", 12).fingerprint()
    assert parse("hip fracture", 12).fingerprint() != parse('"hip fracture"', 12).fingerprint()
    assert parse("hip", 12).fingerprint() != parse("hip*", 12).fingerprint()
