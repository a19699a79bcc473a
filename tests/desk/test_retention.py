"""Retention: identity fields of decided applications are erased; the rest stays.

A decision is dated by its audit entry's day, and the log is append-only, so
tests move "today" forward (``erase_expired_identities(today=…)``) or record
an old decision the way the desk would have recorded it then.
"""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import update

from casecrowd.cli import cli
from casecrowd.clock import utc_today
from casecrowd.db import db, engine
from casecrowd.desk.models import APPROVED, RETENTION, AuditEntry, Membership
from casecrowd.desk.retention import erase_expired_identities
from tests.desk.support import application_data, apply, decide, membership_header
from tests.staff.support import FAST_ARGON2, staff_headers

IDENTITY = ("legal_name", "licence_number", "jurisdiction", "npi", "email")


def row(app, membership_id):
    with app.app_context(), engine("identity").connect() as conn:
        return (
            conn.execute(
                sa.text("SELECT * FROM desk_memberships WHERE id = :id"), {"id": membership_id}
            )
            .mappings()
            .one()
        )


def audit_rows(app):
    with app.app_context(), engine("identity").connect() as conn:
        query = "SELECT id, actor, action, membership_id, reason FROM desk_audit_log ORDER BY id"
        return [tuple(r) for r in conn.execute(sa.text(query))]


def erase(app, days_from_now=0):
    with app.app_context():
        return erase_expired_identities(utc_today() + timedelta(days=days_from_now))


def approved_long_ago(app, membership_id, days):
    """An approval as the desk recorded it ``days`` ago: status and a back-dated entry."""
    with app.app_context():
        db.session.execute(
            update(Membership).where(Membership.id == membership_id).values(status=APPROVED)
        )
        on = utc_today() - timedelta(days=days)
        db.session.add(
            AuditEntry(on=on, actor="verifier", action="approve", membership_id=membership_id)
        )
        db.session.commit()


def retention(runner):
    result = runner.invoke(cli, ["desk", "retention"])
    assert result.exit_code == 0, result.output
    return result.output


def test_erases_only_decisions_older_than_the_retention_period(app, client, verifier):
    decided = {}
    for action in ("approve", "reject", "suspend"):
        new = apply(client)
        first = "approve" if action == "suspend" else action
        decide(client, verifier, new["application_id"], first, "registry mismatch")
        if action == "suspend":
            decide(client, verifier, new["application_id"], "suspend", "licence revoked")
        decided[action] = new
    pending = apply(client)

    # Decided today: 30 days from now not every moment of today is 30 days old.
    assert erase(app, days_from_now=30) == 0
    assert erase(app, days_from_now=31) == 3

    for action, new in decided.items():
        erased = row(app, new["application_id"])
        assert all(erased[field] is None for field in IDENTITY), action
        assert erased["specialty"] == "internal-medicine"
        assert erased["secret_hash"]
    assert all(row(app, pending["application_id"])[field] for field in IDENTITY)


def test_the_command_finds_old_decisions_by_their_day_in_the_audit_log(app, client, verifier):
    old, recent = apply(client), apply(client)
    approved_long_ago(app, old["application_id"], days=31)
    decide(client, verifier, recent["application_id"], "approve")

    assert (
        retention(app.test_cli_runner()) == "erased identity fields of 1 decided application(s)\n"
    )

    assert all(row(app, old["application_id"])[field] is None for field in IDENTITY)
    assert all(row(app, recent["application_id"])[field] for field in IDENTITY)
    newest = audit_rows(app)[-1]
    assert newest[1:] == (RETENTION, "erase", old["application_id"], None)
    shown = client.get(
        f"/api/v1/desk/review/applications/{old['application_id']}", headers=verifier
    ).get_json()
    assert shown["identity_erased_on"] == utc_today().isoformat()
    assert shown["decided_on"] == (utc_today() - timedelta(days=31)).isoformat()


def test_what_stays_after_erasure(app, client, verifier):
    data = application_data(specialty="dermatology")
    new = apply(client, **data)
    decide(client, verifier, new["application_id"], "approve")
    before = row(app, new["application_id"])
    audit_before = audit_rows(app)
    assert erase(app, days_from_now=40) == 1

    after = row(app, new["application_id"])
    kept_columns = ("status", "specialty", "secret_hash", "npi_fingerprint", "licence_fingerprint")
    for kept in (*kept_columns, "claimed_npi_fingerprint", "claimed_licence_fingerprint"):
        assert after[kept] == before[kept], kept
    # The log keeps every entry and gains one: the erasure, on the day it ran.
    audit_after = audit_rows(app)
    assert audit_after[:-1] == audit_before
    assert audit_after[-1][1:] == (RETENTION, "erase", new["application_id"], None)

    # The membership goes on: status check, one-per-physician, look-up by credential.
    status = client.get(
        "/api/v1/desk/applications/status", headers=membership_header(new["membership_secret"])
    ).get_json()
    assert status["status"] == "approved"
    assert status["applied_on"] == status["decided_on"] == utc_today().isoformat()
    # Another application with the NPI is taken in, but cannot be approved.
    again = apply(client, npi=data["npi"])
    refused = decide(client, verifier, again["application_id"], "approve")
    assert refused.status_code == 409
    assert refused.get_json()["type"] == "urn:casecrowd:problem:credential-held"
    found = client.post(
        "/api/v1/desk/memberships/lookup", json={"npi": data["npi"]}, headers=verifier
    )
    item, other = found.get_json()["items"]
    assert other["id"] == again["application_id"]
    assert other["credential_held_by"] == new["application_id"]
    assert item["id"] == new["application_id"]
    assert item["legal_name"] is None
    assert item["identity_erased_on"] == (utc_today() + timedelta(days=40)).isoformat()
    assert (
        decide(client, verifier, new["application_id"], "suspend", "licence revoked").status_code
        == 200
    )


def test_running_again_changes_nothing(app, client, verifier):
    new = apply(client)
    decide(client, verifier, new["application_id"], "reject", "not a physician")
    assert erase(app, days_from_now=60) == 1
    once, log = row(app, new["application_id"]), audit_rows(app)
    assert erase(app, days_from_now=61) == 0
    assert row(app, new["application_id"]) == once
    assert audit_rows(app) == log


def test_retention_days_is_a_setting(make_app):
    app = make_app({**FAST_ARGON2, "desk": {"retention_days": 7}})
    client = app.test_client()
    verifier = staff_headers(app, client, "verifier")
    new = apply(client)
    decide(client, verifier, new["application_id"], "approve")
    assert erase(app, days_from_now=7) == 0
    assert erase(app, days_from_now=8) == 1
    assert row(app, new["application_id"])["npi"] is None


def test_nothing_to_erase_on_an_empty_desk(runner):
    assert retention(runner) == "erased identity fields of 0 decided application(s)\n"
