"""``casecrowd flag`` and ``casecrowd appeal`` (being built)."""

from __future__ import annotations

import click


@click.command("flag")
def flag_command() -> None:
    """Flag a case, an answer or a comment for moderators."""


@click.command("appeal")
def appeal_command() -> None:
    """Appeal a moderation action that concerns you."""
