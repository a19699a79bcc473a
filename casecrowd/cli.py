"""``casecrowd``: the one command, for physicians' clients and for operators.

A physician runs one short client verb at a time, so start-up is most of
what a command costs. Client verbs load only the client, the crypto and the
PHI guard; the operator commands, and with them Flask, SQLAlchemy and the
whole server, are loaded (:mod:`casecrowd.operator_cli`) only when one of them
is run.
"""

from __future__ import annotations

import importlib

import click

from casecrowd.client.cli import COMMANDS as CLIENT_COMMANDS

# The names of the commands in casecrowd.operator_cli.COMMANDS (a test keeps
# the two in step): listed here so that finding one loads nothing else.
OPERATOR_COMMANDS = (
    "init",
    "serve",
    "config",
    "db",
    "shell",
    "routes",
    "staff",
    "desk",
    "keys",
    "sweep",
    "metrics",
    "audit",
)


class CaseCrowdGroup(click.Group):
    """Client verbs as ordinary commands; operator commands resolved on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *OPERATOR_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in OPERATOR_COMMANDS:
            return importlib.import_module("casecrowd.operator_cli").command(ctx, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=CaseCrowdGroup)
@click.version_option(package_name="casecrowd", prog_name="casecrowd")
def cli() -> None:
    """CaseCrowd: verified physicians discussing cases under pseudonyms.

    Configuration comes from the TOML file named by CASECROWD_CONFIG and from
    CASECROWD_SECTION__KEY environment variables (see config.example.toml).
    """


for client_command in CLIENT_COMMANDS:  # physicians' verbs; they never build the app
    cli.add_command(client_command)


def main() -> None:
    cli(prog_name="casecrowd")
