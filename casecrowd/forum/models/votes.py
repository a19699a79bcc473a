"""Votes: one row per (pseudonym, target), updated in place; the latest signed vote wins.

Every vote envelope stays in ``signed_envelopes`` for recounts; this row
points at the one that currently counts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import ForumModel, UTCDateTime


class Vote(ForumModel):
    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("pseudonym_id", "target_kind", "target_id"),
        Index("ix_votes_target_kind_target_id", "target_kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pseudonym_id: Mapped[int] = mapped_column(ForeignKey("pseudonyms.id"))
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)
    # The signed time and envelope id of the vote that counts: a replayed
    # older vote compares lower and changes nothing.
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    client_id: Mapped[str] = mapped_column(String(64))
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"))
