"""Discussions: create and edit (every revision kept), as cases are.

A locked or hidden discussion takes no edit; a withdrawn one takes none
either. Comments on a discussion are written by
:func:`casecrowd.forum.service.answers.create_comment`, which names the
discussion as the comment's thread.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from casecrowd.db import db
from casecrowd.forum import errors
from casecrowd.forum.models import Discussion, DiscussionRevision, DiscussionTag
from casecrowd.forum.service.base import (
    Submission,
    add_revision,
    get_or_404,
    handles,
    result,
    screen,
    touch,
)
from casecrowd.forum.service.moderation_state import require_open
from casecrowd.forum.service.withdrawals import require_not_withdrawn
from casecrowd.problems import raises
from casecrowd.protocol.discussions import DISCUSSION_FIELDS

# The discussion fields stored in its own columns; its tags have a table of their own.
COLUMN_FIELDS = tuple(name for name in DISCUSSION_FIELDS if name != "tags")


def discussion_snapshot(discussion: Discussion, tags: list[str]) -> dict[str, Any]:
    snapshot: dict[str, Any] = {name: getattr(discussion, name) for name in COLUMN_FIELDS}
    snapshot["tags"] = sorted(tags)
    return snapshot


def tags_of(discussion_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(DiscussionTag.tag)
            .where(DiscussionTag.discussion_id == discussion_id)
            .order_by(DiscussionTag.tag)
        )
    )


@handles("discussion.create")
@raises(screen)
def create_discussion(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    acknowledged = screen(sub)
    discussion = Discussion(
        pseudonym_id=sub.pseudonym.id,
        envelope_id=sub.row.id,
        **{name: fields[name] for name in COLUMN_FIELDS},
        revision=1,
        score=0,
        comment_count=0,
        created=sub.created,
        last_activity=sub.created,
    )
    db.session.add(discussion)
    db.session.flush()
    db.session.add_all(
        DiscussionTag(discussion_id=discussion.id, tag=tag) for tag in fields["tags"]
    )
    snapshot = discussion_snapshot(discussion, fields["tags"])
    add_revision(sub, DiscussionRevision, 1, snapshot, acknowledged, discussion_id=discussion.id)
    return result(sub, discussion_id=discussion.id, revision=1), 201


@handles("discussion.edit")
@raises(errors.DiscussionNotFound, errors.NotAuthor, require_not_withdrawn, require_open, screen)
def edit_discussion(sub: Submission) -> tuple[dict[str, Any], int]:
    fields = sub.fields
    discussion = get_or_404(Discussion, fields["discussion_id"], for_update=True)
    if discussion.pseudonym_id != sub.pseudonym.id:
        raise errors.NotAuthor("Only the discussion's author may edit it.")
    require_not_withdrawn("discussion", discussion.id)
    require_open(sub.pseudonym.id, discussion)
    acknowledged = screen(sub)
    for name in COLUMN_FIELDS:
        if name in fields:
            setattr(discussion, name, fields[name])
    tags = fields.get("tags")
    if tags is not None:
        db.session.execute(
            delete(DiscussionTag).where(DiscussionTag.discussion_id == discussion.id)
        )
        db.session.add_all(DiscussionTag(discussion_id=discussion.id, tag=tag) for tag in tags)
    else:
        tags = tags_of(discussion.id)
    discussion.revision += 1
    snapshot = discussion_snapshot(discussion, tags)
    add_revision(
        sub,
        DiscussionRevision,
        discussion.revision,
        snapshot,
        acknowledged,
        discussion_id=discussion.id,
    )
    db.session.flush()
    touch(Discussion, discussion.id, sub.created)
    return result(sub, discussion_id=discussion.id, revision=discussion.revision), 200
