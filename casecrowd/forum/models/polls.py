"""Polls on cases, and one vote row per (poll, pseudonym): the latest signed vote counts.

Every vote envelope stays in ``signed_envelopes`` for recounts; the row
points at the one that currently counts, as for answer votes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import ForumModel, UTCDateTime


class Poll(ForumModel):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"))
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    question: Mapped[str] = mapped_column(String(300))
    options: Mapped[list[str]] = mapped_column(JSON)
    multiple: Mapped[bool] = mapped_column(Boolean)
    closes: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created: Mapped[datetime] = mapped_column(UTCDateTime())


class PollVote(ForumModel):
    __tablename__ = "poll_votes"
    __table_args__ = (UniqueConstraint("poll_id", "pseudonym_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id"))
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"))
    # Option numbers, 1 for the first; [] once the vote was withdrawn.
    choices: Mapped[list[Any]] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    client_id: Mapped[str] = mapped_column(String(64))
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"))
