"""``casecrowd modlog`` (being built)."""

from __future__ import annotations

import click


@click.group("modlog", invoke_without_command=True)
def modlog_group() -> None:
    """Read the forum's public mod log."""
