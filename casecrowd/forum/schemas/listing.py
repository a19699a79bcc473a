"""Query strings of case listings and search.

The largest page size is a setting, so it is checked by the service
(``forum.listing.max_page_size``, 422 page-query-invalid); the rest here.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casecrowd.forum.schemas.kinds import TAG_PATTERN
from casecrowd.forum.service.listing import SORTS, STATUSES, WINDOWS
from casecrowd.forum.service.paging import MAX_CURSOR_LENGTH
from casecrowd.forum.service.search import MAX_QUERY_LENGTH


def _limit() -> fields.Integer:
    return fields.Integer(
        load_default=None,
        validate=validate.Range(min=1),
        metadata={"description": "Cases per page (default forum.listing.page_size)."},
    )


def _cursor() -> fields.String:
    return fields.String(
        load_default=None,
        validate=validate.Length(1, MAX_CURSOR_LENGTH),
        metadata={
            "description": "The next_cursor of the previous page; other parameters unchanged."
        },
    )


class CaseListingQuerySchema(Schema):
    sort = fields.String(
        load_default="new",
        validate=validate.OneOf(SORTS),
        metadata={
            "description": (
                "hot: votes decayed by age (Lemmy's rank); new: newest first; top: highest"
                " score; active: latest activity first; unanswered: no answer yet, newest first."
            )
        },
    )
    tag = fields.String(
        load_default=None,
        validate=[validate.Length(2, 40), validate.Regexp(TAG_PATTERN)],
        metadata={"description": "Only cases with this specialty tag."},
    )
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    window = fields.String(
        load_default=None,
        validate=validate.OneOf(tuple(WINDOWS)),
        metadata={"description": "Only cases created within this period (any sort)."},
    )
    limit = _limit()
    cursor = _cursor()


class SearchQuerySchema(Schema):
    q = fields.String(
        required=True,
        validate=validate.Length(1, MAX_QUERY_LENGTH),
        metadata={
            "description": (
                'Words (all must match, English stemming), "quoted phrases", and prefixes'
                " ending in *. Other punctuation and operators are plain separators."
            )
        },
    )
    limit = _limit()
    cursor = _cursor()
