"""Query strings and pages of case listings and search.

The largest page size is a setting, so it is checked by the service
(``forum.listing.max_page_size``, 422 page-query-invalid); the rest here.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casecrowd.forum.schemas.cases import CaseSummarySchema
from casecrowd.forum.service.listing import SORTS, STATUSES, WINDOWS
from casecrowd.forum.service.paging import MAX_CURSOR_LENGTH
from casecrowd.forum.service.search import MAX_QUERY_LENGTH
from casecrowd.protocol.cases import tag_validators


def limit_field(what: str = "Cases") -> fields.Integer:
    return fields.Integer(
        load_default=None,
        validate=validate.Range(min=1),
        metadata={"description": f"{what} per page (default forum.listing.page_size)."},
    )


def cursor_field() -> fields.String:
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
        validate=tag_validators(),
        metadata={"description": "Only cases with this specialty tag."},
    )
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    window = fields.String(
        load_default=None,
        validate=validate.OneOf(tuple(WINDOWS)),
        metadata={"description": "Only cases created within this period (any sort)."},
    )
    limit = limit_field()
    cursor = cursor_field()


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
    limit = limit_field()
    cursor = cursor_field()


# -- responses --------------------------------------------------------------------


def next_cursor_field() -> fields.String:
    return fields.String(
        allow_none=True,
        metadata={
            "description": (
                "Pass as cursor, with the same other parameters, for the next page; null on the"
                " last page. Later pages keep the first page's order: posts that arrive meanwhile"
                " wait for a new listing."
            )
        },
    )


class CasePageSchema(Schema):
    items = fields.List(fields.Nested(CaseSummarySchema))
    next_cursor = next_cursor_field()


class HighlightSchema(Schema):
    start = fields.Integer(metadata={"description": "Offset of the first highlighted character."})
    end = fields.Integer(metadata={"description": "Offset just after the last one."})


class SnippetSchema(Schema):
    text = fields.String(metadata={"description": "A passage of the matching case or answer."})
    highlights = fields.List(
        fields.Nested(HighlightSchema),
        metadata={
            "description": (
                "Where the query matched in text, as [start, end) offsets counted in Unicode"
                " code points."
            )
        },
    )


class SearchHitSchema(CaseSummarySchema):
    snippet = fields.Nested(SnippetSchema)
    rank = fields.Integer(
        metadata={
            "description": (
                "3: the title matches; 2: the case's text matches; 1: only an answer matches."
                " Hits come by rank, then newest first."
            )
        }
    )


class SearchPageSchema(Schema):
    items = fields.List(fields.Nested(SearchHitSchema))
    next_cursor = next_cursor_field()
