"""Query strings of listings and search, as the API will read them."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from casecrowd.forum.schemas.listing import CaseListingQuerySchema, SearchQuerySchema


def test_a_bare_listing_query_gets_the_defaults():
    assert CaseListingQuerySchema().load({}) == {
        "sort": "new",
        "tag": None,
        "status": None,
        "window": None,
        "limit": None,
        "cursor": None,
    }


def test_a_full_listing_query_is_read():
    query = {"sort": "top", "tag": "cardiology", "status": "open", "window": "week", "limit": "5"}
    loaded = CaseListingQuerySchema().load({**query, "cursor": "abc"})
    assert loaded == {**query, "limit": 5, "cursor": "abc"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sort", "best"),
        ("tag", "Cardiology"),
        ("tag", "x"),
        ("status", "closed"),
        ("window", "decade"),
        ("limit", "0"),
        ("limit", "many"),
        ("cursor", ""),
        ("cursor", "c" * 1025),
        ("unknown", "1"),
    ],
)
def test_each_bad_listing_parameter_is_named(field, value):
    with pytest.raises(ValidationError) as caught:
        CaseListingQuerySchema().load({field: value})
    assert field in caught.value.messages


@pytest.mark.parametrize(("field", "value"), [("q", ""), ("q", "x" * 501), ("limit", "-1")])
def test_each_bad_search_parameter_is_named(field, value):
    with pytest.raises(ValidationError) as caught:
        SearchQuerySchema().load({"q": "fracture", field: value})
    assert field in caught.value.messages


def test_a_search_needs_a_query():
    with pytest.raises(ValidationError) as caught:
        SearchQuerySchema().load({})
    assert "q" in caught.value.messages
