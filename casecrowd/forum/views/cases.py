"""Reading cases, answers and their revisions; listing and searching cases."""

from __future__ import annotations

from casecrowd.db import db
from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.cases import CaseDetailSchema, RevisionSchema
from casecrowd.forum.schemas.listing import (
    CaseListingQuerySchema,
    CasePageSchema,
    SearchPageSchema,
    SearchQuerySchema,
)
from casecrowd.forum.service import listing, reading, search
from casecrowd.forum.views.common import ForumBlueprint, current_pseudonym

blp = ForumBlueprint("forum_cases", __name__, url_prefix="/api/v1", description="Cases")


@blp.get("/cases")
@blp.session_route
@blp.arguments(CaseListingQuerySchema, location="query")
@blp.response(200, CasePageSchema)
@documents_errors(listing.list_cases)
def list_cases(query):
    """One page of cases, sorted and filtered; follow next_cursor for the next page.

    Cases hidden by moderation are left out.

    The first page fixes the order: while paging, new cases neither repeat
    nor push others onto the next page (a vote or new activity can still
    move a case under "hot", "top" or "active").
    """
    return reading.case_page(listing.list_cases(db.session, **query))


@blp.get("/search")
@blp.session_route
@blp.arguments(SearchQuerySchema, location="query")
@blp.response(200, SearchPageSchema)
@documents_errors(search.search)
def search_cases(query):
    """Full-text search over cases and their answers (the same on SQLite and PostgreSQL).

    All words must match within one case's text or within one answer; hits
    whose title matches come first, then those whose text matches, then
    those found through an answer, newest first within each. Hidden cases,
    and hidden answers' words, are left out; so are the words of a blind
    case's answers until you may see them. An answer's diagnoses are
    searched with its text.
    """
    page = search.search(
        db.session,
        query["q"],
        limit=query["limit"],
        cursor=query["cursor"],
        viewer_id=current_pseudonym().id,
    )
    return reading.search_page(page)


@blp.get("/cases/<int:case_id>")
@blp.session_route
@blp.response(200, CaseDetailSchema)
@documents_errors(reading.case_detail)
def show_case(case_id):
    """A case with its answers and all comments, each with its moderation state.

    A case, answer or comment hidden by moderation shows only its `id` and
    `moderation` to anyone but its author; a purged one keeps its place with
    its texts emptied and `redacted_by` naming the mod-log entry.
    """
    return reading.case_detail(case_id, current_pseudonym().id)


@blp.get("/cases/<int:case_id>/revisions")
@blp.session_route
@blp.response(200, RevisionSchema(many=True))
@documents_errors(reading.case_revisions)
def case_revisions(case_id):
    """Every version of the case, oldest first; if the case is hidden, its author's alone."""
    return reading.case_revisions(case_id, current_pseudonym().id)


@blp.get("/answers/<int:answer_id>/revisions")
@blp.session_route
@blp.response(200, RevisionSchema(many=True))
@documents_errors(reading.answer_revisions)
def answer_revisions(answer_id):
    """Every version of the answer, oldest first; if hidden, its author's alone."""
    return reading.answer_revisions(answer_id, current_pseudonym().id)
