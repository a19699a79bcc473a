"""``casecrowd support``: the crisis and physician support lines, on request, offline."""

from __future__ import annotations

import click

from casecrowd.client import crisis
from casecrowd.client.cli.crisis_panel import EMERGENCY, resource_lines
from casecrowd.client.output import Output


def directory_json(directory: crisis.Directory) -> dict:
    """The data file as one JSON document, sources included."""
    return {
        "checked": directory.checked.isoformat(),
        "how_checked": directory.how_checked,
        "emergency": EMERGENCY,
        "resources": [
            {
                "name": entry.name,
                "country": entry.country,
                "audience": entry.audience,
                "contacts": [{"kind": c.kind, "value": c.value} for c in entry.contacts],
                "hours": entry.hours,
                "note": entry.note,
                "source": entry.source,
            }
            for entry in directory.entries
        ],
    }


@click.command("support")
@click.option("--json", "json_mode", is_flag=True, help="Print one JSON document on stdout.")
def support_command(json_mode: bool) -> None:
    """Show confidential support lines for physicians and crisis lines, by country.

    Read from the client's own copy; nothing is requested from any server, so
    nobody learns that you looked.
    """
    out = Output(json_mode)
    directory = crisis.resources()
    if json_mode:
        out.data(directory_json(directory))
        return
    out.human.print(resource_lines(directory))
