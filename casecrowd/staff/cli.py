"""``casecrowd staff``: manage staff accounts from the server's shell."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from casecrowd.problems import DomainError
from casecrowd.staff import service
from casecrowd.staff.models import ROLES


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line, for scripts: `printf '%s\n' "$PW" | casecrowd staff add ...`.
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _run(action, *args) -> None:  # type: ignore[no-untyped-def]
    try:
        action(*args)
    except DomainError as error:
        raise click.ClickException(error.detail) from None


password_stdin_option = click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of prompting.",
)


@click.group("staff")
def staff_group() -> None:
    """Staff accounts: verifiers, moderators and admins."""


@staff_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the account may do.")
@password_stdin_option
@with_appcontext
def add_command(username: str, role: str, password_stdin: bool) -> None:
    """Create a staff account; the password is prompted for (or read from stdin)."""
    password = _read_password(password_stdin)
    _run(service.create_account, username, role, password)
    click.echo(f"created {role} {service.normalise_username(username)}")


@staff_group.command("list")
@with_appcontext
def list_command() -> None:
    """List staff accounts: name, role, and whether the account is active."""
    accounts = service.list_accounts()
    if not accounts:
        click.echo("no staff accounts")
    for account in accounts:
        state = "active" if account.active else "disabled"
        click.echo(f"{account.username}\t{account.role}\t{state}")


@staff_group.command("set-password")
@click.argument("username")
@password_stdin_option
@with_appcontext
def set_password_command(username: str, password_stdin: bool) -> None:
    """Give an account a new password; its open sessions end."""
    password = _read_password(password_stdin)
    _run(service.set_password, username, password)
    click.echo(f"password changed for {service.normalise_username(username)}")


@staff_group.command("disable")
@click.argument("username")
@with_appcontext
def disable_command(username: str) -> None:
    """Stop an account from logging in; its open sessions end at once."""
    _run(service.set_active, username, False)
    click.echo(f"disabled {service.normalise_username(username)}")


@staff_group.command("enable")
@click.argument("username")
@with_appcontext
def enable_command(username: str) -> None:
    """Let a disabled account log in again."""
    _run(service.set_active, username, True)
    click.echo(f"enabled {service.normalise_username(username)}")
