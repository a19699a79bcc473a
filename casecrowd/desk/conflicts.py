"""Applications that claim the same credential, shown to verifiers side by side.

Anyone may apply with a physician's public NPI, so a second application for a
credential is accepted like any other and its applicant learns nothing; the
verifier sees every row claiming one of its credentials (by keyed fingerprint,
so this still works after retention erased the identity fields) and which of
them, if any, holds it. Only an approved or suspended membership holds a
credential (``Membership.npi_fingerprint``/``licence_fingerprint``, unique).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select

from casecrowd.db import db
from casecrowd.desk.models import APPROVED, SUSPENDED, Membership

HOLDING = (APPROVED, SUSPENDED)
NPI, LICENCE = "npi", "licence"


@dataclass(frozen=True)
class Conflict:
    """Another row claiming a credential of the one shown; ``same`` names which."""

    id: int
    status: str
    same: tuple[str, ...]


def annotate(memberships: Sequence[Membership]) -> None:
    """Set ``conflicts`` and ``credential_held_by`` on each row, in one query."""
    npis = {m.claimed_npi_fingerprint for m in memberships} - {None}
    licences = {m.claimed_licence_fingerprint for m in memberships} - {None}
    if not npis and not licences:
        return
    claimants = db.session.execute(
        select(
            Membership.id,
            Membership.status,
            Membership.claimed_npi_fingerprint,
            Membership.claimed_licence_fingerprint,
        )
        .where(
            or_(
                Membership.claimed_npi_fingerprint.in_(npis),
                Membership.claimed_licence_fingerprint.in_(licences),
            )
        )
        .order_by(Membership.id)
    ).all()
    for membership in memberships:
        found = []
        for row_id, status, npi, licence in claimants:
            same = tuple(
                name
                for name, theirs, ours in (
                    (NPI, npi, membership.claimed_npi_fingerprint),
                    (LICENCE, licence, membership.claimed_licence_fingerprint),
                )
                if ours is not None and theirs == ours
            )
            if row_id != membership.id and same:
                found.append(Conflict(row_id, status, same))
        membership.conflicts = tuple(found)
        membership.credential_held_by = next((c.id for c in found if c.status in HOLDING), None)
