"""Reading the lounge: a discussion with its comments, its revisions, and the
summaries its listings and search show.

As for cases (:mod:`casecrowd.forum.service.reading`): a hidden discussion or
comment is its author's alone, anyone else gets its id and moderation state;
a withdrawn or purged one keeps its place with its texts emptied.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import Comment, Discussion, DiscussionRevision, DiscussionTag
from casecrowd.forum.service.base import get_or_404
from casecrowd.forum.service.discussion_search import DiscussionHit
from casecrowd.forum.service.moderation_state import Key, require_visible, states
from casecrowd.forum.service.paging import Page
from casecrowd.forum.service.reading import (
    Author,
    Shown,
    authors_of,
    by_author,
    comment_json,
    proof_links,
    revision_json,
    revision_proofs,
    tags_by_owner,
)
from casecrowd.forum.service.withdrawals import withdrawn
from casecrowd.problems import raises

SUMMARY_COLUMNS = ("id", "title", "score", "comment_count", "revision", "created", "last_activity")


def _tags(ids: list[int]) -> dict[int, list[str]]:
    return tags_by_owner(DiscussionTag.discussion_id, DiscussionTag.tag, ids)


def _summary(
    discussion: Discussion, tags: list[str], authors: dict[int, Author], taken_back: set[Key]
) -> dict[str, Any]:
    return {
        **{name: getattr(discussion, name) for name in SUMMARY_COLUMNS},
        "tags": tags,
        **by_author(authors[discussion.pseudonym_id]),
        "proof_id": discussion.envelope_id,
        "withdrawn": ("discussion", discussion.id) in taken_back,
    }


def discussion_summaries(discussions: Iterable[Discussion], viewer_id: int) -> list[dict[str, Any]]:
    """Each discussion as a listing shows it, in the order given, with its moderation state."""
    discussions = list(discussions)
    keys = [("discussion", discussion.id) for discussion in discussions]
    tags = _tags([discussion.id for discussion in discussions])
    authors = authors_of({discussion.pseudonym_id for discussion in discussions})
    shown, taken_back = Shown(viewer_id, states(keys)), withdrawn(keys)
    return [
        shown.post(
            "discussion",
            discussion,
            _summary(discussion, tags[discussion.id], authors, taken_back),
        )
        for discussion in discussions
    ]


def discussion_page(page: Page[Discussion], viewer_id: int) -> dict[str, Any]:
    return {
        "items": discussion_summaries(page.items, viewer_id),
        "next_cursor": page.next_cursor,
    }


def search_page(page: Page[DiscussionHit], viewer_id: int) -> dict[str, Any]:
    """Each hit as its discussion's summary, with the matching passage and the hit's rank."""
    items = discussion_summaries((hit.discussion for hit in page.items), viewer_id)
    for item, hit in zip(items, page.items, strict=True):
        item["snippet"] = {
            "text": hit.snippet.text,
            "highlights": [{"start": start, "end": end} for start, end in hit.snippet.highlights],
        }
        item["rank"] = hit.rank
    return {"items": items, "next_cursor": page.next_cursor}


@raises(errors.DiscussionNotFound)
def discussion_detail(discussion_id: int, viewer_id: int) -> dict[str, Any]:
    """The discussion with every comment (oldest first), as ``viewer_id`` may see it.

    It names the proof of its creation, of its latest revision and of every
    revision in order; each comment names its own.
    """
    discussion = get_or_404(Discussion, discussion_id)
    comments = list(
        db.session.scalars(
            select(Comment)
            .where(Comment.discussion_id == discussion.id)
            .order_by(Comment.created, Comment.id)
        )
    )
    keys = [("discussion", discussion.id)] + [("comment", comment.id) for comment in comments]
    shown, taken_back = Shown(viewer_id, states(keys)), withdrawn(keys)
    if shown.hides("discussion", discussion):
        return shown.post("discussion", discussion, {})
    authors = authors_of({discussion.pseudonym_id} | {c.pseudonym_id for c in comments})
    detail = _summary(discussion, _tags([discussion.id])[discussion.id], authors, taken_back)
    detail["body"] = discussion.body
    revisions = revision_proofs(DiscussionRevision, [discussion.id])[discussion.id]
    detail.update(proof_links(discussion.envelope_id, revisions))
    detail["comments"] = [comment_json(shown, comment, authors, taken_back) for comment in comments]
    detail["moderation"] = shown.moderation("discussion", discussion)
    return detail


@raises(errors.DiscussionNotFound, require_visible)
def discussion_revisions(discussion_id: int, viewer_id: int) -> list[dict[str, Any]]:
    """Every version of the discussion, oldest first; if it is hidden, its author's alone."""
    require_visible(viewer_id, get_or_404(Discussion, discussion_id))
    rows = db.session.scalars(
        select(DiscussionRevision)
        .where(DiscussionRevision.discussion_id == discussion_id)
        .order_by(DiscussionRevision.number)
    )
    return [revision_json(row) for row in rows]
