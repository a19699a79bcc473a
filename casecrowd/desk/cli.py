"""``casecrowd desk``: operator commands of the verification desk.

``pending``, ``approve`` and ``reject`` are the review queue from the server's shell:
they go through the same review service as the API, so each decision is written to
the audit log under the named verifier's account.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from marshmallow import ValidationError
from sqlalchemy import select

from casecrowd.db import db
from casecrowd.desk import review
from casecrowd.desk.models import Membership
from casecrowd.desk.retention import erase_expired_identities
from casecrowd.desk.review_views import VERIFIERS
from casecrowd.desk.schemas import DecisionSchema
from casecrowd.problems import DomainError
from casecrowd.staff.models import StaffAccount
from casecrowd.staff.service import normalise_username

PAGE_SIZE = 100


@click.group("desk")
def desk_group() -> None:
    """Verification desk: the review queue, decisions, retention of identity fields."""


@desk_group.command("retention")
@with_appcontext
def retention_command() -> None:
    """Erase identity fields of applications decided more than desk.retention_days ago.

    Safe to run at any time and repeatedly (e.g. daily from cron); prints how
    many applications this run erased.
    """
    count = erase_expired_identities()
    click.echo(f"erased identity fields of {count} decided application(s)")


@desk_group.command("pending")
@with_appcontext
def pending_command() -> None:
    """List applications waiting for a decision, oldest first: id, specialty, day applied,
    and the other applications giving the same NPI or licence ("-" if none).

    The applicants' identity fields are not shown here; a verifier reads them
    through the API (GET /api/v1/desk/review/applications/<id>).
    """
    page, shown = 1, 0
    while True:
        queue = review.pending_queue(page, PAGE_SIZE)
        for application in queue.items:
            applied_on = application.applied_on.isoformat() if application.applied_on else "-"
            click.echo(
                f"{application.id}\t{application.specialty}\t{applied_on}"
                f"\t{_conflicts(application)}"
            )
        shown += len(queue.items)
        if not queue.items or shown >= queue.total:
            break
        page += 1
    if shown == 0:
        click.echo("no pending applications")


def _conflicts(application: Membership) -> str:
    """``conflicts with 3 (approved: npi), 5 (pending: npi, licence)``, or ``-``."""
    if not application.conflicts:
        return "-"
    rows = (f"{c.id} ({c.status}: {', '.join(c.same)})" for c in application.conflicts)
    return "conflicts with " + ", ".join(rows)


def _verifier(username: str) -> StaffAccount:
    """The active verifier or admin account the decision is recorded under."""
    name = normalise_username(username)
    account = db.session.scalar(select(StaffAccount).where(StaffAccount.username == name))
    if account is None:
        raise click.ClickException(
            f"there is no staff account {name}; `casecrowd staff add {name} --role verifier`"
            " creates one"
        )
    if not account.active:
        raise click.ClickException(f"the staff account {name} is disabled")
    if account.role not in VERIFIERS:
        raise click.ClickException(
            f"{name} is a {account.role}; only {' and '.join(VERIFIERS)} accounts decide"
            " applications"
        )
    return account


def _decide(application_id: int, action: str, verifier: str, reason: str | None) -> None:
    account = _verifier(verifier)
    try:
        # The API's own checks of a reason (trimmed, not blank, not too long).
        body = DecisionSchema().load({} if reason is None else {"reason": reason})
    except ValidationError as error:
        messages = error.messages_dict.get("reason", [])
        raise click.BadParameter(" ".join(map(str, messages)), param_hint="--reason") from None
    try:
        decided = review.decide(application_id, action, account, body.get("reason"))
    except DomainError as error:
        problems = error.extra.get("invalid-params") or []
        details = "".join(f"; {p['name']}: {p['reason']}" for p in problems)
        raise click.ClickException(f"{error.detail}{details}") from None
    click.echo(f"application {decided.id} {decided.status} by {account.username}")


verifier_option = click.option(
    "--verifier",
    required=True,
    metavar="USERNAME",
    help="The verifier (or admin) staff account the audit log records the decision under.",
)


@desk_group.command("approve")
@click.argument("application_id", type=click.IntRange(min=1))
@verifier_option
@click.option("--reason", help="Optional; kept in the audit log for good.")
@with_appcontext
def approve_command(application_id: int, verifier: str, reason: str | None) -> None:
    """Approve the pending application APPLICATION_ID: its physician may obtain tokens."""
    _decide(application_id, "approve", verifier, reason)


@desk_group.command("reject")
@click.argument("application_id", type=click.IntRange(min=1))
@verifier_option
@click.option(
    "--reason",
    required=True,
    help="Shown to the applicant and kept in the audit log for good: it must not repeat"
    " their name, licence, NPI or email.",
)
@with_appcontext
def reject_command(application_id: int, verifier: str, reason: str) -> None:
    """Reject the pending application APPLICATION_ID; the credential may apply again."""
    _decide(application_id, "reject", verifier, reason)
