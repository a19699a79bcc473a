"""Diagnoses in the forum: codes checked on every write, entries kept, completion, search."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.forum.models import Answer, Case, DifferentialEntry
from tests.conftest import deep_merge
from tests.forum.physician import Physician, case_fields
from tests.forum.test_appeals import ROOMY_LIMITS, problem_code
from tests.forum.test_hidden_content import set_state

ROOMY = deep_merge(ROOMY_LIMITS, {"forum": {"limits": {"edits": "100/minute"}}})
KIKUCHI = {"diagnosis": "Kikuchi-Fujimoto disease", "note": "Tender nodes."}
AOSD = {"diagnosis": "AOSD", "code": "M06.1", "note": "Ferritin this high."}


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(ROOMY))


def new_case(author: Physician, **changes) -> int:
    reply = author.post("case.create", **case_fields(**changes))
    assert reply.status == 201, reply.body
    return reply.body["case_id"]


def answer(doctor: Physician, case_id: int, *differential: dict) -> int:
    reply = doctor.post(
        "answer.create", case_id=case_id, body="My differential.", differential=list(differential)
    )
    assert reply.status == 201, reply.body
    return reply.body["answer_id"]


def complete(reader: Physician, query: str, limit: int | None = None) -> list[dict]:
    path = f"/api/v1/diagnoses?q={query}" + (f"&limit={limit}" if limit else "")
    reply = reader.get(path)
    assert reply.status == 200, reply.body
    return reply.body["items"]


def members(items: list[dict]) -> list[tuple[str, int]]:
    return [(item["diagnosis"], item["uses"]) for item in items if item["source"] == "members"]


def entries(app, answer_id: int) -> list[tuple[int, str, str | None, str]]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(DifferentialEntry)
            .where(DifferentialEntry.answer_id == answer_id)
            .order_by(DifferentialEntry.rank)
        )
        return [(row.rank, row.diagnosis, row.code, row.key) for row in rows]


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(Answer)),
            db.session.scalar(sa.select(sa.func.count()).select_from(DifferentialEntry)),
        )


# -- completion ---------------------------------------------------------------------


def test_completion_finds_the_code_set_by_words(author):
    items = complete(author, "rheum arth", 50)
    assert {"diagnosis": "Other rheumatoid arthritis", "code": "M06", "source": "icd-10-cm"} in (
        items
    )
    assert all("uses" not in item for item in items)


@pytest.mark.parametrize("prefix", ["m06", "M06.", "M06"])
def test_completion_finds_the_code_set_by_a_code_prefix(author, prefix):
    items = complete(author, prefix, 3)
    assert [item["code"] for item in items] == ["M06", "M06.0", "M06.1"]


def test_completion_finds_members_free_text_most_used_first(author, peer, physician):
    case_id = new_case(author)
    answer(peer, case_id, KIKUCHI, {"diagnosis": "Kikuchi lymphadenitis", "note": ""})
    third = physician().join()
    answer(third, case_id, {"diagnosis": "Kikuchi-Fujimoto syndrome", "note": ""})
    fourth = physician().join()
    answer(fourth, new_case(author), {"diagnosis": "Kikuchi-Fujimoto disease", "note": ""})
    found = complete(author, "kiku")
    # Both spellings of one key count together; the most used spelling shows.
    assert members(found) == [("Kikuchi-Fujimoto disease", 3), ("Kikuchi lymphadenitis", 1)]
    assert complete(author, "fujimoto kik")[0]["source"] == "members"


def test_completion_lists_members_texts_before_the_code_set_within_the_limit(author, peer):
    answer(peer, new_case(author), {"diagnosis": "Stillness fever", "note": ""})
    items = complete(author, "still", 3)
    assert [item["source"] for item in items] == ["members", "icd-10-cm", "icd-10-cm"]
    assert items[0] == {
        "diagnosis": "Stillness fever",
        "code": None,
        "source": "members",
        "uses": 1,
    }


def test_coded_diagnoses_are_left_to_the_code_set(author, peer):
    answer(peer, new_case(author), AOSD, {"diagnosis": "Parkinson disease", "note": ""})
    assert members(complete(author, "aosd")) == []
    assert members(complete(author, "parkinson")) == []


def test_completion_never_shows_a_blind_open_cases_diagnoses(author, peer, forum_app):
    case_id = new_case(author, blind=True)
    answer(peer, case_id, KIKUCHI)
    # Not to the author, not to the answerer: completion is the same for everyone.
    assert members(complete(author, "kikuchi")) == []
    assert members(complete(peer, "kikuchi")) == []
    solved = author.post("case.outcome", case_id=case_id, outcome="Node biopsy.")
    assert solved.status == 200, solved.body
    assert members(complete(peer, "kikuchi")) == [("Kikuchi-Fujimoto disease", 1)]


def test_completion_never_shows_a_hidden_answers_or_cases_diagnoses(author, peer, forum_app):
    case_id = new_case(author)
    answer_id = answer(peer, case_id, KIKUCHI)
    assert members(complete(author, "kikuchi")) == [("Kikuchi-Fujimoto disease", 1)]
    set_state(forum_app, "answer", answer_id, hidden=True)
    assert members(complete(author, "kikuchi")) == []
    assert members(complete(peer, "kikuchi")) == []
    set_state(forum_app, "answer", answer_id, hidden=False)
    set_state(forum_app, "case", case_id, hidden=True)
    assert members(complete(peer, "kikuchi")) == []
    set_state(forum_app, "case", case_id, hidden=False)
    assert members(complete(peer, "kikuchi")) == [("Kikuchi-Fujimoto disease", 1)]


def test_completion_matches_whole_words_starts_only(author, peer):
    answer(peer, new_case(author), KIKUCHI)
    assert members(complete(author, "ujimoto")) == []
    assert members(complete(author, "kikuchi xqzvw")) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=",
        "?q=a",
        "?q=" + "a" * 101,
        "?q=fever&limit=0",
        "?q=fever&limit=51",
        "?q=ab&limit=x",
    ],
)
def test_a_bad_query_is_a_422(author, query):
    reply = author.get("/api/v1/diagnoses" + query)
    assert reply.status == 422, reply.body


def test_completion_needs_a_session(http):
    reply = http.request("GET", "/api/v1/diagnoses?q=still")
    assert reply.status == 401
    assert problem_code(reply) == "session-required"


# -- codes checked on every write ---------------------------------------------------


@pytest.mark.parametrize("code", ["M06.7", "U99.9", "A00.0A"])
def test_an_answer_with_an_unknown_code_is_refused_and_nothing_is_stored(
    author, peer, forum_app, code
):
    case_id = new_case(author)
    before = counts(forum_app)
    differential = [KIKUCHI, {"diagnosis": "Secret words", "code": code, "note": ""}]
    reply = peer.post("answer.create", case_id=case_id, body="Mine.", differential=differential)
    assert reply.status == 422
    assert problem_code(reply) == "unknown-diagnosis-code"
    assert "Diagnosis 2" in reply.body["detail"]
    problem = json.dumps(reply.body)
    assert code not in problem and "Secret" not in problem
    assert counts(forum_app) == before


def test_an_edit_with_an_unknown_code_changes_nothing(author, peer, forum_app):
    answer_id = answer(peer, new_case(author), KIKUCHI)
    before = entries(forum_app, answer_id)
    edit = peer.post(
        "answer.edit",
        answer_id=answer_id,
        differential=[{"diagnosis": "Still", "code": "M06.7", "note": ""}],
    )
    assert edit.status == 422 and problem_code(edit) == "unknown-diagnosis-code"
    assert entries(forum_app, answer_id) == before
    with forum_app.app_context():
        assert db.session.get(Answer, answer_id).differential == [KIKUCHI]


def test_an_outcome_with_an_unknown_code_is_refused(author, forum_app):
    case_id = new_case(author)
    final = {"diagnosis": "Still", "code": "M06.7"}
    reply = author.post("case.outcome", case_id=case_id, outcome="", final_diagnosis=final)
    assert reply.status == 422 and problem_code(reply) == "unknown-diagnosis-code"
    with forum_app.app_context():
        case = db.session.get(Case, case_id)
        assert (case.final_diagnosis, case.status) == (None, "open")


# -- entries and search text follow the differential ---------------------------------


def test_entries_follow_the_answer_and_its_edits(author, peer, forum_app):
    answer_id = answer(peer, new_case(author), KIKUCHI, {"diagnosis": "Lymphoma", "note": ""})
    assert entries(forum_app, answer_id) == [
        (1, "Kikuchi-Fujimoto disease", None, "text:fujimoto kikuchi"),
        (2, "Lymphoma", None, "text:lymphoma"),
    ]
    edit = peer.post("answer.edit", answer_id=answer_id, differential=[AOSD])
    assert edit.status == 200, edit.body
    assert entries(forum_app, answer_id) == [(1, "AOSD", "M06.1", "icd:M06.1")]
    with forum_app.app_context():
        assert db.session.get(Answer, answer_id).diagnoses == (
            "AOSD\nAdult-onset Still's disease\nM06.1"
        )
    body_only = peer.post("answer.edit", answer_id=answer_id, body="Reworded.")
    assert body_only.status == 200, body_only.body
    assert entries(forum_app, answer_id) == [(1, "AOSD", "M06.1", "icd:M06.1")]
    cleared = peer.post("answer.edit", answer_id=answer_id, differential=[])
    assert cleared.status == 200, cleared.body
    assert entries(forum_app, answer_id) == []
    with forum_app.app_context():
        assert db.session.get(Answer, answer_id).diagnoses == ""


def search(reader: Physician, words: str) -> list[int]:
    reply = reader.get(f"/api/v1/search?q={words}")
    assert reply.status == 200, reply.body
    return [item["id"] for item in reply.body["items"]]


def test_search_finds_a_case_by_its_answers_diagnoses(author, peer):
    case_id = new_case(author)
    other = new_case(author)
    answer(peer, case_id, {"diagnosis": "Parkinson disease", "note": ""})
    answer(peer, other, AOSD)
    assert search(author, "parkinson") == [case_id]
    # The code and its description are searched too.
    assert search(author, "G20") == [case_id]
    assert search(author, "onset") == [other]
