"""The crowd differential a case shows: the answers' differentials pooled, weighted by votes."""

from __future__ import annotations

from fractions import Fraction

import pytest

from casecrowd.forum.models import Answer
from casecrowd.forum.service import crowd
from tests.forum.crowd_support import CROWD_SETTINGS, STILL, answer, dx, new_case
from tests.forum.test_hidden_content import set_state


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(CROWD_SETTINGS))


def crowd_of(reader, case_id):
    reply = reader.get(f"/api/v1/cases/{case_id}")
    assert reply.status == 200, reply.body
    return reply.body["crowd_differential"]


def summary(pooled):
    return [(e["key"], e["points"], e["answers"], e["ranks"]) for e in pooled["entries"]]


def test_worked_example_pooled_by_rank_and_votes(physician, author):
    """Three answers, one upvoted and one downvoted, worked out by hand.

    Weights: score +1 -> 2, score 0 -> 1, score -1 -> 1/2.
    "Still disease" (text) and M06.1 pool as one; each gives weight / rank.

        M06.1     A: 2/1          B: 1/2                 = 5/2   (2 answers)
        lymphoma  A: 2/2   B: 1/1        C: (1/2)/2      = 9/4   (3 answers)
        sepsis    A: 2/3                 C: (1/2)/1      = 7/6   (2 answers)

    Unweighted, lymphoma (2) would lead Still's (3/2): the votes decide.
    The answer without a differential adds nothing.
    """
    case_id = new_case(author)
    a = answer(physician().join(), case_id, dx("Still disease", "Lymphoma", "Sepsis"))
    answer(physician().join(), case_id, dx("Lymphoma", STILL))
    c = answer(physician().join(), case_id, dx("Sepsis", "Lymphoma"))
    answer(physician().join(), case_id, [])
    assert author.post("vote", target="answer", target_id=a, value=1).status == 200
    assert author.post("vote", target="answer", target_id=c, value=-1).status == 200

    pooled = crowd_of(author, case_id)
    assert pooled["answers_pooled"] == 3
    assert summary(pooled) == [
        ("icd:M06.1", 2.5, 2, [1, 2]),
        ("text:lymphoma", 2.25, 3, [1, 2, 2]),
        ("text:sepsis", pytest.approx(7 / 6), 2, [1, 3]),
    ]
    assert [e["rank"] for e in pooled["entries"]] == [1, 2, 3]
    first = pooled["entries"][0]
    assert (first["code"], first["diagnosis"]) == ("M06.1", "Adult-onset Still's disease")
    assert pooled["entries"][1]["code"] is None
    assert pooled["entries"][1]["diagnosis"] == "Lymphoma"


def test_equal_points_go_to_the_diagnosis_more_answers_listed(physician, author):
    """Sarcoidosis: 1/1 from one answer; tuberculosis: 1/2 + 1/2 from two. Both 1 point."""
    case_id = new_case(author)
    answer(physician().join(), case_id, dx("Sarcoidosis"))
    answer(physician().join(), case_id, dx("Lymphoma", "Tuberculosis"))
    answer(physician().join(), case_id, dx("Sepsis", "Tuberculosis"))
    entries = crowd_of(author, case_id)["entries"]
    assert [(e["key"], e["points"], e["answers"]) for e in entries] == [
        ("text:tuberculosis", 1.0, 2),
        # Equal points and answers: the key decides, so every reader gets this order.
        ("icd:D86", 1.0, 1),
        ("text:lymphoma", 1.0, 1),
        ("text:sepsis", 1.0, 1),
    ]


def test_a_diagnosis_listed_twice_counts_once_at_its_best_rank(physician, author):
    case_id = new_case(author)
    answer(physician().join(), case_id, dx("Lymphoma", "Still disease", STILL))
    assert summary(crowd_of(author, case_id)) == [
        ("text:lymphoma", 1.0, 1, [1]),
        ("icd:M06.1", 0.5, 1, [2]),
    ]


def test_votes_and_edits_move_the_crowd_differential(physician, author):
    case_id = new_case(author)
    first = physician().join()
    a = answer(first, case_id, dx("Lymphoma"))
    answer(physician().join(), case_id, dx("Sepsis"))
    # Equal: one answer each at rank 1; the key decides.
    assert [e["key"] for e in crowd_of(author, case_id)["entries"]] == [
        "text:lymphoma",
        "text:sepsis",
    ]
    assert author.post("vote", target="answer", target_id=a, value=-1).status == 200
    assert [e["points"] for e in crowd_of(author, case_id)["entries"]] == [1.0, 0.5]
    edited = first.post("answer.edit", answer_id=a, differential=dx(STILL))
    assert edited.status == 200, edited.body
    assert summary(crowd_of(author, case_id)) == [
        ("text:sepsis", 1.0, 1, [1]),
        ("icd:M06.1", 0.5, 1, [1]),
    ]


def test_no_differential_no_crowd_differential(physician, author):
    case_id = new_case(author)
    assert crowd_of(author, case_id) is None
    answer(physician().join(), case_id, [])
    assert crowd_of(author, case_id) is None


def test_an_answer_hidden_by_moderation_is_left_out(forum_app, physician, author):
    case_id = new_case(author)
    answer(physician().join(), case_id, dx("Lymphoma"))
    hidden = answer(physician().join(), case_id, dx("Sepsis", "Lymphoma"))
    set_state(forum_app, "answer", hidden, hidden=True)
    pooled = crowd_of(author, case_id)
    assert pooled["answers_pooled"] == 1
    assert summary(pooled) == [("text:lymphoma", 1.0, 1, [1])]


def test_points_are_the_exact_fractions_as_floats():
    answers = [
        Answer(differential=dx("Lymphoma", "Sepsis", "Sarcoidosis"), score=2),
        Answer(differential=[], score=5),
        Answer(differential=dx("Sarcoidosis"), score=-2),
    ]
    pooled = crowd.crowd_differential(answers)
    assert pooled["answers_pooled"] == 2
    points = {e["key"]: e["points"] for e in pooled["entries"]}
    # 3/1, 3/2, and 3/3 + (1/3)/1.
    assert points == {
        "text:lymphoma": 3.0,
        "text:sepsis": 1.5,
        "icd:D86": float(Fraction(4, 3)),
    }
    assert crowd.crowd_differential([Answer(differential=[], score=0)]) is None
    assert crowd.crowd_differential([]) is None
