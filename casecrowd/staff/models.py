"""Staff accounts, their login sessions and failed-login counters (identity database).

A verifier approves inside a session, so a session's times would narrow the
time of an approval that the desk's audit log keeps to the day: a session
keeps only its expiry, rounded up to the hour, and an account only the day
it was created.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casecrowd.clock import utc_today
from casecrowd.db import IdentityModel, NaiveUTCDateTime

ROLES = ("verifier", "moderator", "admin")


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
    created_on: Mapped[date] = mapped_column(Date, default=utc_today)
    # The TOTP secret sealed with the staff key (casecrowd.staff.totp): it
    # must be readable to check codes, so it cannot be a hash; a copy of the
    # database without keys/ does not yield it. NULL: no second factor.
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary(128))
    # The last time step whose code was accepted; a code of that step or an
    # earlier one is a replay and is refused (RFC 6238 §5.2).
    totp_last_step: Mapped[int | None] = mapped_column()


class StaffSession(IdentityModel):
    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("staff_accounts.id", ondelete="CASCADE"), index=True
    )
    # SHA-256 of the bearer token: a stolen database does not yield working
    # tokens, and the lookup is by this digest, never by the token itself.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A whole hour (hours.next_whole_hour); deleted by the sweep once passed.
    expires_at: Mapped[datetime] = mapped_column(NaiveUTCDateTime(), index=True)

    account: Mapped[StaffAccount] = relationship(lazy="joined")


class LoginFailure(IdentityModel):
    """One failed login of a name, holding one of the rule's N seats (casecrowd.staff.throttle).

    Keyed by name, not by account, so that unknown names are throttled like
    real ones; the name is an HMAC digest, never the text typed.
    """

    __tablename__ = "staff_login_failures"
    __table_args__ = (CheckConstraint("scope IN ('password', 'otp')", name="scope"),)

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    seat: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    failed_at: Mapped[datetime] = mapped_column(NaiveUTCDateTime(), index=True)
