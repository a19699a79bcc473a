"""Membership secrets: how an applicant, and later the issuer, authenticates a member.

The secret travels as ``Authorization: Membership <secret>``; the views take
it out of the header (:func:`casecrowd.desk.views.membership_secret`) and
hand it here. It is looked up by its SHA-256 digest, so the database never
holds it and the lookup's timing says nothing useful about it.
"""

from __future__ import annotations

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.desk.models import APPROVED, PENDING, REJECTED, SUSPENDED, Membership
from casecrowd.problems import Forbidden, Unauthorized, documented_header, raises
from casecrowd.staff.tokens import digests_match, token_digest

SCHEME = "Membership"
SECURITY_SCHEME = "membershipSecret"
SECURITY_SCHEME_DOC = {
    "type": "apiKey",
    "in": "header",
    "name": "Authorization",
    "description": (
        "`Authorization: Membership <secret>` with the membership secret given once by "
        "POST /api/v1/desk/applications."
    ),
}

_INACTIVE = {
    PENDING: "The application is still pending review.",
    REJECTED: "The application was rejected.",
    SUSPENDED: "The membership is suspended.",
}


class MembershipUnknown(Unauthorized):
    code, title = "membership-unknown", "Membership secret required"
    doc_note = "Send `Authorization: Membership <secret>` with the secret given when applying."
    documented_headers = documented_header("WWW-Authenticate", '`Membership realm="casecrowd"`')

    def __init__(self) -> None:
        super().__init__(
            "Send the membership secret as Authorization: Membership <secret>;"
            " the one given is missing or unknown.",
            headers={"WWW-Authenticate": f'{SCHEME} realm="casecrowd"'},
        )


class MembershipInactive(Forbidden):
    code, title = "membership-inactive", "Membership not active"
    doc_note = "`membership_status` says whether it is pending, rejected or suspended."

    def __init__(self, status: str) -> None:
        super().__init__(_INACTIVE[status], extra={"membership_status": status})


@raises(MembershipUnknown)
def find_by_secret(secret: str | None) -> Membership:
    """The application or membership whose secret is presented, whatever its status."""
    if not secret:
        raise MembershipUnknown()
    digest = token_digest(secret)
    membership = db.session.scalar(select(Membership).where(Membership.secret_hash == digest))
    if membership is None or not digests_match(membership.secret_hash, digest):
        raise MembershipUnknown()
    return membership


@raises(find_by_secret, MembershipInactive)
def authenticate_membership(secret: str | None) -> Membership:
    """The approved membership presenting its secret.

    Raises :class:`MembershipUnknown` (401, ``WWW-Authenticate: Membership``)
    for a missing or unknown secret, :class:`MembershipInactive` (403, with
    ``membership_status``) for a pending, rejected or suspended one.
    """
    membership = find_by_secret(secret)
    if membership.status != APPROVED:
        raise MembershipInactive(membership.status)
    return membership
