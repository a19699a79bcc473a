"""Staff accounts and their login sessions (identity database)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casecrowd.db import IdentityModel

ROLES = ("verifier", "moderator", "admin")


def utcnow() -> datetime:
    """Naive UTC: the same value on SQLite (no time zones) and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class StaffAccount(IdentityModel):
    __tablename__ = "staff_accounts"
    __table_args__ = (CheckConstraint("role IN ('verifier', 'moderator', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    # Argon2id PHC string; it carries its own parameters, so a change of the
    # configured cost is detected per account and the hash redone at login.
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StaffSession(IdentityModel):
    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), index=True
    )
    # SHA-256 of the bearer token: a stolen database does not yield working
    # tokens, and the lookup is by this digest, never by the token itself.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    account: Mapped[StaffAccount] = relationship(lazy="joined")
