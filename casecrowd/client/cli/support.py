"""``casecrowd support``: the crisis and physician support lines, on request, offline."""

from __future__ import annotations

from dataclasses import asdict

from casecrowd.client import crisis
from casecrowd.client.cli.context import ClientContext, client_command
from casecrowd.client.cli.crisis_panel import EMERGENCY, resource_lines


def directory_json(directory: crisis.Directory) -> dict:
    """The data file as one JSON document, sources included."""
    return {
        "checked": directory.checked.isoformat(),
        "how_checked": directory.how_checked,
        "emergency": EMERGENCY,
        "resources": [asdict(entry) for entry in directory.entries],
    }


@client_command(name="support")
def support_command(context: ClientContext) -> None:
    """Show confidential support lines for physicians and crisis lines, by country.

    Read from the client's own copy; nothing is requested from any server, so
    nobody learns that you looked.
    """
    directory = crisis.resources()
    context.out.data(directory_json(directory))
    context.out.human.print(resource_lines(directory))
