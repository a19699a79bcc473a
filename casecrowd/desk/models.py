"""Applications and memberships (one row each), and the desk's audit log.

A membership *is* the application once approved: one row from the first
request to the end, so the issuer can reference ``desk_memberships.id``.

No time is kept next to a membership but the *day* of each entry in the
audit log (application, decisions, erasure): with the issuer's counts per
epoch, a finer time could be matched with the moment a pseudonym first
appeared in the forum.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casecrowd.clock import utc_today
from casecrowd.db import IdentityModel

PENDING, APPROVED, REJECTED, SUSPENDED = "pending", "approved", "rejected", "suspended"
STATUSES = (PENDING, APPROVED, REJECTED, SUSPENDED)
APPLY, APPROVE, REJECT, SUSPEND, REINSTATE, ERASE = (
    "apply",
    "approve",
    "reject",
    "suspend",
    "reinstate",
    "erase",
)
ACTIONS = (APPLY, APPROVE, REJECT, SUSPEND, REINSTATE, ERASE)
# The decisions that take an application out of ``pending``.
DECIDING_ACTIONS = (APPROVE, REJECT)
# Actors of the entries the desk records by itself; neither can be a staff
# username (casecrowd.staff.service.USERNAME_PATTERN), so an entry's actor
# is never ambiguous.
APPLICANT, RETENTION = "(applicant)", "(retention)"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Membership(IdentityModel):
    __tablename__ = "desk_memberships"
    __table_args__ = (
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        # The review queue: pending applications, oldest (lowest id) first.
        Index("ix_desk_memberships_queue", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the membership secret (see casecrowd.staff.tokens for why a
    # fast hash suffices); the secret itself is shown once and never stored.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    specialty: Mapped[str] = mapped_column(String(64))
    # Keyed hashes (HMAC under the desk pepper) of the credentials the
    # application gives. Not unique: applying proves nothing, so a pending
    # application must not lock a physician's public NPI away from them.
    # Applications sharing one are shown to verifiers side by side.
    claimed_npi_fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    claimed_licence_fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    # The same fingerprints while this row *holds* its credentials: copied by
    # the approval, kept while suspended, NULL otherwise (NULLs do not
    # collide). Unique, so that at most one membership per physician is ever
    # approved, even when two verifiers approve at once.
    npi_fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    licence_fingerprint: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Identity fields: seen by verifiers only, erased by retention (an
    # application always has a legal name until then).
    legal_name: Mapped[str | None] = mapped_column(String(200))
    licence_number: Mapped[str | None] = mapped_column(String(32))
    jurisdiction: Mapped[str | None] = mapped_column(String(6))
    npi: Mapped[str | None] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    # Why the application was rejected or the membership suspended; shown to
    # the applicant. Checked not to repeat identity fields (it outlives them).
    status_reason: Mapped[str | None] = mapped_column(Text)

    # Not stored: set by casecrowd.desk.conflicts.annotate for the verifiers'
    # views (the other applications claiming one of these credentials, and
    # the one holding them if any).
    conflicts = ()
    credential_held_by = None

    # Read-only: nothing may change the log through a membership. Loaded when
    # read (the issuer's authentication never reads it); lists load it at once
    # with selectinload.
    audit_entries: Mapped[list[AuditEntry]] = relationship(order_by="AuditEntry.id", viewonly=True)

    def _first_day(self, actions: tuple[str, ...]) -> date | None:
        return next((e.on for e in self.audit_entries if e.action in actions), None)

    @property
    def applied_on(self) -> date | None:
        return self._first_day((APPLY,))

    @property
    def decided_on(self) -> date | None:
        return self._first_day(DECIDING_ACTIONS)

    @property
    def identity_erased_on(self) -> date | None:
        return self._first_day((ERASE,))


class AuditEntry(IdentityModel):
    """Who did what about which application, on which day, and why.

    Append-only: no code path updates or deletes it, and the migrations add
    triggers that refuse it. It names the staff account (or the desk itself:
    ``APPLICANT``, ``RETENTION``) and the application id, never the
    applicant's identity fields. The id is the sequence number that orders
    entries; the only time is the UTC day.
    """

    __tablename__ = "desk_audit_log"
    __table_args__ = (CheckConstraint(_one_of("action", ACTIONS), name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[date] = mapped_column(Date, default=utc_today)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    membership_id: Mapped[int] = mapped_column(ForeignKey("desk_memberships.id"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
