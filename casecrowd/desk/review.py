"""Verifiers' work: the queue, decisions on applications and memberships, the audit log.

Each decision is one transaction: a conditional UPDATE (so two verifiers
deciding at once cannot both win) and its audit entry, which is the only
record of the day it was made. Approval also copies the claimed credential
fingerprints into the unique held ones, so of several applications giving
one NPI or licence at most one is ever approved, even under concurrent
approvals; the rows a verifier sees carry their conflicts
(``casecrowd.desk.conflicts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from casecrowd.db import db
from casecrowd.desk import conflicts
from casecrowd.desk.credentials import licence_fingerprint, npi_fingerprint
from casecrowd.desk.keys import pepper
from casecrowd.desk.models import (
    APPROVE,
    APPROVED,
    PENDING,
    REINSTATE,
    REJECT,
    REJECTED,
    SUSPEND,
    SUSPENDED,
    AuditEntry,
    Membership,
)
from casecrowd.problems import Conflict, NotFound, Unprocessable, raises
from casecrowd.staff.models import StaffAccount


class ApplicationUnknown(NotFound):
    code, title = "application-unknown", "No such application"


class WrongStatus(Conflict):
    code, title = "wrong-status", "Not possible in this status"
    doc_note = "`current_status` says the status it has now."


class CredentialHeld(Conflict):
    code, title = "credential-held", "Another membership holds this credential"

    def __init__(self) -> None:
        super().__init__(
            "Another approved or suspended membership holds this NPI or licence; the"
            " application's `conflicts` name it. Reject one of the two."
        )


class ReasonRepeatsIdentity(Unprocessable):
    code, title = "reason-repeats-identity", "Reason repeats identity fields"

    def __init__(self) -> None:
        super().__init__(
            "The reason must not repeat the applicant's name, licence number, NPI or email:"
            " the audit log keeps it after those are erased.",
            extra={"invalid-params": [{"name": "reason", "reason": "repeats an identity field"}]},
        )


@dataclass(frozen=True)
class Transition:
    before: str
    after: str
    done: str  # the action in the past tense, for messages
    reason_required: bool


TRANSITIONS = {
    APPROVE: Transition(PENDING, APPROVED, "approved", reason_required=False),
    REJECT: Transition(PENDING, REJECTED, "rejected", reason_required=True),
    SUSPEND: Transition(APPROVED, SUSPENDED, "suspended", reason_required=True),
    REINSTATE: Transition(SUSPENDED, APPROVED, "reinstated", reason_required=True),
}


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int


def pending_queue(page: int, per_page: int) -> Page:
    """Pending applications, oldest first: ids are given in the order applications arrive."""
    pending = select(Membership).where(Membership.status == PENDING)
    total = db.session.scalar(select(func.count()).select_from(pending.subquery())) or 0
    rows = db.session.scalars(
        pending.options(selectinload(Membership.audit_entries))
        .order_by(Membership.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = list(rows)
    conflicts.annotate(items)
    return Page(items, page, per_page, total)


@raises(ApplicationUnknown)
def get_application(application_id: int) -> Membership:
    """One row, with its conflicts."""
    membership = db.session.get(Membership, application_id)
    if membership is None:
        raise ApplicationUnknown("There is no application with that id.")
    conflicts.annotate([membership])
    return membership


def _identity_words(membership: Membership) -> list[str]:
    words = [membership.licence_number, membership.npi, membership.email]
    if membership.legal_name:
        words.append(membership.legal_name)
        words += [part for part in re.split(r"[\s,.'-]+", membership.legal_name) if len(part) >= 3]
    return [w for w in words if w]


def _repeats_identity(membership: Membership, reason: str) -> bool:
    text = reason.casefold()
    squeezed = re.sub(r"[\s\-./]", "", reason).upper()
    for word in _identity_words(membership):
        if re.search(rf"\b{re.escape(word.casefold())}\b", text):
            return True
    # Long numbers also count when written with spaces or dashes inside.
    numbers = (membership.licence_number, membership.npi)
    return any(n and len(n) >= 5 and n in squeezed for n in numbers)


@raises(get_application, Unprocessable, ReasonRepeatsIdentity, WrongStatus, CredentialHeld)
def decide(application_id: int, action: str, actor: StaffAccount, reason: str | None) -> Membership:
    """Apply ``action`` (approve, reject, suspend, reinstate) and log it.

    Approving takes the application's credentials: refused (409, nothing
    written) while another membership holds one of them. Suspension keeps
    them held; a rejected application never held any.
    """
    transition = TRANSITIONS[action]
    membership = get_application(application_id)
    if transition.reason_required and not reason:
        raise Unprocessable(
            f"A reason is required to {action}.",
            extra={"invalid-params": [{"name": "reason", "reason": "required"}]},
        )
    if reason and _repeats_identity(membership, reason):
        raise ReasonRepeatsIdentity()
    values: dict[str, Any] = {"status": transition.after}
    if action == APPROVE:
        # The unique held fingerprints, not a look-up first: two verifiers
        # approving two claimants at once cannot both succeed.
        values.update(
            npi_fingerprint=Membership.claimed_npi_fingerprint,
            licence_fingerprint=Membership.claimed_licence_fingerprint,
        )
    values["status_reason"] = reason if transition.after in (REJECTED, SUSPENDED) else None
    try:
        result = db.session.execute(
            update(Membership)
            .where(Membership.id == application_id, Membership.status == transition.before)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    except IntegrityError:
        db.session.rollback()
        raise CredentialHeld() from None
    if result.rowcount != 1:
        db.session.rollback()
        current = get_application(application_id).status
        raise WrongStatus(
            f"This application is {current}; only a {transition.before} one can be"
            f" {transition.done}.",
            extra={"current_status": current},
        )
    db.session.add(
        AuditEntry(actor=actor.username, action=action, membership_id=application_id, reason=reason)
    )
    db.session.commit()
    db.session.refresh(membership)
    conflicts.annotate([membership])
    return membership


def find_by_credential(
    npi: str | None, jurisdiction: str | None, licence_number: str | None
) -> list[Membership]:
    """Applications and memberships claiming a credential, by fingerprint.

    Works after retention erased the identity fields, so a membership whose
    licence was revoked can still be found and suspended.
    """
    key = pepper()
    conditions = []
    if npi:
        conditions.append(Membership.claimed_npi_fingerprint == npi_fingerprint(key, npi))
    if jurisdiction and licence_number:
        fingerprint = licence_fingerprint(key, jurisdiction, licence_number)
        conditions.append(Membership.claimed_licence_fingerprint == fingerprint)
    if not conditions:
        return []
    found = select(Membership).options(selectinload(Membership.audit_entries))
    rows = list(db.session.scalars(found.where(or_(*conditions)).order_by(Membership.id)))
    conflicts.annotate(rows)
    return rows


def audit_log(page: int, per_page: int, membership_id: int | None) -> Page:
    """Audit entries, newest (highest sequence number) first."""
    entries = select(AuditEntry)
    if membership_id is not None:
        entries = entries.where(AuditEntry.membership_id == membership_id)
    total = db.session.scalar(select(func.count()).select_from(entries.subquery())) or 0
    rows = db.session.scalars(
        entries.order_by(AuditEntry.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return Page(list(rows), page, per_page, total)
