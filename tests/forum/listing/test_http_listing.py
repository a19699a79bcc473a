"""GET /api/v1/cases over HTTP: every sort and filter, cursors while cases arrive, problems."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from casecrowd.forum.service.listing import SORTS
from tests.forum.physician import Physician, Transport, case_fields


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def lemmy_hot(score: int, hours: float) -> float:
    return math.log10(max(1, 3 + score)) / (hours + 2) ** 1.8


def listing(reader: Physician, **query):
    return reader.get("/api/v1/cases?" + urlencode(query))


def listed_ids(reader: Physician, **query) -> list[int]:
    reply = listing(reader, **query)
    assert reply.status == 200, reply.body
    return [item["id"] for item in reply.body["items"]]


@pytest.fixture
def shelf(forum):
    """Four cases, each first in one order; created relative to the real clock."""
    now = datetime.now(UTC)
    answered = forum.case(
        "Answered and busy",
        created=now - timedelta(hours=3),
        score=10,
        last_activity=now - timedelta(minutes=1),
        tags=("cardiology", "neurology"),
    )
    forum.answer(answered)
    recent = forum.case(
        "Recent and quiet",
        created=now - timedelta(hours=1),
        score=0,
        tags=("neurology",),
    )
    old = forum.case(
        "Old but popular", created=now - timedelta(days=2), score=50, tags=("cardiology",)
    )
    newest = forum.case(
        "Newest and solved",
        created=now - timedelta(minutes=10),
        score=2,
        status="solved",
        tags=("cardiology",),
    )
    forum.commit()
    return {
        "answered": answered.id,
        "recent": recent.id,
        "old": old.id,
        "newest": newest.id,
        "ages": {  # hours, score: to compute the hot order
            answered.id: (3, 10),
            recent.id: (1, 0),
            old.id: (48, 50),
            newest.id: (1 / 6, 2),
        },
    }


def test_each_sort_orders_the_cases(reader, shelf):
    answered, recent, old, newest = (shelf[k] for k in ("answered", "recent", "old", "newest"))
    hot = sorted(shelf["ages"], key=lambda i: lemmy_hot(shelf["ages"][i][1], shelf["ages"][i][0]))
    assert listed_ids(reader, sort="hot") == hot[::-1]
    assert listed_ids(reader, sort="new") == [newest, recent, answered, old]
    assert listed_ids(reader, sort="top") == [old, answered, newest, recent]
    assert listed_ids(reader, sort="active") == [answered, newest, recent, old]
    assert listed_ids(reader, sort="unanswered") == [newest, recent, old]
    # Without a sort: newest first, as the listing always was.
    assert listed_ids(reader) == listed_ids(reader, sort="new")


@pytest.mark.parametrize("sort", SORTS)
def test_filters_by_tag_status_and_window(reader, shelf, sort):
    answered, recent, old, newest = (shelf[k] for k in ("answered", "recent", "old", "newest"))

    def listed(**filters) -> set[int]:
        return set(listed_ids(reader, sort=sort, **filters))

    everything = {answered, recent, old, newest} - ({answered} if sort == "unanswered" else set())
    assert listed(tag="cardiology") == {answered, old, newest} & everything
    assert listed(tag="neurology") == {answered, recent} & everything
    assert listed(status="solved") == {newest}
    assert listed(status="open") == {answered, recent, old} & everything
    assert listed(tag="cardiology", status="open") == {answered, old} & everything
    assert listed(window="day") == everything - {old}
    assert listed(window="all") == everything
    assert listed(tag="dermatology") == set()


def test_top_within_a_window(reader, shelf):
    assert listed_ids(reader, sort="top", window="day") == [
        shelf["answered"],
        shelf["newest"],
        shelf["recent"],
    ]


def test_items_keep_the_summary_shape_and_show_the_authors_reputation(reader, shelf):
    page = listing(reader, sort="new", limit=1).body
    assert set(page) == {"items", "next_cursor"}
    (item,) = page["items"]
    assert item["id"] == shelf["newest"]
    assert item["title"] == "Newest and solved"
    assert item["tags"] == ["cardiology"]
    assert item["status"] == "solved" and item["score"] == 2
    assert item["author"].startswith("test-") and item["author_reputation"] == 1
    for name in ("age", "sex", "answer_count", "comment_count", "created", "proof_id"):
        assert name in item


@pytest.mark.parametrize("sort", SORTS)
def test_paging_while_cases_are_posted_neither_repeats_nor_skips(forum, reader, sort):
    now = datetime.now(UTC)
    for number in range(8):
        forum.case(
            f"Case number {number}",
            score=number % 3,
            created=now - timedelta(hours=number * 5 % 17, minutes=number),
            last_activity=now - timedelta(minutes=number * 13 % 50),
        )
    forum.commit()
    before = listed_ids(reader, sort=sort, limit=100)
    seen, cursor, pages = [], None, 0
    while pages < 10:
        query = {"sort": sort, "limit": 3} | ({"cursor": cursor} if cursor else {})
        page = listing(reader, **query)
        assert page.status == 200, page.body
        seen += [item["id"] for item in page.body["items"]]
        pages += 1
        # Someone posts a case between two page requests.
        posted = reader.post("case.create", **case_fields(title=f"Posted while paging {pages}"))
        assert posted.status == 201, posted.body
        cursor = page.body["next_cursor"]
        if cursor is None:
            break
    assert seen == before
    assert pages == 3
    fresh = listed_ids(reader, sort=sort, limit=100)
    assert len(fresh) == len(before) + pages


def test_a_bad_cursor_is_a_400_problem(reader, shelf):
    first = listing(reader, sort="new", limit=2).body
    cursor = first["next_cursor"]
    assert cursor
    middle = len(cursor) // 2
    tampered = cursor[:middle] + ("A" if cursor[middle] != "A" else "B") + cursor[middle + 1 :]
    for query in (
        {"sort": "new", "limit": 2, "cursor": tampered},
        {"sort": "new", "limit": 2, "cursor": "not-a-cursor"},
        # A cursor only continues the listing it came from.
        {"sort": "top", "limit": 2, "cursor": cursor},
        {"sort": "new", "limit": 2, "tag": "cardiology", "cursor": cursor},
    ):
        reply = listing(reader, **query)
        assert reply.status == 400, query
        assert reply.headers["Content-Type"] == "application/problem+json"
        assert problem_code(reply) == "cursor-invalid"
        assert cursor not in reply.body["detail"] and tampered not in reply.body["detail"]
    # The same cursor with the same parameters still works.
    assert listing(reader, sort="new", limit=2, cursor=cursor).status == 200


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"sort": "best"}, "sort"),
        ({"sort": ""}, "sort"),
        ({"tag": "Cardiology"}, "tag"),
        ({"tag": "x"}, "tag"),
        ({"status": "closed"}, "status"),
        ({"window": "decade"}, "window"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"cursor": ""}, "cursor"),
        ({"cursor": "c" * 1025}, "cursor"),
    ],
)
def test_bad_listing_parameters_are_422_with_invalid_params(reader, query, named):
    reply = listing(reader, **query)
    assert reply.status == 422, reply.body
    assert reply.headers["Content-Type"] == "application/problem+json"
    assert named in {param["name"] for param in reply.body["invalid-params"]}


def test_the_largest_page_is_a_setting(make_app, forum_settings, issuer):
    app = make_app(forum_settings({"forum": {"listing": {"page_size": 2, "max_page_size": 3}}}))
    reader = Physician(Transport(app.test_client()), issuer).join()
    for number in range(4):
        reader.post("case.create", **case_fields(title=f"Case number {number}"))
    assert len(listing(reader).body["items"]) == 2
    assert len(listing(reader, limit=3).body["items"]) == 3
    refused = listing(reader, limit=4)
    assert refused.status == 422
    assert refused.body["invalid-params"][0]["name"] == "limit"
    assert reader.get("/api/v1/search?q=case&limit=4").status == 422


def test_listing_and_search_need_a_session(http):
    for path in ("/api/v1/cases", "/api/v1/search?q=fever"):
        reply = http.request("GET", path)
        assert reply.status == 401
        assert problem_code(reply) == "session-required"
