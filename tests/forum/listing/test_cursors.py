"""Cursors are the forum's own, for one listing only; bad parameters are refused by name."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer

from casecrowd import problems
from casecrowd.db import db
from casecrowd.forum.service.listing import list_cases
from casecrowd.forum.service.paging import InvalidCursor, InvalidPageQuery
from casecrowd.forum.service.search import search
from tests.forum.listing.conftest import NOW


@pytest.fixture
def cursor(forum):
    for hours in range(6):
        forum.case(created=NOW - timedelta(hours=hours), score=hours)
    forum.commit()
    page = list_cases(db.session, sort="new", limit=2, now=NOW)
    assert page.next_cursor
    return page.next_cursor


def tampered(cursor: str) -> str:
    position = len(cursor) // 2
    replacement = "A" if cursor[position] != "A" else "B"
    return cursor[:position] + replacement + cursor[position + 1 :]


def forged(app, payload) -> str:
    # Right format, wrong key: what a client could make without the app secret.
    return URLSafeSerializer("not-the-app-secret", salt="casecrowd.forum.cursor.cases").dumps(
        payload
    )


BAD_CURSORS = {
    "empty": "",
    "garbage": "not a cursor",
    "plain base64 json": base64.urlsafe_b64encode(json.dumps({"id": 1}).encode()).decode(),
    "too long": "A" * 5000,
    "dots": "...",
}


@pytest.mark.parametrize("name", sorted(BAD_CURSORS))
def test_a_malformed_cursor_is_refused(cursor, name):
    with pytest.raises(InvalidCursor):
        list_cases(db.session, sort="new", limit=2, cursor=BAD_CURSORS[name])


def test_a_tampered_cursor_is_refused(cursor):
    with pytest.raises(InvalidCursor):
        list_cases(db.session, sort="new", limit=2, cursor=tampered(cursor))


def test_a_cursor_signed_with_another_key_is_refused(app, cursor):
    payload = {"v": 1, "scope": {"sort": "new", "tag": None, "status": None, "window": "all"}}
    payload.update(ref=NOW.isoformat(), hi=10**6, key=NOW.isoformat(), id=10**6)
    with pytest.raises(InvalidCursor):
        list_cases(db.session, sort="new", limit=2, cursor=forged(app, payload))


@pytest.mark.parametrize(
    "changed",
    [
        {"sort": "top"},
        {"sort": "hot"},
        {"tag": "cardiology"},
        {"status": "open"},
        {"window": "week"},
    ],
)
def test_a_cursor_only_continues_the_listing_it_came_from(cursor, changed):
    query = {"sort": "new", "limit": 2, **changed}
    with pytest.raises(InvalidCursor):
        list_cases(db.session, cursor=cursor, **query)


def test_listing_and_search_cursors_do_not_mix(forum, cursor):
    for number in range(4):
        forum.case(f"Fracture number {number}")
    forum.commit()
    search_cursor = search(db.session, "fracture", limit=1).next_cursor
    assert search_cursor
    with pytest.raises(InvalidCursor):
        list_cases(db.session, sort="new", limit=2, cursor=search_cursor)
    with pytest.raises(InvalidCursor):
        search(db.session, "fracture", limit=1, cursor=cursor)
    with pytest.raises(InvalidCursor):
        search(db.session, "hematoma", limit=1, cursor=search_cursor)


def test_an_invalid_cursor_is_a_400_problem(app, cursor):
    with pytest.raises(InvalidCursor) as caught:
        list_cases(db.session, sort="new", limit=2, cursor=tampered(cursor))
    response = problems.handle_domain_error(caught.value)
    body = response.get_json()
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert body["type"] == "urn:casecrowd:problem:cursor-invalid"
    assert cursor not in body["detail"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"sort": "best"}, "sort"),
        ({"sort": "new", "window": "decade"}, "window"),
        ({"sort": "new", "status": "closed"}, "status"),
        ({"sort": "new", "tag": "Cardiology"}, "tag"),
        ({"sort": "new", "tag": "x" * 41}, "tag"),
        ({"sort": "new", "tag": "a b"}, "tag"),
        ({"sort": "new", "tag": "cardiology\n"}, "tag"),
        ({"sort": "new", "limit": 0}, "limit"),
        ({"sort": "new", "limit": 101}, "limit"),
        ({"sort": "new", "limit": True}, "limit"),
        ({"sort": "new", "limit": "5"}, "limit"),
    ],
)
def test_invalid_listing_parameters_are_refused_by_name(forum, query, named):
    with pytest.raises(InvalidPageQuery) as caught:
        list_cases(db.session, now=NOW, **query)
    assert caught.value.status == 422
    assert caught.value.detail.startswith(f"{named} must")


def test_the_page_size_defaults_and_limits_come_from_the_configuration(make_app):
    app = make_app({"forum": {"listing": {"page_size": 3, "max_page_size": 4}}})
    with app.app_context():
        from tests.forum.listing.conftest import ForumRows

        rows = ForumRows(db.session)
        for hours in range(6):
            rows.case(created=NOW - timedelta(hours=hours))
        rows.commit()
        assert len(list_cases(db.session, sort="new", now=NOW).items) == 3
        assert len(list_cases(db.session, sort="new", limit=4, now=NOW).items) == 4
        with pytest.raises(InvalidPageQuery):
            list_cases(db.session, sort="new", limit=5, now=NOW)
        db.session.rollback()
