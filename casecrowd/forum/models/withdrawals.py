"""Authors' withdrawals: one row per case, answer or comment its author took back.

The row names the ``withdraw`` envelope and the target, nothing else; the
target's text is gone (``casecrowd.forum.service.redaction``). The unique
target decides a race between two withdrawals of one post.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import ForumModel, UTCDateTime


class Withdrawal(ForumModel):
    """The author's withdrawal of one target; ``created`` is the envelope's signed time."""

    __tablename__ = "withdrawals"
    __table_args__ = (UniqueConstraint("target_kind", "target_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[int] = mapped_column(ForeignKey("signed_envelopes.id"), unique=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
