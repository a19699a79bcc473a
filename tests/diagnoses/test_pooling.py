"""The crowd differential, on examples whose points and order are worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from casecrowd.diagnoses.pooling import PooledEntry, answer_weight, pool


def dx(*names: str | tuple[str, str]) -> list[dict]:
    return [
        {"diagnosis": name[0], "code": name[1], "note": ""}
        if isinstance(name, tuple)
        else {"diagnosis": name, "note": ""}
        for name in names
    ]


@pytest.mark.parametrize(
    ("score", "weight"),
    [
        (0, Fraction(1)),
        (1, Fraction(2)),
        (5, Fraction(6)),
        (-1, Fraction(1, 2)),
        (-3, Fraction(1, 4)),
    ],
)
def test_an_answer_weighs_by_its_votes_and_never_below_zero(score, weight):
    assert answer_weight(score) == weight


def test_worked_example_votes_outweigh_numbers():
    answers = [
        # score 0: weight 1
        (dx("Still disease", "Lymphoma", "Macrophage activation syndrome"), 0),
        # score 2: weight 1 + 2 = 3
        (dx("Lymphoma", "adult-onset Still's disease"), 2),
        # score -1: weight 1 / (1 - -1) = 1/2; "Still's disease" repeats rank 1 and counts once
        (dx(("AOSD", "M06.1"), "Still's disease", "Sepsis"), -1),
        # score 1: weight 2
        (dx("Sepsis", "Macrophage activation syndrome"), 1),
    ]
    # Still (M06.1): 1*1/1 + 3*1/2 + 1/2*1/1 = 1 + 3/2 + 1/2 = 3,    3 answers, ranks 1, 1, 2
    # Lymphoma:      1*1/2 + 3*1/1          = 1/2 + 3     = 7/2,  2 answers, ranks 1, 2
    # Sepsis:        1/2*1/3 + 2*1/1        = 1/6 + 2     = 13/6, 2 answers, ranks 1, 3
    # MAS:           1*1/3 + 2*1/2          = 1/3 + 1     = 4/3,  2 answers, ranks 2, 3
    assert pool(answers) == [
        PooledEntry("text:lymphoma", "Lymphoma", None, Fraction(7, 2), 2, [1, 2]),
        PooledEntry("icd:M06.1", "Adult-onset Still's disease", "M06.1", Fraction(3), 3, [1, 1, 2]),
        PooledEntry("text:sepsis", "Sepsis", None, Fraction(13, 6), 2, [1, 3]),
        PooledEntry(
            "text:activation macrophage",
            "Macrophage activation syndrome",
            None,
            Fraction(4, 3),
            2,
            [2, 3],
        ),
    ]


def test_without_votes_it_is_inverse_rank_weighting():
    answers = [(dx("Alpha fever", "Zeta fever"), 0), (dx("Zeta fever", "Alpha fever"), 0)]
    # each: 1/1 + 1/2 = 3/2, 2 answers, ranks 1, 2: a full tie, broken by key
    assert [(e.key, e.points) for e in pool(answers)] == [
        ("text:alpha fever", Fraction(3, 2)),
        ("text:fever zeta", Fraction(3, 2)),
    ]


def test_equal_points_more_answers_first_then_key():
    answers = [(dx("Zeta fever", "Other fever"), 0), (dx("Alpha fever", "Other fever"), 0)]
    # Other: 1/2 + 1/2 = 1 in 2 answers; Zeta: 1 in 1; Alpha: 1 in 1 (key "alpha..." < "fever zeta")
    assert [(e.diagnosis, e.points, e.answers) for e in pool(answers)] == [
        ("Other fever", Fraction(1), 2),
        ("Alpha fever", Fraction(1), 1),
        ("Zeta fever", Fraction(1), 1),
    ]


def test_equal_points_and_answers_better_rank_first():
    answers = [(dx("Zeta fever"), -1), (dx("Other fever", "Alpha fever"), 0)]
    # Other: 1; Zeta: 1/2 * 1/1 = 1/2 at rank 1; Alpha: 1 * 1/2 = 1/2 at rank 2
    assert [(e.diagnosis, e.points, e.ranks) for e in pool(answers)] == [
        ("Other fever", Fraction(1), [1]),
        ("Zeta fever", Fraction(1, 2), [1]),
        ("Alpha fever", Fraction(1, 2), [2]),
    ]


def test_a_diagnosis_listed_twice_counts_once_at_its_best_rank():
    [entry, other] = pool([(dx("Sepsis", "Lymphoma", "sepsis"), 0)])
    assert (entry.key, entry.points, entry.answers, entry.ranks) == ("text:sepsis", 1, 1, [1])
    assert (other.key, other.points) == ("text:lymphoma", Fraction(1, 2))


def test_codes_pool_with_their_ancestors_and_texts():
    answers = [(dx(("PD", "G20.A1")), 0), (dx("Parkinson disease"), 0), (dx("G20"), 0)]
    [entry] = pool(answers)
    assert (entry.key, entry.diagnosis, entry.code) == ("icd:G20", "Parkinson's disease", "G20")
    assert (entry.points, entry.answers, entry.ranks) == (3, 3, [1, 1, 1])


def test_a_text_entry_shows_the_text_most_answers_used():
    answers = [
        (dx("Kikuchi disease"), 0),
        (dx("Kikuchi-Fujimoto disease"), 0),
        (dx("Kikuchi disease"), 0),
    ]
    [entry] = pool(answers)
    assert (entry.key, entry.diagnosis) == ("text:fujimoto kikuchi", "Kikuchi disease")


def test_a_tie_in_texts_shows_the_earliest_answers():
    answers = [(dx("Kikuchi-Fujimoto disease"), 0), (dx("Kikuchi disease"), 0)]
    assert pool(answers)[0].diagnosis == "Kikuchi-Fujimoto disease"
    assert pool(list(reversed(answers)))[0].diagnosis == "Kikuchi disease"


def test_ranks_are_ascending_whatever_the_answer_order():
    answers = [(dx("Other fever", "Sepsis"), 0), (dx("Sepsis"), 0), (dx("a", "b", "Sepsis"), 0)]
    assert pool(answers)[0].ranks == [1, 2, 3]


def test_answers_without_a_differential_add_nothing():
    assert pool([]) == []
    assert pool([([], 5), ([], 0)]) == []
    assert pool([([], 5), (dx("Sepsis"), 0)]) == [
        PooledEntry("text:sepsis", "Sepsis", None, Fraction(1), 1, [1])
    ]


def test_pooling_is_deterministic():
    answers = [(dx("Still disease", "Sepsis"), 1), (dx(("AOSD", "M06.1"), "Lymphoma"), -2)]
    assert pool(answers) == pool([(list(items), score) for items, score in answers])
