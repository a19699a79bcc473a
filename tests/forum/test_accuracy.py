"""Outcome scoring: where each answer ranked the final diagnosis, and the accuracy records."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum.models import AnswerScore, Case
from casecrowd.forum.service import accuracy
from tests.forum.crowd_support import CROWD_SETTINGS, STILL, answer, dx, new_case, outcome, scores
from tests.moderation.purge_support import purge


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(CROWD_SETTINGS))


def record(scored, top1, top3):
    return {"scored": scored, "top1": top1, "top3": top3}


def answer_accuracy(reader, case_id):
    detail = reader.get(f"/api/v1/cases/{case_id}").body
    return {a["id"]: a["author_accuracy"] for a in detail["answers"]}


def sent(reply, status=200):
    assert reply.status == status, reply.body
    return reply


def test_a_coded_final_diagnosis_scores_each_differential(forum_app, physician, author):
    case_id = new_case(author)
    doctors = [physician().join() for _ in range(6)]
    first = answer(doctors[0], case_id, dx(STILL, "Lymphoma"))
    # Text that pools with the code: a hit at rank 3.
    third = answer(doctors[1], case_id, dx("Lymphoma", "Sepsis", "Still disease"))
    fourth = answer(doctors[2], case_id, dx("Lymphoma", "Sepsis", "Sarcoidosis", "Still disease"))
    # The final diagnosis's ancestor code counts too.
    parent = answer(doctors[3], case_id, dx("Lymphoma", ("Other rheumatoid arthritis", "M06")))
    missed = answer(doctors[4], case_id, dx("Lymphoma"))
    unscored = answer(doctors[5], case_id, [])
    assert scores(forum_app, case_id) == {}

    sent(outcome(author, case_id, STILL))
    assert scores(forum_app, case_id) == {
        first: (1, 1),
        third: (1, 3),
        fourth: (1, 4),
        parent: (1, 2),
        missed: (1, None),
    }
    detail = author.get(f"/api/v1/cases/{case_id}").body
    ranks = {a["id"]: a["outcome_score"] for a in detail["answers"]}
    assert {a: (s["rank"], s["top1"], s["top3"]) for a, s in ranks.items() if s} == {
        first: (1, True, True),
        third: (3, False, True),
        fourth: (4, False, False),
        parent: (2, False, True),
        missed: (None, False, False),
    }
    assert ranks[unscored] is None
    shown = answer_accuracy(author, case_id)
    assert shown == {
        first: record(1, 1.0, 1.0),
        third: record(1, 0.0, 1.0),
        fourth: record(1, 0.0, 0.0),
        parent: record(1, 0.0, 1.0),
        missed: record(1, 0.0, 0.0),
        unscored: None,
    }
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["author_accuracy"] is None
    assert case["final_diagnosis"] == {"diagnosis": STILL[0], "code": STILL[1]}


def test_a_text_final_diagnosis_pools_with_longer_wordings(forum_app, physician, author):
    case_id = new_case(author)
    hit = answer(physician().join(), case_id, dx("Lymphoma", "Kikuchi-Fujimoto disease"))
    missed = answer(physician().join(), case_id, dx("Lymphoma", "Tuberculosis"))
    sent(outcome(author, case_id, "Kikuchi disease", text=""))
    assert scores(forum_app, case_id) == {hit: (1, 2), missed: (1, None)}


def test_a_corrected_outcome_rescores_the_same_revisions(forum_app, physician, author):
    case_id = new_case(author)
    doctors = [physician().join() for _ in range(3)]
    still = answer(doctors[0], case_id, dx(STILL, "Lymphoma"))
    lymphoma = answer(doctors[1], case_id, dx("Lymphoma", "Sepsis"))
    sent(outcome(author, case_id, STILL))
    assert scores(forum_app, case_id) == {still: (1, 1), lymphoma: (1, None)}

    # Edited once the diagnosis is public: the score stays the first revision's.
    sent(doctors[1].post("answer.edit", answer_id=lymphoma, differential=dx(STILL)))
    # Written after the outcome: never scored.
    late = answer(doctors[2], case_id, dx(STILL))
    assert scores(forum_app, case_id) == {still: (1, 1), lymphoma: (1, None)}

    sent(outcome(author, case_id, "Lymphoma"))
    assert scores(forum_app, case_id) == {still: (1, 2), lymphoma: (1, 1)}
    shown = answer_accuracy(author, case_id)
    assert shown[lymphoma] == record(1, 1.0, 1.0)
    assert shown[late] is None

    # The latest signed outcome is what the case says: one naming no diagnosis
    # withdraws the final one and the scores resting on it.
    sent(outcome(author, case_id, None, text="Discharged."))
    assert scores(forum_app, case_id) == {}
    assert author.get(f"/api/v1/cases/{case_id}").body["final_diagnosis"] is None
    sent(outcome(author, case_id, "Lymphoma"))
    assert scores(forum_app, case_id) == {still: (1, 2), lymphoma: (1, 1)}


def test_the_first_outcome_naming_a_diagnosis_fixes_what_is_scored(forum_app, physician, author):
    case_id = new_case(author)
    before = answer(physician().join(), case_id, dx("Lymphoma", STILL))
    sent(outcome(author, case_id, None, text="Better on steroids."))
    assert scores(forum_app, case_id) == {}
    # The outcome named nothing yet: an answer sent now still counts.
    between = answer(physician().join(), case_id, dx(STILL))
    sent(outcome(author, case_id, STILL))
    after = answer(physician().join(), case_id, dx(STILL))
    sent(outcome(author, case_id, STILL))
    assert scores(forum_app, case_id) == {before: (1, 2), between: (1, 1)}
    assert after not in scores(forum_app, case_id)


def test_an_outcome_with_an_unknown_code_is_refused_and_leaves_nothing(
    forum_app, physician, author
):
    case_id = new_case(author)
    answer(physician().join(), case_id, dx(STILL))
    reply = outcome(author, case_id, ("Something rare", "U99"))
    assert reply.status == 422, reply.body
    assert reply.body["type"].endswith(":unknown-diagnosis-code")
    assert scores(forum_app, case_id) == {}
    with forum_app.app_context():
        case = db.session.get(Case, case_id)
        assert (case.status, case.outcome, case.final_diagnosis) == ("open", None, None)
        assert case.outcome_envelope_id is None


def test_the_profile_shows_accuracy_overall_and_per_tag(forum_app, physician, author):
    doctor, newcomer = physician().join(), physician().join()
    rheumatology = new_case(author, tags=["rheumatology", "infectious-disease"])
    cardiology = new_case(author, tags=["cardiology", "rheumatology"])
    answer(doctor, rheumatology, dx(STILL))
    answer(doctor, cardiology, dx("Lymphoma", "Sepsis", "Sarcoidosis"))
    sent(outcome(author, rheumatology, STILL))
    sent(outcome(author, cardiology, "Sarcoidosis"))

    profile = author.get(f"/api/v1/pseudonyms/{doctor.handle}").body
    assert profile["reputation"] >= 1
    assert profile["accuracy"] == {
        **record(2, 0.5, 1.0),
        "by_tag": [
            {"tag": "rheumatology", **record(2, 0.5, 1.0)},
            {"tag": "cardiology", **record(1, 0.0, 1.0)},
            {"tag": "infectious-disease", **record(1, 1.0, 1.0)},
        ],
    }
    # Nothing scored: the count shows 0 and the rates are null, never 0.
    unscored = author.get(f"/api/v1/pseudonyms/{newcomer.handle}").body["accuracy"]
    assert unscored == {**record(0, None, None), "by_tag": []}
    # Next to reputation wherever the pseudonym writes.
    (shown,) = author.get(f"/api/v1/cases/{cardiology}").body["answers"]
    assert shown["author_accuracy"] == record(2, 0.5, 1.0)
    assert shown["author_reputation"] == profile["reputation"]


def test_accuracy_of_leaves_out_pseudonyms_never_scored(forum_app, physician, author):
    doctor = physician().join()
    case_id = new_case(author)
    answer(doctor, case_id, dx("Lymphoma"))
    sent(outcome(author, case_id, "Lymphoma"))
    with forum_app.app_context():
        rows = db.session.scalars(select(AnswerScore).where(AnswerScore.case_id == case_id))
        (doctor_id,) = {row.pseudonym_id for row in rows}
        author_id = db.session.get(Case, case_id).pseudonym_id
        assert accuracy.accuracy_of({doctor_id, author_id}) == {doctor_id: record(1, 1.0, 1.0)}
        assert accuracy.accuracy_of(set()) == {}
        db.session.remove()


def test_purges_keep_scores_and_what_was_scored(forum_app, physician, author):
    case_id = new_case(author)
    purged = answer(physician().join(), case_id, dx(STILL))
    kept = answer(physician().join(), case_id, dx("Lymphoma", STILL))
    sent(outcome(author, case_id, STILL))
    # The purged answer's differential is gone, its score (no text) stays.
    purge(forum_app, "answer", purged)
    sent(outcome(author, case_id, "Lymphoma"))
    assert scores(forum_app, case_id) == {purged: (1, 1), kept: (1, 1)}
    # The case's outcomes lose their text; the first still bounds what is scored.
    purge(forum_app, "case", case_id)
    late = answer(physician().join(), case_id, dx("Lymphoma"))
    sent(outcome(author, case_id, "Lymphoma"))
    assert scores(forum_app, case_id) == {purged: (1, 1), kept: (1, 1)}
    assert late not in scores(forum_app, case_id)
