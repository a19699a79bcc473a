"""``casecrowd desk pending|approve|reject``: the review queue from the server's shell."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casecrowd.cli import cli
from casecrowd.db import engine
from casecrowd.desk.models import APPLICANT
from casecrowd.staff import service
from tests.desk.support import apply, membership_header
from tests.staff.support import add_account

STATUS = "/api/v1/desk/applications/status"


@pytest.fixture
def vera(app):
    add_account(app, "vera", "verifier")
    return "vera"


def desk(runner, *args):
    return runner.invoke(cli, ["desk", *map(str, args)])


def status_of(client, applied):
    response = client.get(STATUS, headers=membership_header(applied["membership_secret"]))
    return response.get_json()


def audit_rows(app):
    with app.app_context(), engine("identity").connect() as conn:
        query = "SELECT actor, action, membership_id, reason FROM desk_audit_log ORDER BY id"
        return [tuple(row) for row in conn.execute(sa.text(query))]


def test_pending_lists_the_queue_without_identity_fields(app, client, runner, vera):
    assert desk(runner, "pending").output == "no pending applications\n"
    first = apply(client, specialty="neurology")
    second = apply(client)
    desk(runner, "approve", first["application_id"], "--verifier", vera)

    listed = desk(runner, "pending")
    assert listed.exit_code == 0, listed.output
    (line,) = listed.output.splitlines()
    application_id, specialty, applied_on, conflicts = line.split("\t")
    assert (int(application_id), specialty) == (second["application_id"], "internal-medicine")
    assert applied_on == status_of(client, second)["applied_on"]
    assert conflicts == "-"


def test_approve_is_audited_under_the_named_verifier(app, client, runner, vera):
    applied = apply(client)
    result = desk(runner, "approve", applied["application_id"], "--verifier", "Vera")
    assert result.exit_code == 0, result.output
    assert result.output == f"application {applied['application_id']} approved by vera\n"
    assert status_of(client, applied)["status"] == "approved"
    assert audit_rows(app) == [
        (APPLICANT, "apply", applied["application_id"], None),
        ("vera", "approve", applied["application_id"], None),
    ]

    again = desk(runner, "approve", applied["application_id"], "--verifier", vera)
    assert again.exit_code == 1
    assert "This application is approved" in again.output
    assert len(audit_rows(app)) == 2


def test_reject_needs_a_reason_that_names_nobody(app, client, runner, vera):
    applied = apply(client, legal_name="Ada Quinn")
    application_id = applied["application_id"]
    missing = desk(runner, "reject", application_id, "--verifier", vera)
    assert missing.exit_code == 2 and "--reason" in missing.output
    blank = desk(runner, "reject", application_id, "--verifier", vera, "--reason", "  ")
    assert blank.exit_code == 2 and "blank" in blank.output
    naming = desk(
        runner, "reject", application_id, "--verifier", vera, "--reason", "Quinn is unknown"
    )
    assert naming.exit_code == 1
    assert "must not repeat the applicant's name" in naming.output
    assert "reason: repeats an identity field" in naming.output
    assert status_of(client, applied)["status"] == "pending"

    reason = "The licence could not be confirmed with the board."
    rejected = desk(runner, "reject", application_id, "--verifier", vera, "--reason", reason)
    assert rejected.exit_code == 0, rejected.output
    shown = status_of(client, applied)
    assert (shown["status"], shown["reason"]) == ("rejected", reason)
    assert audit_rows(app) == [
        (APPLICANT, "apply", application_id, None),
        ("vera", "reject", application_id, reason),
    ]


def test_only_an_active_verifier_or_admin_decides(app, client, runner, vera):
    applied = apply(client)
    application_id = applied["application_id"]
    add_account(app, "moe", "moderator")
    add_account(app, "ann", "admin")
    add_account(app, "val", "verifier")
    with app.app_context():
        service.set_active("val", False)

    refusals = {
        "nobody": "there is no staff account nobody",
        "moe": "moe is a moderator; only verifier and admin accounts decide",
        "val": "the staff account val is disabled",
    }
    for name, message in refusals.items():
        refused = desk(runner, "approve", application_id, "--verifier", name)
        assert refused.exit_code == 1
        assert message in refused.output
    assert audit_rows(app) == [(APPLICANT, "apply", application_id, None)]
    assert status_of(client, applied)["status"] == "pending"

    approved = desk(runner, "approve", application_id, "--verifier", "ann")
    assert approved.exit_code == 0, approved.output
    assert audit_rows(app) == [
        (APPLICANT, "apply", application_id, None),
        ("ann", "approve", application_id, None),
    ]


def test_an_unknown_application(runner, vera):
    result = desk(runner, "approve", 999, "--verifier", vera)
    assert result.exit_code == 1
    assert "There is no application with that id." in result.output
