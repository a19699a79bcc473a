"""``casecrowd poll new|vote|show``: polls on cases."""

from __future__ import annotations

import click


@click.group("poll")
def poll_group() -> None:
    """Polls on cases: ask one, vote, see the results."""
