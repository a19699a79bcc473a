"""Failed staff logins, counted in the identity database: one count for every process.

These counters always live in the identity database, whatever
``ratelimit.storage_url`` says. Its embedded default, ``memory://``, counts
inside one process, so two gunicorn workers allowed twice the failures; the
identity database is shared by every worker and host of a deployment, it is
already on the login path (the account lookup), and failed logins are rare
enough that one more small write each costs nothing that matters. One code
path, with or without Redis, is also one path to test on both backends.

A rule "N/period" gives each (scope, name) N seats. A failure takes a free
seat, one never taken or taken more than ``period`` ago, with a single
``INSERT … ON CONFLICT DO UPDATE … WHERE failed_at <= cutoff``: the primary
key lets it either take that seat or change nothing, however many workers
race, so there is no read-then-write. When no seat is free the name waits
until the oldest one frees: at most N failures in any window of ``period``,
the same moving window as ``limits``.

Names are keyed, never per client address, and stored as HMAC-SHA256 under
a key derived from the staff key: a password typed into the name field must
not end up in a table. Unknown names get seats like real ones, so the
throttle does not tell which accounts exist.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from limits import parse
from sqlalchemy import delete, select

from casecrowd import db as databases
from casecrowd.db import db
from casecrowd.staff.keys import staff_keys
from casecrowd.staff.models import LoginFailure

PASSWORD, OTP = "password", "otp"


@dataclass(frozen=True)
class Rule:
    amount: int
    period: timedelta

    @classmethod
    def parse(cls, text: str) -> Rule:
        item = parse(text)
        return cls(item.amount, timedelta(seconds=item.get_expiry()))


def name_digest(name: str) -> str:
    """The key of a (normalised) name in the counters."""
    return hmac.new(staff_keys().name_key, name.encode(), hashlib.sha256).hexdigest()


def _live(scope: str, digest: str, rule: Rule, now: datetime) -> dict[int, datetime]:
    """The name's seats still taken at ``now``: seat → when it was taken."""
    rows = db.session.execute(
        select(LoginFailure.seat, LoginFailure.failed_at).where(
            LoginFailure.scope == scope,
            LoginFailure.name_digest == digest,
            LoginFailure.seat < rule.amount,
            LoginFailure.failed_at > now - rule.period,
        )
    )
    return dict(rows.all())


def _seconds_until_free(live: dict[int, datetime], rule: Rule, now: datetime) -> int:
    return max(1, math.ceil((min(live.values()) + rule.period - now).total_seconds()))


def retry_after(scope: str, digest: str, rule: Rule, now: datetime) -> int | None:
    """Seconds until the name may fail again; None while a seat is free."""
    live = _live(scope, digest, rule, now)
    if len(live) < rule.amount:
        return None
    return _seconds_until_free(live, rule, now)


def record(scope: str, digest: str, rule: Rule, now: datetime) -> int | None:
    """Count one failure: None when a seat was taken, else seconds until one frees.

    The caller commits (with whatever else the attempt wrote).
    """
    _purge(scope, now - rule.period)
    live = _live(scope, digest, rule, now)
    # The read only suggests seats; the conditional upsert decides.
    for seat in (s for s in range(rule.amount) if s not in live):
        if _take(scope, digest, seat, now, now - rule.period):
            return None
    live = _live(scope, digest, rule, now)
    return _seconds_until_free(live, rule, now) if live else 1


def _take(scope: str, digest: str, seat: int, now: datetime, cutoff: datetime) -> bool:
    insert = databases.upsert_insert("identity")
    statement = (
        insert(LoginFailure)
        .values(scope=scope, name_digest=digest, seat=seat, failed_at=now)
        .on_conflict_do_update(
            index_elements=["scope", "name_digest", "seat"],
            set_={"failed_at": now},
            where=LoginFailure.failed_at <= cutoff,
        )
        # A row comes back only when the seat was taken (rowcount of an
        # INSERT is not reported alike by every driver).
        .returning(LoginFailure.seat)
    )
    return db.session.execute(statement).first() is not None


def _purge(scope: str, cutoff: datetime) -> None:
    """Forget seats that freed before ``cutoff``: unknown names must not pile up rows."""
    expired = (LoginFailure.scope == scope) & (LoginFailure.failed_at <= cutoff)
    # Looking first keeps the common case (nothing expired) free of a write.
    if db.session.scalar(select(LoginFailure.seat).where(expired).limit(1)) is None:
        return
    db.session.execute(
        delete(LoginFailure).where(expired).execution_options(synchronize_session=False)
    )
