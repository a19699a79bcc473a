"""GET /api/v1/search over HTTP: cases found by their text and their answers', paging, problems."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.forum.listing.test_http_listing import listing, problem_code
from tests.forum.listing.test_search import NASTY
from tests.forum.physician import Physician, case_fields


def searched(reader: Physician, **query):
    return reader.get("/api/v1/search?" + urlencode(query))


@pytest.fixture
def posted(physician, reader):
    """A case and an answer posted through signed envelopes, as members write them."""
    peer = physician().join()
    case = reader.post(
        "case.create",
        **case_fields(
            title="Episodic hypertension with headaches",
            presentation="Paroxysms of palpitations, sweating and pallor over six months.",
        ),
    )
    assert case.status == 201, case.body
    other = reader.post("case.create", **case_fields(title="Chronic cough in a teacher"))
    answer = peer.post(
        "answer.create",
        case_id=case.body["case_id"],
        body="Measure plasma free metanephrines before any imaging.",
    )
    assert answer.status == 201, answer.body
    return {"case": case.body["case_id"], "other": other.body["case_id"], "peer": peer}


def test_search_finds_a_case_by_its_text(reader, posted):
    reply = searched(reader, q="paroxysms sweating")
    assert reply.status == 200, reply.body
    (hit,) = reply.body["items"]
    assert hit["id"] == posted["case"] and hit["rank"] == 2
    assert hit["title"] == "Episodic hypertension with headaches"
    assert hit["author"] == reader.handle and hit["author_reputation"] == 1
    text = hit["snippet"]["text"]
    marked = [text[h["start"] : h["end"]].lower() for h in hit["snippet"]["highlights"]]
    assert marked == ["paroxysms", "sweating"]
    assert reply.body["next_cursor"] is None


def test_search_ranks_a_title_match_first(reader, posted):
    reply = searched(reader, q="hypertension")
    assert [(hit["id"], hit["rank"]) for hit in reply.body["items"]] == [(posted["case"], 3)]


def test_search_finds_a_case_by_an_answers_text(reader, posted):
    reply = searched(reader, q="metanephrines")
    (hit,) = reply.body["items"]
    assert hit["id"] == posted["case"] and hit["rank"] == 1
    text = hit["snippet"]["text"]
    assert "plasma free metanephrines" in text
    (highlight,) = hit["snippet"]["highlights"]
    assert text[highlight["start"] : highlight["end"]] == "metanephrines"


def test_search_finds_nothing_for_words_no_text_has(reader, posted):
    reply = searched(reader, q="pheochromocytoma")
    assert reply.status == 200 and reply.body == {"items": [], "next_cursor": None}


def test_search_pages_with_a_cursor_while_posts_arrive(reader, posted):
    for number in range(4):
        reader.post("case.create", **case_fields(title=f"Cough number {number}"))
    everything = [hit["id"] for hit in searched(reader, q="cough", limit=100).body["items"]]
    assert len(everything) == 5
    seen, cursor, cursors = [], None, []
    for _ in range(5):
        page = searched(reader, q="cough", limit=2, **({"cursor": cursor} if cursor else {}))
        assert page.status == 200, page.body
        seen += [hit["id"] for hit in page.body["items"]]
        reader.post("case.create", **case_fields(title="Another cough"))
        cursor = page.body["next_cursor"]
        if cursor is None:
            break
        cursors.append(cursor)
    assert seen == everything
    # A cursor only continues the search it came from.
    assert searched(reader, q="hypertension", cursor=cursors[0]).status == 400


@pytest.mark.parametrize("query", NASTY)
def test_nasty_search_input_never_fails(reader, posted, query):
    reply = searched(reader, q=query)
    assert reply.status in (200, 422), reply.body
    if reply.status == 200:
        assert isinstance(reply.body["items"], list)
    else:
        assert reply.body["invalid-params"][0]["name"] == "q"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 501}, "q"),
        ({"q": "cough", "limit": "-1"}, "limit"),
        ({"q": "cough", "cursor": ""}, "cursor"),
    ],
)
def test_bad_search_parameters_are_422_with_invalid_params(reader, query, named):
    reply = searched(reader, **query)
    assert reply.status == 422, reply.body
    assert named in {param["name"] for param in reply.body["invalid-params"]}


def test_a_bad_search_cursor_is_a_400_problem(reader, posted):
    for number in range(3):
        reader.post("case.create", **case_fields(title=f"Filler case {number}"))
    listing_cursor = listing(reader, limit=1).body["next_cursor"]
    for cursor in ("garbage", listing_cursor):
        reply = searched(reader, q="cough", cursor=cursor)
        assert reply.status == 400
        assert problem_code(reply) == "cursor-invalid"
