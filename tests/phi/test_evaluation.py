"""The scanner meets its targets on the labelled evaluation set (tests/phi/eval)."""

from __future__ import annotations

import io

import pytest

from casecrowd.phi import CATEGORY_NAMES

from .evalset import CASINGS, MARK, in_casing, load, parse_note
from .score import report, score


@pytest.fixture(scope="module")
def development():
    return score(load("notes", "clean"))


@pytest.fixture(scope="module")
def blind():
    return score(load("blind"))


@pytest.fixture(scope="module")
def every_set():
    return score(load("notes", "clean", "holdout", "fresh", "blind", "final", "sealed"))


def test_every_category_is_in_the_set() -> None:
    marked = {span.category for note in load("notes", "holdout") for span in note.spans}
    assert marked == set(CATEGORY_NAMES)


def test_the_set_is_substantial() -> None:
    notes = load("notes", "clean")
    assert sum(bool(n.spans) for n in notes) >= 40
    assert sum(not n.spans for n in notes) >= 60


def test_the_blind_set_is_substantial() -> None:
    notes = load("blind")
    assert sum(bool(n.spans) for n in notes) >= 30
    assert sum(not n.spans for n in notes) >= 30


@pytest.mark.parametrize("category", sorted(CATEGORY_NAMES))
def test_span_recall_per_category(development, category: str) -> None:
    assert development.recall(category) >= 0.98, development.misses


@pytest.mark.parametrize("category", sorted(CATEGORY_NAMES))
def test_span_recall_per_category_on_the_blind_set(blind, category: str) -> None:
    assert blind.recall(category) >= 0.98, blind.misses


def test_few_false_flags_on_phi_free_notes(development) -> None:
    assert development.false_flag_rate <= 0.05, development.false_flags


def test_few_false_flags_on_every_phi_free_note(every_set) -> None:
    assert every_set.clean_notes >= 190
    assert every_set.false_flag_rate <= 0.05, every_set.false_flags


def test_scorer_prints_the_metrics(development) -> None:
    out = io.StringIO()
    report("development", development, verbose=False, out=out)
    text = out.getvalue()
    for label in (
        "recall",
        "character precision",
        "note-level flag precision",
        "note-level flag recall",
        "false flags on PHI-free notes",
    ):
        assert label in text


def test_markup_is_parsed_into_offsets() -> None:
    note = parse_note("x", "Seen by [[A:Dr. Lee]] on [[C:3/4]].")
    assert note.text == "Seen by Dr. Lee on 3/4."
    assert [(s.category, note.text[s.start : s.end]) for s in note.spans] == [
        ("A", "Dr. Lee"),
        ("C", "3/4"),
    ]
    assert MARK.search(note.text) is None


def test_unbalanced_markup_is_an_error() -> None:
    with pytest.raises(ValueError):
        parse_note("x", "Seen by [[A:Dr. Lee on 3/4.")


def test_a_missing_folder_fails_instead_of_scoring_nothing() -> None:
    with pytest.raises(FileNotFoundError):
        load("no-such-folder")


# Sets written for every letter case (see evalset), tuned against: each is scored as written,
# in capitals and in lower case. The floors are what the guard reaches today, so that no
# change loses ground unnoticed; the closing figures and the sealed sets are reported by
# ``python -m tests.phi.score --sealed``.
CASED_FLOORS = {
    # set: (recall, any overlap; PHI-free notes with any finding; with a finding that blocks)
    "icu_dev": (0.96, 0.04, 0.01),
    "icu_dev2": (0.95, 0.01, 0.01),
    "posts_dev": (0.94, 0.03, 0.01),
    "posts_dev2": (0.92, 0.03, 0.01),
    "icu_dev3": (0.97, 0.11, 0.01),
    "posts_dev3": (0.94, 0.15, 0.01),
    # Sealed sets once scored are spent and tuned against; floors at today's figures.
    "icu_sealed2": (0.97, 0.01, 0.01),
    "posts_sealed2": (0.96, 0.03, 0.01),
    "icu_sealed3": (0.97, 0.05, 0.01),
    "posts_sealed3": (0.94, 0.01, 0.01),
    "icu_sealed4": (0.93, 0.13, 0.03),
    "posts_sealed4": (0.94, 0.11, 0.01),
}


@pytest.fixture(scope="module")
def cased_scores():
    return {
        (folder, casing): score([in_casing(note, casing) for note in load(folder)])
        for folder in CASED_FLOORS
        for casing in CASINGS
    }


# The sets written for every letter case in one go; later sealed sets are half the size.
LARGE_CASED_SETS = ("icu_dev", "icu_dev2", "posts_dev", "posts_dev2", "icu_sealed", "posts_sealed")


@pytest.mark.parametrize("folder", LARGE_CASED_SETS)
def test_the_sets_for_every_letter_case_are_substantial(folder: str) -> None:
    notes = load(folder)
    assert sum(bool(n.spans) for n in notes) >= 60
    assert sum(not n.spans for n in notes) >= 45


@pytest.mark.parametrize("casing", sorted(CASINGS))
@pytest.mark.parametrize("folder", sorted(CASED_FLOORS))
def test_every_letter_case_keeps_its_floor(cased_scores, folder: str, casing: str) -> None:
    result = cased_scores[folder, casing]
    recall, flagged, blocked = CASED_FLOORS[folder]
    assert result.overlap_recall >= recall, result.misses
    assert result.false_flag_rate <= flagged, result.false_flags
    assert result.false_block_rate <= blocked, result.false_flags


def test_capitals_and_lower_case_are_scored_on_the_same_spans() -> None:
    note = parse_note("x", "Seen by [[A:Dr. Lee]] on [[C:3/4]].")
    upper = in_casing(note, "upper")
    assert upper.text == "SEEN BY DR. LEE ON 3/4."
    assert [upper.text[s.start : s.end] for s in upper.spans] == ["DR. LEE", "3/4"]
