"""Applications and memberships (one row each), and the decision audit log.

A membership *is* the application once approved: one row from the first
request to the end, so the issuer can reference ``desk_memberships.id``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casecrowd.db import IdentityModel
from casecrowd.staff.models import utcnow

PENDING, APPROVED, REJECTED, SUSPENDED = "pending", "approved", "rejected", "suspended"
STATUSES = (PENDING, APPROVED, REJECTED, SUSPENDED)
ACTIONS = ("approve", "reject", "suspend", "reinstate")


class Membership(IdentityModel):
    __tablename__ = "desk_memberships"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'suspended')", name="status"
        ),
        # The review queue: pending applications, oldest first.
        Index("ix_desk_memberships_queue", "status", "applied_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the membership secret (see casecrowd.staff.tokens for why a
    # fast hash suffices); the secret itself is shown once and never stored.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    specialty: Mapped[str] = mapped_column(String(64))
    # Keyed hashes of the credentials; unique, so one physician holds at most
    # one application or membership. A rejection clears them (NULLs do not
    # collide) so that the physician may apply again.
    npi_fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    licence_fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Identity fields: seen by verifiers only, erased by retention.
    legal_name: Mapped[str | None] = mapped_column(String(200))
    licence_number: Mapped[str | None] = mapped_column(String(32))
    jurisdiction: Mapped[str | None] = mapped_column(String(6))
    npi: Mapped[str | None] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Why the application was rejected or the membership suspended; shown to
    # the applicant. Checked not to repeat identity fields (it outlives them).
    status_reason: Mapped[str | None] = mapped_column(Text)
    identity_erased_on: Mapped[date | None] = mapped_column(Date)

    @property
    def identity_erased(self) -> bool:
        return self.identity_erased_on is not None


class AuditEntry(IdentityModel):
    """Who decided what about which application, when and why.

    Append-only: no code path updates or deletes it, and the migration adds
    triggers that refuse it. It names the staff account and the application
    id, never the applicant's identity fields.
    """

    __tablename__ = "desk_audit_log"
    __table_args__ = (
        CheckConstraint("action IN ('approve', 'reject', 'suspend', 'reinstate')", name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    membership_id: Mapped[int] = mapped_column(ForeignKey("desk_memberships.id"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
