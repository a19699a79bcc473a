"""Query strings and response bodies of the lounge: discussions, their listings and search."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from casecrowd.forum.schemas.cases import (
    CommentSchema,
    author_accuracy,
    author_reputation,
    latest_proof_id,
    revision_proof_ids,
    withdrawn_member,
)
from casecrowd.forum.schemas.listing import (
    SnippetSchema,
    cursor_field,
    limit_field,
    next_cursor_field,
)
from casecrowd.forum.schemas.moderation import CaseModerationSchema
from casecrowd.forum.service.discussion_search import BODY_RANK, TITLE_RANK
from casecrowd.forum.service.listing import SORTS, WINDOWS
from casecrowd.protocol.cases import tag_validators
from casecrowd.protocol.discussions import LOUNGE_TAGS


class DiscussionListingQuerySchema(Schema):
    sort = fields.String(
        load_default="new",
        validate=validate.OneOf(SORTS),
        metadata={
            "description": (
                "hot: votes decayed by age (Lemmy's rank); new: newest first; top: highest"
                " score; active: latest activity first; unanswered: no comment yet, newest first."
            )
        },
    )
    tag = fields.String(
        load_default=None,
        validate=tag_validators(),
        metadata={
            "description": "Only discussions with this tag: a lounge topic ("
            + ", ".join(LOUNGE_TAGS)
            + ") or a free tag."
        },
    )
    window = fields.String(
        load_default=None,
        validate=validate.OneOf(tuple(WINDOWS)),
        metadata={"description": "Only discussions created within this period (any sort)."},
    )
    limit = limit_field("Discussions")
    cursor = cursor_field()


class DiscussionSummarySchema(Schema):
    id = fields.Integer()
    title = fields.String()
    tags = fields.List(
        fields.String(),
        metadata={"description": "Lounge topics (" + ", ".join(LOUNGE_TAGS) + ") and free tags."},
    )
    score = fields.Integer()
    comment_count = fields.Integer()
    author = fields.String(metadata={"description": "Handle of the author's pseudonym."})
    author_reputation = author_reputation()
    author_accuracy = author_accuracy()
    created = fields.DateTime()
    last_activity = fields.DateTime()
    revision = fields.Integer()
    proof_id = fields.Integer(
        metadata={"description": "The proof of the creation (revision 1); see latest_proof_id."}
    )
    withdrawn = withdrawn_member()
    moderation = fields.Nested(CaseModerationSchema)


class DiscussionDetailSchema(DiscussionSummarySchema):
    body = fields.String()
    latest_proof_id = latest_proof_id()
    revision_proof_ids = revision_proof_ids()
    comments = fields.List(fields.Nested(CommentSchema))


class DiscussionPageSchema(Schema):
    items = fields.List(fields.Nested(DiscussionSummarySchema))
    next_cursor = next_cursor_field()


class DiscussionHitSchema(DiscussionSummarySchema):
    snippet = fields.Nested(SnippetSchema)
    rank = fields.Integer(
        metadata={
            "description": f"{TITLE_RANK}: the title matches; {BODY_RANK}: the body matches."
            " Hits come by rank, then newest first."
        }
    )


class DiscussionSearchPageSchema(Schema):
    items = fields.List(fields.Nested(DiscussionHitSchema))
    next_cursor = next_cursor_field()
