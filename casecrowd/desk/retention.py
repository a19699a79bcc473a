"""Erasing applicants' identity fields once a decision is old enough.

What stays: fingerprints (one membership per physician keeps holding),
status, specialty, and the audit log (which never held identity fields and
dates everything to the day). The erasure itself is an audit entry, so "when
was this erased" stays answerable at day precision. Safe to run at any time
and repeatedly: each row is erased once, by a conditional UPDATE, and only
the run that erased it records the entry.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from casecrowd.clock import utc_today
from casecrowd.db import db
from casecrowd.desk.models import (
    DECIDING_ACTIONS,
    ERASE,
    PENDING,
    RETENTION,
    AuditEntry,
    Membership,
)
from casecrowd.desk.settings import desk_config


def erase_expired_identities(today: date | None = None) -> int:
    """Erase identity fields of applications decided more than ``desk.retention_days`` ago.

    The decision's day is all the log keeps, so a decision counts as old
    enough only once every moment of that day is: it was made before
    ``today - retention_days``. Returns how many applications this run erased.
    """
    today = today or utc_today()
    cutoff = today - timedelta(days=desk_config().retention_days)
    due = db.session.scalars(
        select(Membership.id)
        .join(AuditEntry, AuditEntry.membership_id == Membership.id)
        .where(
            Membership.status != PENDING,
            Membership.legal_name.is_not(None),
            AuditEntry.action.in_(DECIDING_ACTIONS),
            AuditEntry.on < cutoff,
        )
        .distinct()
        .order_by(Membership.id)
    ).all()
    erased = 0
    for membership_id in due:
        result = db.session.execute(
            update(Membership)
            .where(Membership.id == membership_id, Membership.legal_name.is_not(None))
            .values(legal_name=None, licence_number=None, jurisdiction=None, npi=None, email=None)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            db.session.add(
                AuditEntry(on=today, actor=RETENTION, action=ERASE, membership_id=membership_id)
            )
            erased += 1
        db.session.commit()
    return erased
