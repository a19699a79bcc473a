"""The lounge: listing, searching and reading discussions and their revisions.

Discussions are written with signed envelopes (``discussion.create``,
``discussion.edit``, and ``comment.create`` naming a ``discussion_id``) on
the envelopes endpoint, as every post is.
"""

from __future__ import annotations

from casecrowd.db import db
from casecrowd.errordocs import documents_errors
from casecrowd.forum.schemas.cases import RevisionSchema
from casecrowd.forum.schemas.discussions import (
    DiscussionDetailSchema,
    DiscussionListingQuerySchema,
    DiscussionPageSchema,
    DiscussionSearchPageSchema,
)
from casecrowd.forum.schemas.listing import SearchQuerySchema
from casecrowd.forum.service import discussion_reading, discussion_search, listing
from casecrowd.forum.views.common import ForumBlueprint, current_pseudonym

blp = ForumBlueprint(
    "forum_discussions", __name__, url_prefix="/api/v1", description="The lounge's discussions"
)


@blp.get("/discussions")
@blp.session_route
@blp.arguments(DiscussionListingQuerySchema, location="query")
@blp.response(200, DiscussionPageSchema)
@documents_errors(listing.list_discussions)
def list_discussions(query):
    """One page of discussions, sorted and filtered; follow next_cursor for the next page.

    Listed apart from cases. Discussions hidden by moderation are left out;
    the first page fixes the order, as for cases.
    """
    page = listing.list_discussions(db.session, **query)
    return discussion_reading.discussion_page(page, current_pseudonym().id)


@blp.get("/discussions/search")
@blp.session_route
@blp.arguments(SearchQuerySchema, location="query")
@blp.response(200, DiscussionSearchPageSchema)
@documents_errors(discussion_search.search_discussions)
def search_discussions(query):
    """Full-text search over discussions' titles and bodies, apart from cases.

    All words must match; discussions whose title matches come first, then
    those whose body does, newest first within each. Hidden discussions are
    left out.
    """
    page = discussion_search.search_discussions(
        db.session, query["q"], limit=query["limit"], cursor=query["cursor"]
    )
    return discussion_reading.search_page(page, current_pseudonym().id)


@blp.get("/discussions/<int:discussion_id>")
@blp.session_route
@blp.response(200, DiscussionDetailSchema)
@documents_errors(discussion_reading.discussion_detail)
def show_discussion(discussion_id):
    """A discussion with all its comments, each with its moderation state.

    A discussion or comment hidden by moderation shows only its `id` and
    `moderation` to anyone but its author; a withdrawn or purged one keeps
    its place with its texts emptied.
    """
    return discussion_reading.discussion_detail(discussion_id, current_pseudonym().id)


@blp.get("/discussions/<int:discussion_id>/revisions")
@blp.session_route
@blp.response(200, RevisionSchema(many=True))
@documents_errors(discussion_reading.discussion_revisions)
def discussion_revisions(discussion_id):
    """Every version of the discussion, oldest first; if it is hidden, its author's alone."""
    return discussion_reading.discussion_revisions(discussion_id, current_pseudonym().id)
