"""Signed envelopes and the content they create: cases, answers, comments, revisions.

Every content row points at the envelope that created it; envelopes are kept
verbatim (canonical JSON text and detached signature) so that anyone can
re-verify them. ``created`` columns come from the signed envelope: the author
chose to sign that time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from casecrowd.db import ForumModel, UTCDateTime


class SignedEnvelope(ForumModel):
    """One accepted envelope, and the response it got (for idempotent retries)."""

    __tablename__ = "signed_envelopes"
    __table_args__ = (UniqueConstraint("pseudonym_id", "client_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    # The envelope's own "id", chosen by the client, unique per pseudonym.
    client_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    envelope: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(128))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    response_status: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[dict[str, Any]] = mapped_column(JSON)


class Case(ForumModel):
    __tablename__ = "cases"
    # One index per listing order, (sort key, id) as the listings page by
    # keyset on it; "unanswered" filters on answer_count first. No index on
    # status: too few values to narrow anything, and SQLite without
    # statistics would pick it over the order's index (8 ms instead of 0.6 ms
    # a page at 10,000 cases). "hot" is computed per row and can use none.
    __table_args__ = (
        Index("ix_cases_created_id", "created", "id"),
        Index("ix_cases_last_activity_id", "last_activity", "id"),
        Index("ix_cases_score_id", "score", "id"),
        Index("ix_cases_answer_count_created_id", "answer_count", "created", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # Whole years as text, "0".."89", or "90+": HIPAA Safe Harbor aggregates 90 and over.
    age: Mapped[str] = mapped_column(String(3))
    sex: Mapped[str] = mapped_column(String(16))
    presentation: Mapped[str] = mapped_column(Text)
    history: Mapped[str] = mapped_column(Text)
    examination: Mapped[str] = mapped_column(Text)
    investigations: Mapped[str] = mapped_column(Text)
    question: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="open")
    # Plain integer rather than a foreign key: answers already point at cases,
    # and a cycle of foreign keys cannot be created portably.
    accepted_answer_id: Mapped[int | None] = mapped_column(Integer)
    accept_envelope_id: Mapped[int | None] = mapped_column(ForeignKey("signed_envelopes.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_envelope_id: Mapped[int | None] = mapped_column(ForeignKey("signed_envelopes.id"))
    outcome_phi_acknowledged: Mapped[list[Any] | None] = mapped_column(JSON)
    # {"diagnosis": ..., "code": ...} from the latest outcome, when it named one.
    final_diagnosis: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Answers hidden from other members until they answer (casecrowd.forum.service.blind).
    blind: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    revision: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[int] = mapped_column(Integer, default=0)
    answer_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    last_activity: Mapped[datetime] = mapped_column(UTCDateTime())


class CaseTag(ForumModel):
    __tablename__ = "case_tags"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class CaseRevision(ForumModel):
    """Every version of a case, the first one included; ``fields`` is the full snapshot."""

    __tablename__ = "case_revisions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    number: Mapped[int] = mapped_column(Integer)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    phi_acknowledged: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Answer(ForumModel):
    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_case_id_created", "case_id", "created"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    body: Mapped[str] = mapped_column(Text)
    # Ranked: position 0 is the most likely diagnosis.
    differential: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # The differential's diagnoses and their codes' descriptions, one per line:
    # what search reads besides the body (casecrowd.forum.service.diagnoses).
    diagnoses: Mapped[str] = mapped_column(Text, default="", server_default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[datetime] = mapped_column(UTCDateTime())


class AnswerRevision(ForumModel):
    __tablename__ = "answer_revisions"
    __table_args__ = (UniqueConstraint("answer_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"))
    number: Mapped[int] = mapped_column(Integer)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    phi_acknowledged: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Comment(ForumModel):
    """A comment on a case (``answer_id`` empty), on one of its answers, or on a discussion.

    Exactly one of ``case_id`` and ``discussion_id`` is set: the thread the
    comment belongs to (a comment on an answer names the answer's case).
    """

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_case_id_created", "case_id", "created"),
        Index("ix_comments_discussion_id_created", "discussion_id", "created"),
        CheckConstraint(
            "(case_id IS NULL) <> (discussion_id IS NULL)"
            " AND (answer_id IS NULL OR case_id IS NOT NULL)",
            name="one_thread",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"), index=True)
    discussion_id: Mapped[int | None] = mapped_column(ForeignKey("discussions.id"))
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"), index=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    phi_acknowledged: Mapped[list[Any]] = mapped_column(JSON, default=list)
