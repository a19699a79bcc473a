"""Crowd diagnosis in the client: coded --dx, outcome, dx, case show and verify --crowd."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import update

from casecrowd.db import db
from casecrowd.forum.models import Answer, Case
from tests.client.support import Physician, registered_member

BUSY = {
    "forum": {
        "limits": {"new_pseudonym_days": 0, "posts": "1000/minute", "votes": "1000/minute"},
    }
}
STILL = "Adult-onset Still's disease"  # the code set's description of M06.1
UNKNOWN_CODE = "'M06.99' is not an ICD-10-CM code"
BLIND_NOTICE = "This case is blind: its answers and the crowd differential stay hidden"


@pytest.fixture
def server(served):
    return served(BUSY)


@pytest.fixture
def peer(server, tmp_path):
    return registered_member(server, tmp_path, "peer")


def signed_differential(page: dict[str, Any], answer_id: int) -> list[dict[str, Any]]:
    (item,) = [
        i for i in page["verification"]["items"] if (i["item"], i["id"]) == ("answer", answer_id)
    ]
    assert item["status"] == "verified", item
    return item["signed"]["differential"]


# -- answer --dx -------------------------------------------------------------------------


def test_dx_accepts_a_code_a_bracketed_code_and_text_that_names_one(peer, case_id):
    posted = peer.json(
        "answer",
        case_id,
        "Likely Still's; lymphoma must be excluded.",
        "--dx",
        "m061 | ferritin over 10000",
        "--dx",
        "Non-Hodgkin lymphoma [c85.9]",
        "--dx",
        "Parkinson's disease",
        "--dx",
        "Familial Mediterranean fever variant",
    )
    page = peer.json("case", "show", case_id)
    # What the physician signed: canonical codes, the code set's text for a bare code,
    # the code of the one description a text names word for word, free text as typed.
    assert signed_differential(page, posted["answer_id"]) == [
        {"diagnosis": STILL, "code": "M06.1", "note": "ferritin over 10000"},
        {"diagnosis": "Non-Hodgkin lymphoma", "code": "C85.9", "note": ""},
        {"diagnosis": "Parkinson's disease", "code": "G20", "note": ""},
        {"diagnosis": "Familial Mediterranean fever variant", "note": ""},
    ]
    shown = peer.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    assert f"1. {STILL} (M06.1) — ferritin over 10000" in shown.stdout
    assert "4. Familial Mediterranean fever variant" in shown.stdout


@pytest.mark.parametrize(
    ("dx", "message"),
    [
        ("M06.99", UNKNOWN_CODE),
        ("Still disease [M06.99]", UNKNOWN_CODE),
        ("Still disease []", "'' is not an ICD-10-CM code"),
        (" | a note without a diagnosis", "--dx needs a diagnosis"),
    ],
)
def test_a_bad_dx_is_a_usage_error_and_nothing_is_sent(peer, case_id, dx, message):
    refused = peer.run("answer", case_id, "An answer.", "--dx", "m061", "--dx", dx)
    assert refused.exit_code == 2, refused.stdout
    assert message in refused.stderr
    assert peer.json("case", "show", case_id)["answers"] == []


def test_edit_answer_recodes_the_differential_and_refuses_an_unknown_code(peer, case_id):
    posted = peer.json("answer", case_id, "Still's, probably.", "--dx", "Still disease")
    refused = peer.run("edit", "answer", posted["answer_id"], "--dx", "M06.99")
    assert refused.exit_code == 2 and UNKNOWN_CODE in refused.stderr
    assert peer.json("edit", "answer", posted["answer_id"], "--dx", "M06.1")["revision"] == 2
    page = peer.json("case", "show", case_id)
    assert signed_differential(page, posted["answer_id"]) == [
        {"diagnosis": STILL, "code": "M06.1", "note": ""}
    ]
    assert page["answers"][0]["revision"] == 2


# -- outcome and accuracy ----------------------------------------------------------------


def test_outcome_records_a_coded_final_diagnosis_and_scores_the_answers(author, peer, case_id):
    peer.json("answer", case_id, "Still's first.", "--dx", "Still disease", "--dx", "Lymphoma")
    recorded = author.run("outcome", case_id, "Responded to anakinra.", "--dx", "m061")
    assert recorded.exit_code == 0, recorded.stderr
    page = author.json("case", "show", case_id)
    assert f"(proof {page['outcome_proof_id']})" in recorded.stdout
    assert f"final diagnosis {STILL} (M06.1)" in recorded.stdout
    assert page["final_diagnosis"] == {"diagnosis": STILL, "code": "M06.1"}
    assert page["outcome"] == "Responded to anakinra." and page["status"] == "solved"
    (outcome,) = [i for i in page["verification"]["items"] if i["item"] == "outcome"]
    assert outcome["status"] == "verified"
    assert outcome["signed"]["final_diagnosis"] == {"diagnosis": STILL, "code": "M06.1"}
    # The answer ranked it first: one scored answer, a top-1 and top-3 hit, count shown.
    (answer,) = page["answers"]
    accuracy = answer["author_accuracy"]
    assert (accuracy["scored"], accuracy["top1"], accuracy["top3"]) == (1, 1.0, 1.0)
    shown = author.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    assert f"Final diagnosis\n{STILL} (M06.1)" in shown.stdout
    assert "dx 1/1 top-3, 1/1 top-1" in shown.stdout
    assert "final diagnosis at rank 1" in shown.stdout


def test_an_outcome_needs_text_or_a_known_diagnosis(author, case_id):
    for args, message in [
        ((), "no outcome: give it as an argument"),
        (("--dx", "M06.99"), UNKNOWN_CODE),
    ]:
        refused = author.run("outcome", case_id, *args)
        assert refused.exit_code == 2, refused.stdout
        assert message in refused.stderr
    assert author.json("case", "show", case_id)["outcome_proof_id"] is None


def test_only_the_case_author_records_the_outcome(peer, case_id):
    refused = peer.run("outcome", case_id, "--dx", "M06.1")
    assert refused.exit_code == 1, refused.stdout
    assert peer.json("case", "show", case_id)["final_diagnosis"] is None


def test_a_final_diagnosis_rewritten_in_the_database_is_caught(server, author, case_id):
    author.json("outcome", case_id, "--dx", "M06.1")
    with server.app.app_context():
        db.session.execute(
            update(Case).where(Case.id == case_id).values(final_diagnosis={"diagnosis": "Lymphoma"})
        )
        db.session.commit()
    shown = author.run("case", "show", case_id)
    assert shown.exit_code == 6
    # The signed final diagnosis is shown, marked; the forged one never is.
    assert f"Final diagnosis [differs from the signed text]\n{STILL} (M06.1)" in shown.stdout
    assert "Lymphoma" not in shown.stdout
    assert "the forum shows a final_diagnosis that differs" in shown.stderr


# -- dx ----------------------------------------------------------------------------------


def test_dx_finds_codes_by_words_and_by_code(author):
    by_words = author.run("dx", "still disease")
    assert by_words.exit_code == 0, by_words.stderr
    assert "M06.1" in by_words.stdout and STILL in by_words.stdout
    assert "icd-10-cm" in by_words.stdout
    items = author.json("dx", "M06", "--limit", "3")["items"]
    assert len(items) == 3 and items[0]["code"] == "M06"
    assert author.run("dx", "still", "--limit", "0").exit_code == 2
    assert "No diagnosis matches 'zzqx'." in author.run("dx", "zzqx").stdout


def test_dx_lists_what_members_wrote_with_its_uses(author, peer, case_id):
    peer.json("answer", case_id, "Periodic fever.", "--dx", "Familial periodic fever variant")
    found = author.run("dx", "familial periodic")
    assert found.exit_code == 0, found.stderr
    assert "Familial periodic fever variant" in found.stdout
    assert "members (1 use)" in found.stdout


# -- the crowd differential --------------------------------------------------------------


@dataclass
class Crowd:
    case_id: int
    first: int  # answer ids
    second: int


def crowd_case(server, tmp_path, author: Physician, peer: Physician) -> Crowd:
    """Two answers, the second upvoted once (weight 2), the first's vote withdrawn.

    By hand: "Still disease" merges into M06.1 (its words are part of M06.1's description).
    M06.1: first answer rank 1 (1 x 1) + second rank 2 (2 x 1/2) = 2 points, ranks 1, 2.
    Lymphoma: first rank 2 (1 x 1/2) + second rank 1 (2 x 1) = 2.5 points, ranks 1, 2.
    So lymphoma leads.
    """
    case_id = author.json("case", "new", "--file", author.write_case())["case_id"]
    voter = registered_member(server, tmp_path, "voter")
    first = peer.json("answer", case_id, "Still's.", "--dx", "M06.1", "--dx", "Lymphoma")
    second = voter.json("answer", case_id, "Lymphoma.", "--dx", "Lymphoma", "--dx", "Still disease")
    author.json("vote", "answer", second["answer_id"], "up")
    peer.json("vote", "answer", second["answer_id"], "up")
    peer.json("vote", "answer", second["answer_id"], "none")
    author.json("vote", "answer", first["answer_id"], "up")
    author.json("vote", "answer", first["answer_id"], "none")
    return Crowd(case_id, first["answer_id"], second["answer_id"])


def test_case_show_prints_the_crowd_differential_with_its_support(server, tmp_path, author, peer):
    crowd = crowd_case(server, tmp_path, author, peer)
    page = author.json("case", "show", crowd.case_id)
    pooled = page["crowd_differential"]
    assert pooled["answers_pooled"] == 2
    assert [(e["key"], e["points"], e["answers"], e["ranks"]) for e in pooled["entries"]] == [
        ("text:lymphoma", 2.5, 2, [1, 2]),
        ("icd:M06.1", 2.0, 2, [1, 2]),
    ]
    shown = author.run("case", "show", crowd.case_id)
    assert shown.exit_code == 0, shown.stderr
    assert "Crowd differential, pooled from 2 answer(s)" in shown.stdout
    assert "1. Lymphoma — 2.50 points · listed by 2 answers at ranks 1, 2" in shown.stdout
    assert f"2. {STILL} (M06.1) — 2.00 points · listed by 2 answers at ranks 1, 2" in shown.stdout
    assert f"casecrowd verify --crowd {crowd.case_id}" in shown.stdout


def test_verify_crowd_matches_on_an_honest_forum(server, tmp_path, author, peer):
    crowd = crowd_case(server, tmp_path, author, peer)
    checked = author.run("verify", "--crowd", crowd.case_id)
    assert checked.exit_code == 0, checked.stderr
    assert (
        "Crowd differential recomputed from 2 signed answers and 3 signed votes: matches"
        in checked.stdout
    )
    report = author.json("verify", "--crowd", crowd.case_id)
    assert report["matches"] and report["problems"] == [] and report["differences"] == []
    served = author.json("case", "show", crowd.case_id)["crowd_differential"]
    assert report["recomputed"] == served


@pytest.mark.parametrize(
    ("column", "value", "difference"),
    [
        ("differential", [{"diagnosis": "Lymphoma", "note": ""}], "the forum shows ranks [1, 1]"),
        ("score", 7, "points"),
    ],
)
def test_verify_crowd_catches_a_forum_that_rewrote_an_answer(
    server, tmp_path, author, peer, column, value, difference
):
    crowd = crowd_case(server, tmp_path, author, peer)
    with server.app.app_context():
        db.session.execute(update(Answer).where(Answer.id == crowd.first).values({column: value}))
        db.session.commit()
    checked = author.run("verify", "--crowd", crowd.case_id)
    assert checked.exit_code == 6, checked.stdout
    assert "does not match the forum's" in checked.stderr
    assert difference in checked.stderr
    report = author.json("verify", "--crowd", crowd.case_id, expect=6)
    assert not report["matches"] and report["differences"]
    # Recomputed from the signed envelopes: still the honest ranking.
    assert [e["key"] for e in report["recomputed"]["entries"]] == ["text:lymphoma", "icd:M06.1"]


def test_verify_takes_a_proof_or_crowd(author, case_id):
    assert author.run("verify").exit_code == 2
    assert author.run("verify", "1", "--crowd", case_id).exit_code == 2


# -- blind cases -------------------------------------------------------------------------


def test_a_blind_case_says_why_its_answers_are_missing_until_you_answer(
    server, tmp_path, author, peer
):
    case_id = author.json("case", "new", "--file", author.write_case(), "--blind")["case_id"]
    peer.json("answer", case_id, "Still's.", "--dx", "M06.1")
    stranger = registered_member(server, tmp_path, "stranger")

    shown = stranger.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    assert BLIND_NOTICE in shown.stdout
    assert f"(casecrowd answer {case_id} --dx ...)" in shown.stdout
    assert "They show to everyone from " in shown.stdout and "Still's." not in shown.stdout
    refused = stranger.run("verify", "--crowd", case_id)
    assert refused.exit_code == 6 and f"case {case_id} is blind to you" in refused.stderr

    stranger.json("answer", case_id, "Lymphoma first.", "--dx", "Lymphoma")
    opened = stranger.run("case", "show", case_id)
    assert opened.exit_code == 0, opened.stderr
    assert BLIND_NOTICE not in opened.stdout and "Still's." in opened.stdout
    assert "Crowd differential, pooled from 2 answer(s)" in opened.stdout
    assert stranger.run("verify", "--crowd", case_id).exit_code == 0


# -- crowd statistics --------------------------------------------------------------------


def test_stats_draws_individual_and_pooled_top3_rates(server, tmp_path, author, peer, case_id):
    other = registered_member(server, tmp_path, "other")
    peer.json("answer", case_id, "Still's.", "--dx", "Still disease", "--dx", "Lymphoma")
    other.json("answer", case_id, "Lymphoma.", "--dx", "Lymphoma")
    author.json("outcome", case_id, "--dx", "M06.1")
    stats = author.json("stats")
    assert (stats["cases"], stats["individual_top3"]) == (1, 0.5)
    shown = author.run("stats")
    assert shown.exit_code == 0, shown.stderr
    assert "Final diagnosis in the top three, over 1 solved case(s)" in shown.stdout
    # Half the answers had it: half the bar, the rate, and what it rests on.
    half = "█" * 15 + "·" * 15
    assert f"individual   {half}  50.0% single answers" in shown.stdout
    assert f"groups of 1  {half}  50.0% 1 case(s), 2 group(s) pooled" in shown.stdout
    assert "groups of 9  no solved case has 9 scored answers yet" in shown.stdout


def test_case_show_points_to_each_poll_of_the_case(author, case_id):
    question = "Would you start anakinra before the marrow biopsy?"
    poll = author.json(
        "poll", "new", case_id, "--question", question, "--option", "yes", "--option", "no"
    )
    shown = author.run("case", "show", case_id)
    assert shown.exit_code == 0, shown.stderr
    poll_id = poll["poll_id"]
    assert f"Poll {poll_id}: {question} — casecrowd poll show {poll_id}" in shown.stdout
