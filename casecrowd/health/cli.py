"""``casecrowd metrics``: the request counts of ended hours, for operators.

A command rather than a route: the counts live in both databases, and no
staff route touches the forum's.
"""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from casecrowd import metrics

DEFAULT_HOURS = 24
COLUMNS = ("hour", "role", "method", "route", "status_class", "requests")


@click.command("metrics")
@click.option(
    "--hours",
    type=click.IntRange(min=1, max=24 * 366),
    default=DEFAULT_HOURS,
    show_default=True,
    help="How many of the last ended hours to show.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON document (a list of rows).")
@with_appcontext
def metrics_command(hours: int, as_json: bool) -> None:
    """Requests per UTC hour, role, method, route template and status class.

    Only hours that have ended are shown. Each worker writes an ended hour's
    counts with its first request after the hour, and all it holds when it
    exits; an idle worker's counts appear once it serves again or stops.
    """
    rows = [row.as_json() for row in metrics.ended_hours(hours, metrics.recorder().clock())]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo(f"no requests counted in the last {hours} ended hour(s)")
        return
    click.echo("\t".join(COLUMNS))
    for row in rows:
        click.echo("\t".join(str(row[column]) for column in COLUMNS))
