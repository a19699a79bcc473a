"""Search finds a case by the diagnoses of its answers, coded or written out, on both backends."""

from __future__ import annotations

import pytest

from tests.forum.physician import Physician, case_fields
from tests.moderation.purge_support import purge

ROOMY = {"forum": {"limits": {"new_pseudonym_days": 0, "posts": "1000/minute"}}}
QUIET_BODY = "Fits the picture; examine gait and handwriting."
# A case whose own text says nothing of Parkinson's disease.
TREMOR_CASE = case_fields(
    title="Slowly progressive asymmetric tremor",
    tags=["neurology"],
    presentation="A resting tremor of the right hand for two years, now slower to walk.",
    history="No neuroleptics.",
    examination="Cogwheel rigidity on the right.",
    investigations="None yet.",
    question="What is the most likely diagnosis?",
)


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(ROOMY))


def found(reader: Physician, query: str) -> list[dict]:
    reply = reader.get(f"/api/v1/search?q={query}")
    assert reply.status == 200, reply.body
    return reply.body["items"]


def answered(author: Physician, answerer: Physician, differential: list[dict], **case) -> dict:
    case_id = author.post("case.create", **{**TREMOR_CASE, **case}).body["case_id"]
    reply = answerer.post(
        "answer.create", case_id=case_id, body=QUIET_BODY, differential=differential
    )
    assert reply.status == 201, reply.body
    return reply.body


def test_a_diagnosis_named_only_in_the_differential_finds_its_case(author, peer):
    written = answered(author, peer, [{"diagnosis": "Parkinson disease"}])
    coded = answered(author, peer, [{"diagnosis": "G20", "code": "G20"}])
    tremor = answered(author, peer, [{"diagnosis": "Essential tremor"}])
    items = found(author, "parkinson")
    assert [item["id"] for item in items] == [coded["case_id"], written["case_id"]]
    for item in items:
        # Found through the answer alone, with the diagnosis as the passage.
        assert item["rank"] == 1
        snippet = item["snippet"]
        assert "Parkinson" in snippet["text"]
        start, end = snippet["highlights"][0]["start"], snippet["highlights"][0]["end"]
        assert snippet["text"][start:end].lower().startswith("parkinson")
    # The code's description counts as the diagnosis's words, and the code as a word.
    assert [i["id"] for i in found(author, "g20")] == [coded["case_id"], written["case_id"]]
    assert [i["id"] for i in found(author, '"essential tremor"')] == [tremor["case_id"]]


def test_an_edited_differential_is_searched_as_it_now_reads(author, peer):
    answer = answered(author, peer, [{"diagnosis": "Parkinson disease"}])
    edit = peer.post(
        "answer.edit", answer_id=answer["answer_id"], differential=[{"diagnosis": "Wilson disease"}]
    )
    assert edit.status == 200, edit.body
    assert found(author, "parkinson") == []
    assert [item["id"] for item in found(author, "wilson")] == [answer["case_id"]]
    # The body is still searched beside the diagnoses.
    assert [item["id"] for item in found(author, "handwriting")] == [answer["case_id"]]


def test_a_purged_answers_diagnoses_are_no_longer_found(forum_app, author, peer):
    answer = answered(author, peer, [{"diagnosis": "Parkinson disease"}])
    purge(forum_app, "answer", answer["answer_id"])
    assert found(author, "parkinson") == []
    assert found(author, "handwriting") == []
    # The case's own text is untouched.
    assert [item["id"] for item in found(author, "cogwheel")] == [answer["case_id"]]


def test_a_blind_cases_diagnoses_find_it_only_for_those_who_may_see_its_answers(
    author, peer, physician
):
    answer = answered(author, peer, [{"diagnosis": "Parkinson disease"}], blind=True)
    stranger = physician().join()
    assert found(stranger, "parkinson") == []
    assert [item["id"] for item in found(author, "parkinson")] == [answer["case_id"]]
    assert [item["id"] for item in found(peer, "parkinson")] == [answer["case_id"]]
    own = stranger.post(
        "answer.create",
        case_id=answer["case_id"],
        body="Drug-induced parkinsonism is excluded by the history.",
        differential=[{"diagnosis": "Multiple system atrophy"}],
    )
    assert own.status == 201, own.body
    assert [item["id"] for item in found(stranger, "parkinson")] == [answer["case_id"]]
