"""What the issuer stores: tokens issued per membership per epoch, and a retry cache.

Nothing here pairs a membership with a time finer than the epoch, not even
for a moment: on PostgreSQL a deleted row stays readable as a dead tuple
until vacuumed, and the write-ahead log keeps every insert. So the retry
cache names neither the membership nor a time: its key is an HMAC that only
the issuer, holding the request, can recompute (casecrowd.issuer.retries).
No blinded message and no signature outlives its epoch. A row here must not
help anyone tie a token seen at the forum to the membership (or the moment)
it was issued to.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import IdentityModel

ENTRY_KEY_BYTES = 32


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
    """A response kept for an identical retry within its epoch; swept after the epoch ends.

    ``entry_key`` is HMAC-SHA256 under the issuer's retry secret of the
    membership id and the SHA-256 of the request body: neither the
    membership nor the blinded message is stored. The primary key lets only
    one of two concurrent identical requests spend quota.
    """

    __tablename__ = "issuer_retry_entries"

    entry_key: Mapped[bytes] = mapped_column(LargeBinary(ENTRY_KEY_BYTES), primary_key=True)
    response: Mapped[bytes] = mapped_column(LargeBinary(256))
    epoch: Mapped[int] = mapped_column(index=True)
