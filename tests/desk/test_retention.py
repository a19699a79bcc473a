"""Retention: identity fields of decided applications are erased; the rest stays."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import update

from casecrowd.cli import cli
from casecrowd.db import db, engine
from casecrowd.desk.models import Membership
from casecrowd.staff.models import utcnow
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
        return conn.execute(sa.text("SELECT * FROM desk_audit_log ORDER BY id")).all()


def age_decision(app, membership_id, days, hours=0):
    decided = utcnow() - timedelta(days=days, hours=hours)
    with app.app_context():
        db.session.execute(
            update(Membership).where(Membership.id == membership_id).values(decided_at=decided)
        )
        db.session.commit()
    return decided


def retention(runner):
    result = runner.invoke(cli, ["desk", "retention"])
    assert result.exit_code == 0, result.output
    return result.output


def test_erases_only_decisions_older_than_the_retention_period(app, client, runner, verifier):
    old = {}
    for action in ("approve", "reject", "suspend"):
        new = apply(client)
        decide(
            client,
            verifier,
            new["application_id"],
            "approve" if action == "suspend" else action,
            "registry mismatch",
        )
        if action == "suspend":
            decide(client, verifier, new["application_id"], "suspend", "licence revoked")
        old[action] = new
        age_decision(app, new["application_id"], days=31)
    recent = apply(client)
    decide(client, verifier, recent["application_id"], "approve")
    age_decision(app, recent["application_id"], days=29, hours=23)
    old_pending = apply(client)
    with app.app_context():
        db.session.execute(
            update(Membership)
            .where(Membership.id == old_pending["application_id"])
            .values(applied_at=utcnow() - timedelta(days=400))
        )
        db.session.commit()

    assert retention(runner) == "erased identity fields of 3 decided application(s)\n"

    for action, new in old.items():
        erased = row(app, new["application_id"])
        assert all(erased[field] is None for field in IDENTITY), action
        assert str(erased["identity_erased_on"]) == str(utcnow().date())
        assert erased["specialty"] == "internal-medicine"
        assert erased["secret_hash"]
    for kept in (recent, old_pending):
        assert all(row(app, kept["application_id"])[field] for field in IDENTITY)
        assert row(app, kept["application_id"])["identity_erased_on"] is None


def test_what_stays_after_erasure(app, client, runner, verifier):
    data = application_data(specialty="dermatology")
    new = apply(client, **data)
    decide(client, verifier, new["application_id"], "approve")
    before = row(app, new["application_id"])
    decided = age_decision(app, new["application_id"], days=40)
    audit_before = audit_rows(app)
    retention(runner)

    after = row(app, new["application_id"])
    for kept in ("status", "specialty", "npi_fingerprint", "licence_fingerprint", "secret_hash"):
        assert after[kept] == before[kept], kept
    decided_at = after["decided_at"]
    if isinstance(decided_at, str):
        decided_at = datetime.fromisoformat(decided_at)
    assert decided_at == datetime.combine(decided.date(), datetime.min.time())  # day precision
    assert audit_rows(app) == audit_before

    # The membership goes on: status check, one-per-physician, look-up by credential.
    status = client.get(
        "/api/v1/desk/applications/status", headers=membership_header(new["membership_secret"])
    )
    assert status.get_json()["status"] == "approved"
    assert (
        client.post("/api/v1/desk/applications", json=application_data(npi=data["npi"])).status_code
        == 409
    )
    found = client.post(
        "/api/v1/desk/memberships/lookup", json={"npi": data["npi"]}, headers=verifier
    )
    (item,) = found.get_json()["items"]
    assert item["id"] == new["application_id"]
    assert item["legal_name"] is None and item["identity_erased_on"]
    assert (
        decide(client, verifier, new["application_id"], "suspend", "licence revoked").status_code
        == 200
    )


def test_running_again_changes_nothing(app, client, runner, verifier):
    new = apply(client)
    decide(client, verifier, new["application_id"], "reject", "not a physician")
    age_decision(app, new["application_id"], days=60)
    assert "of 1 decided" in retention(runner)
    once = row(app, new["application_id"])
    assert retention(runner) == "erased identity fields of 0 decided application(s)\n"
    assert row(app, new["application_id"]) == once


def test_retention_days_is_a_setting(make_app):
    app = make_app({**FAST_ARGON2, "desk": {"retention_days": 7}})
    client = app.test_client()
    verifier = staff_headers(app, client, "verifier")
    new = apply(client)
    decide(client, verifier, new["application_id"], "approve")
    age_decision(app, new["application_id"], days=8)
    assert "of 1 decided" in retention(app.test_cli_runner())
    assert row(app, new["application_id"])["npi"] is None


def test_nothing_to_erase_on_an_empty_desk(runner):
    assert retention(runner) == "erased identity fields of 0 decided application(s)\n"
