"""After a whole journey, nothing in the identity database dates a membership below the epoch.

Blind signatures make tokens unlinkable; only time could join "membership M
obtained tokens at t" with "pseudonym P appeared at t + a little". So every
table that refers to a membership (and ``desk_memberships`` itself) holds no
timestamp at all, dates only in the audit log, and epochs as integers; and
the retry cache holds no membership id. The tables are found by reflection,
not listed: a table added later is inspected too.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import update

from casecrowd.cli import cli
from casecrowd.clock import utc_today
from casecrowd.db import db, engine
from casecrowd.desk.models import APPROVED, AuditEntry, Membership
from tests.desk.support import apply, decide
from tests.issuer.support import current_key, issued, post_token_request, token_request
from tests.staff.support import FAST_ARGON2, add_account, bearer, login

MEMBERSHIPS = "desk_memberships"
DATED_TABLE = "desk_audit_log"
TIME_TYPES = (sa.DateTime, sa.Time, sa.Interval)
# A time written as text: a date followed by an hour and minute.
TIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@pytest.fixture
def app(make_app):
    return make_app(FAST_ARGON2)


def journey(app, client) -> dict[str, int]:
    """Apply, approve, tokens and a retry, a rejection, a suspension and reinstatement,
    retention of an old decision, staff logins (one failed). Returns the memberships made."""
    add_account(app, "vera", "verifier")
    verifier = bearer(client, "vera")
    assert login(client, "vera", "not the password", otp=None).status_code == 401

    member = apply(client)
    assert decide(client, verifier, member["application_id"], "approve").status_code == 200
    secret = member["membership_secret"]
    spki = current_key(client).spki
    body, _ = token_request(spki)
    first = post_token_request(client, secret, body)
    retry = post_token_request(client, secret, body)
    assert (first.status_code, retry.status_code, retry.data) == (200, 200, first.data)
    assert post_token_request(client, secret, token_request(spki)[0]).status_code == 200
    assert issued(app, member["application_id"]) == 2

    rejected = apply(client)
    rejection = decide(client, verifier, rejected["application_id"], "reject", "no such licence")
    assert rejection.status_code == 200
    suspended = apply(client)
    for action, reason in (("approve", None), ("suspend", "revoked"), ("reinstate", "appeal")):
        assert (
            decide(client, verifier, suspended["application_id"], action, reason).status_code == 200
        )

    # A decision the log dates 40 days back: the desk recorded it then.
    old = apply(client)
    with app.app_context():
        db.session.execute(
            update(Membership).where(Membership.id == old["application_id"]).values(status=APPROVED)
        )
        db.session.add(
            AuditEntry(
                on=utc_today() - timedelta(days=40),
                actor="vera",
                action="approve",
                membership_id=old["application_id"],
            )
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(cli, ["desk", "retention"])
    assert result.output == "erased identity fields of 1 decided application(s)\n"
    pending = apply(client)
    return {
        "member": member["application_id"],
        "rejected": rejected["application_id"],
        "suspended": suspended["application_id"],
        "old": old["application_id"],
        "pending": pending["application_id"],
    }


def reflected(app) -> tuple[sa.MetaData, dict[str, list[dict]]]:
    with app.app_context(), engine("identity").connect() as conn:
        metadata = sa.MetaData()
        metadata.reflect(conn)
        rows = {
            name: [dict(row) for row in conn.execute(sa.select(table)).mappings()]
            for name, table in metadata.tables.items()
        }
    return metadata, rows


def refers_to_a_membership(table: sa.Table) -> bool:
    return table.name == MEMBERSHIPS or any(
        fk.column.table.name == MEMBERSHIPS for fk in table.foreign_keys
    )


def looks_like_unix_time(value: int) -> bool:
    now = datetime.now().timestamp()
    year = 366 * 86400
    return any(abs(value / scale - now) < year for scale in (1, 1000, 1000000))


def test_no_time_finer_than_the_epoch_is_kept_next_to_a_membership(app, client):
    memberships = journey(app, client)
    metadata, rows = reflected(app)

    tables = [t for t in metadata.tables.values() if refers_to_a_membership(t)]
    names = {t.name for t in tables}
    assert {MEMBERSHIPS, DATED_TABLE, "issuer_token_counts"} <= names
    for table in tables:
        assert rows[table.name], f"{table.name} has rows to inspect"
        for column in table.columns:
            where = f"{table.name}.{column.name}"
            assert not isinstance(column.type, TIME_TYPES), f"{where} is a time"
            if isinstance(column.type, sa.Date):
                assert table.name == DATED_TABLE, f"{where} is a date outside the audit log"
        for row in rows[table.name]:
            for name, value in row.items():
                where = f"{table.name}.{name}"
                assert not isinstance(value, datetime), where
                if isinstance(value, str):
                    assert not TIME_TEXT.search(value), where
                if isinstance(value, int) and not isinstance(value, bool):
                    assert not looks_like_unix_time(value), where
    # The audit log's dates are days, also as stored.
    with app.app_context(), engine("identity").connect() as conn:
        days = conn.execute(sa.text('SELECT "on" FROM desk_audit_log')).scalars().all()
    assert days and all(
        (isinstance(d, date) and not isinstance(d, datetime)) or len(str(d)) == 10 for d in days
    )
    logged = {(row["membership_id"], row["action"]) for row in rows[DATED_TABLE]}
    assert {(memberships["member"], "apply"), (memberships["old"], "erase")} <= logged

    # The retry cache holds the retried response, but no membership id anywhere.
    assert "issuer_retry_entries" in metadata.tables
    retry_table = metadata.tables["issuer_retry_entries"]
    assert not refers_to_a_membership(retry_table)
    assert rows["issuer_retry_entries"]
    ids = set(memberships.values())
    encodings = {
        encoding
        for n in ids
        for encoding in (
            str(n),
            str(n).encode(),
            n.to_bytes(4, "big"),
            n.to_bytes(8, "big"),
            n.to_bytes(4, "little"),
            n.to_bytes(8, "little"),
        )
    }
    for row in rows["issuer_retry_entries"]:
        key = bytes(row["entry_key"])
        assert len(key) == 32 and int.from_bytes(key, "big") not in ids
        for name, value in row.items():
            plain = bytes(value) if isinstance(value, memoryview) else value
            assert plain not in ids | encodings, f"issuer_retry_entries.{name}"


def test_staff_times_narrow_nothing_below_the_hour(app, client):
    journey(app, client)
    metadata, rows = reflected(app)
    sessions = metadata.tables["staff_sessions"]
    timed = [c.name for c in sessions.columns if isinstance(c.type, TIME_TYPES)]
    assert timed == ["expires_at"]
    for row in rows["staff_sessions"]:
        expires = row["expires_at"]
        assert (expires.minute, expires.second, expires.microsecond) == (0, 0, 0)
    accounts = metadata.tables["staff_accounts"]
    assert not [c.name for c in accounts.columns if isinstance(c.type, TIME_TYPES)]


def test_the_journey_is_still_answerable_by_day(app, client):
    memberships = journey(app, client)
    verifier = bearer(client, "vera")
    today = utc_today().isoformat()

    def shown(name):
        path = f"/api/v1/desk/review/applications/{memberships[name]}"
        return client.get(path, headers=verifier).get_json()

    assert (shown("member")["applied_on"], shown("member")["decided_on"]) == (today, today)
    assert shown("pending")["decided_on"] is None
    assert shown("old")["identity_erased_on"] == today
    assert shown("old")["decided_on"] == (utc_today() - timedelta(days=40)).isoformat()
