"""Erasing applicants' identity fields once a decision is old enough.

What stays: fingerprints (one membership per physician keeps holding),
status, specialty, the application and decision dates at day precision, and
the audit log (which never held identity fields). Safe to run at any time
and repeatedly: each row is erased once, by a conditional UPDATE.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from casecrowd.db import db
from casecrowd.desk.models import PENDING, Membership
from casecrowd.staff.models import utcnow


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def erase_expired_identities(now: datetime | None = None) -> int:
    """Erase identity fields of applications decided more than ``desk.retention_days`` ago.

    Returns how many applications were erased by this run.
    """
    now = now or utcnow()
    days = current_app.config["CASECROWD"]["desk.retention_days"]
    cutoff = now - timedelta(days=days)
    due = db.session.execute(
        select(Membership.id, Membership.applied_at, Membership.decided_at).where(
            Membership.status != PENDING,
            Membership.decided_at.is_not(None),
            Membership.decided_at <= cutoff,
            Membership.identity_erased_on.is_(None),
        )
    ).all()
    erased = 0
    for membership_id, applied_at, decided_at in due:
        result = db.session.execute(
            update(Membership)
            .where(Membership.id == membership_id, Membership.identity_erased_on.is_(None))
            .values(
                legal_name=None,
                licence_number=None,
                jurisdiction=None,
                npi=None,
                email=None,
                applied_at=_day(applied_at),
                decided_at=_day(decided_at),
                identity_erased_on=now.date(),
            )
            .execution_options(synchronize_session=False)
        )
        erased += result.rowcount
    db.session.commit()
    return erased
