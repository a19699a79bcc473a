"""The lounge's discussions: free writing with comments, votes, flags and edits.

Kept apart from cases (a discussion has no patient fields, answers or
outcome) but shaped like them, so the listings, search, moderation and
withdrawal that serve cases serve discussions too. ``created`` comes from the
signed envelope, as for every post.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import ForumModel, UTCDateTime


class Discussion(ForumModel):
    __tablename__ = "discussions"
    # One index per listing order, (sort key, id), as for cases.
    __table_args__ = (
        Index("ix_discussions_created_id", "created", "id"),
        Index("ix_discussions_last_activity_id", "last_activity", "id"),
        Index("ix_discussions_score_id", "score", "id"),
        Index("ix_discussions_comment_count_created_id", "comment_count", "created", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    last_activity: Mapped[datetime] = mapped_column(UTCDateTime())


class DiscussionTag(ForumModel):
    __tablename__ = "discussion_tags"

    discussion_id: Mapped[int] = mapped_column(ForeignKey("discussions.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class DiscussionRevision(ForumModel):
    """Every version of a discussion, the first one included; ``fields`` is the full snapshot."""

    __tablename__ = "discussion_revisions"
    __table_args__ = (UniqueConstraint("discussion_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    discussion_id: Mapped[int] = mapped_column(ForeignKey("discussions.id"))
    number: Mapped[int] = mapped_column(Integer)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    phi_acknowledged: Mapped[list[Any]] = mapped_column(JSON, default=list)
