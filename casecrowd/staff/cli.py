"""``casecrowd staff``: manage staff accounts from the server's shell."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from casecrowd.problems import DomainError
from casecrowd.staff import service, totp
from casecrowd.staff.keys import StaffKeyMissing, staff_keys
from casecrowd.staff.models import ROLES


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        # One line, for scripts: `printf '%s\n' "$PW" | casecrowd staff add ...`.
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _run(action, *args):  # type: ignore[no-untyped-def]
    try:
        return action(*args)
    except DomainError as error:
        raise click.ClickException(error.detail) from None
    except StaffKeyMissing as error:
        raise click.ClickException(str(error)) from None


def _show_enrolment(enrolment: totp.Enrolment) -> None:
    # Printed once and stored nowhere in clear: the operator hands it to the
    # account's owner, who adds it to an authenticator app.
    if enrolment.replaced:
        click.echo(f"replaced the second factor of {enrolment.username}; its sessions ended")
    click.echo(f"second factor (TOTP) of {enrolment.username}; shown once, add it to an app now:")
    click.echo(f"  secret: {enrolment.secret}")
    click.echo(f"  uri:    {enrolment.uri}")


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
@click.option(
    "--totp",
    "with_totp",
    is_flag=True,
    help="Enrol a TOTP second factor (always done for verifier and admin).",
)
@password_stdin_option
@with_appcontext
def add_command(username: str, role: str, with_totp: bool, password_stdin: bool) -> None:
    """Create a staff account; the password is prompted for (or read from stdin).

    Verifiers and admins get their TOTP second factor at once: its secret and
    otpauth:// URI are printed, once.
    """
    enrol = with_totp or totp.required(role)
    if enrol:
        _run(staff_keys)  # before the prompt: without the key there is nothing to enrol
    password = _read_password(password_stdin)
    create = service.create_enrolled_account if enrol else service.create_account
    created = _run(create, username, role, password)
    click.echo(f"created {role} {service.normalise_username(username)}")
    if enrol:
        _show_enrolment(created)


@staff_group.command("totp")
@click.argument("username")
@with_appcontext
def totp_command(username: str) -> None:
    """Enrol a new TOTP second factor, replacing any; the account's open sessions end.

    The secret and otpauth:// URI are printed once; the old factor stops working.
    """
    _show_enrolment(_run(service.enrol_second_factor, username))


@staff_group.command("list")
@with_appcontext
def list_command() -> None:
    """List staff accounts: name, role, active or disabled, and the second factor.

    The factor column says ``totp``, ``no-totp``, or ``no-totp (cannot log in)``
    for a verifier or admin who needs one: enrol it with ``casecrowd staff totp``.
    """
    accounts = service.list_accounts()
    if not accounts:
        click.echo("no staff accounts")
    for account in accounts:
        state = "active" if account.active else "disabled"
        factor = "totp" if totp.enrolled(account) else "no-totp"
        if factor == "no-totp" and totp.required(account.role):
            factor += " (cannot log in)"
        click.echo(f"{account.username}\t{account.role}\t{state}\t{factor}")


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
