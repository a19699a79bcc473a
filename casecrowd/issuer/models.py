"""What the issuer stores: tokens issued per membership per epoch, and a short retry cache.

Nothing else outlives the retry window: no blinded message, no signature,
no time finer than the epoch. A row here must not help anyone tie a token
seen at the forum to the membership (or the moment) it was issued to.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import IdentityModel


class TokenCount(IdentityModel):
    """Tokens issued to one membership in one epoch; the primary key makes it one row each."""

    __tablename__ = "issuer_token_counts"
    __table_args__ = (CheckConstraint("issued >= 0", name="issued"),)

    membership_id: Mapped[int] = mapped_column(
        ForeignKey("desk_memberships.id"), primary_key=True, autoincrement=False
    )
    epoch: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    issued: Mapped[int] = mapped_column(default=0)


class RetryEntry(IdentityModel):
    """A response kept for an identical retry, until ``expires_at``; then deleted.

    The key is the SHA-256 of the request body, not the body: the blinded
    message itself is never stored. The primary key lets only one of two
    concurrent identical requests spend quota.
    """

    __tablename__ = "issuer_retry_entries"

    membership_id: Mapped[int] = mapped_column(
        ForeignKey("desk_memberships.id"), primary_key=True, autoincrement=False
    )
    request_digest: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    response: Mapped[bytes] = mapped_column(LargeBinary(256))
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
