"""Applying for membership and checking an application's status.

The issuer authenticates members with
:func:`casecrowd.desk.membership.authenticate_membership`, re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from casecrowd.db import db
from casecrowd.desk.credentials import licence_fingerprint, npi_fingerprint
from casecrowd.desk.keys import pepper
from casecrowd.desk.membership import (
    MembershipInactive,
    MembershipUnknown,
    authenticate_membership,
    find_by_secret,
)
from casecrowd.desk.models import APPLICANT, APPLY, PENDING, AuditEntry, Membership
from casecrowd.problems import Conflict, raises
from casecrowd.staff.tokens import new_token, token_digest

__all__ = [
    "AlreadyApplied",
    "MembershipInactive",
    "MembershipUnknown",
    "NewApplication",
    "application_status",
    "authenticate_membership",
    "submit_application",
]


class AlreadyApplied(Conflict):
    code, title = "already-applied", "Credential already in use"

    def __init__(self) -> None:
        # The same words whatever the other application's state: a second
        # applicant learns only that the credential is taken.
        super().__init__(
            "An application or membership already exists for this NPI or licence."
            " If you did not make it, contact the verification desk."
        )


@dataclass(frozen=True)
class NewApplication:
    membership: Membership
    secret: str


@raises(AlreadyApplied)
def submit_application(
    *,
    legal_name: str,
    licence_number: str,
    jurisdiction: str,
    npi: str,
    specialty: str,
    email: str,
) -> NewApplication:
    """Store a pending application and its "apply" audit entry; fields arrive validated.

    One transaction: the unique fingerprints decide a race between two
    applications for the same credential, and a conflict writes nothing.
    The audit entry is the only record of when (which day) it was made.
    """
    key = pepper()
    secret = new_token()
    membership = Membership(
        secret_hash=token_digest(secret),
        status=PENDING,
        specialty=specialty,
        npi_fingerprint=npi_fingerprint(key, npi),
        licence_fingerprint=licence_fingerprint(key, jurisdiction, licence_number),
        legal_name=legal_name,
        licence_number=licence_number,
        jurisdiction=jurisdiction,
        npi=npi,
        email=email,
    )
    db.session.add(membership)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyApplied() from None
    db.session.add(AuditEntry(actor=APPLICANT, action=APPLY, membership_id=membership.id))
    db.session.commit()
    return NewApplication(membership, secret)


@raises(find_by_secret)
def application_status(authorization: str | None) -> Membership:
    return find_by_secret(authorization)
