"""Applying for membership and checking an application's status.

The issuer authenticates members with
:func:`casecrowd.desk.membership.authenticate_membership`.
"""

from __future__ import annotations

from dataclasses import dataclass

from casecrowd.db import db
from casecrowd.desk.credentials import licence_fingerprint, npi_fingerprint
from casecrowd.desk.keys import pepper
from casecrowd.desk.membership import find_by_secret
from casecrowd.desk.models import APPLICANT, APPLY, PENDING, AuditEntry, Membership
from casecrowd.desk.settings import desk_config
from casecrowd.problems import RateLimited, raises
from casecrowd.ratelimit import Limit, limiter
from casecrowd.staff.tokens import new_token, token_digest


@dataclass(frozen=True)
class NewApplication:
    membership: Membership
    secret: str


@raises(RateLimited)
def throttle_applications(npi: str) -> None:
    """Count one application for its NPI and for the whole desk, or neither (429).

    ``desk.applications_per_npi`` bounds how often one credential can be
    put in the review queue; the counter is keyed on the NPI's fingerprint
    (an HMAC under the desk pepper, itself HMAC'd again by the limiter), so
    no counter store holds an NPI. ``desk.applications_per_hour`` bounds
    how fast anyone can fill the queue, keyed on nothing about the
    applicant. Neither is keyed on an address.
    """
    config = desk_config()
    limiter().hit_all(
        Limit(
            config.applications_per_npi,
            "desk.applications.npi",
            npi_fingerprint(pepper(), npi),
            "applications with this NPI",
        ),
        Limit(
            f"{config.applications_per_hour}/hour",
            "desk.applications",
            "all",
            "applications to the desk (all applicants together)",
        ),
    )


@raises()  # nothing: a used credential is not an error the applicant may see
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

    Every application is accepted the same way, in the same steps, whether
    or not another row claims the same NPI or licence: the answer must not
    tell anyone whether a credential is in use (an NPI is public). Such rows
    meet in the verifiers' views (``casecrowd.desk.conflicts``); only the
    approval takes the credential. The audit entry is the only record of
    when (which day) the application was made.
    """
    key = pepper()
    secret = new_token()
    membership = Membership(
        secret_hash=token_digest(secret),
        status=PENDING,
        specialty=specialty,
        claimed_npi_fingerprint=npi_fingerprint(key, npi),
        claimed_licence_fingerprint=licence_fingerprint(key, jurisdiction, licence_number),
        legal_name=legal_name,
        licence_number=licence_number,
        jurisdiction=jurisdiction,
        npi=npi,
        email=email,
    )
    db.session.add(membership)
    db.session.flush()
    db.session.add(AuditEntry(actor=APPLICANT, action=APPLY, membership_id=membership.id))
    db.session.commit()
    return NewApplication(membership, secret)


@raises(find_by_secret)
def application_status(secret: str | None) -> Membership:
    return find_by_secret(secret)
