"""``casecrowd desk``: operator commands of the verification desk."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from casecrowd.desk.retention import erase_expired_identities


@click.group("desk")
def desk_group() -> None:
    """Verification desk: retention of applicants' identity fields."""


@desk_group.command("retention")
@with_appcontext
def retention_command() -> None:
    """Erase identity fields of applications decided more than desk.retention_days ago.

    Safe to run at any time and repeatedly (e.g. daily from cron); prints how
    many applications this run erased.
    """
    count = erase_expired_identities()
    click.echo(f"erased identity fields of {count} decided application(s)")
