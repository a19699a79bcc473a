"""`casecrowd staff ...`: accounts are created, listed, disabled and re-passworded."""

import pytest
from sqlalchemy import select

from casecrowd.cli import cli
from casecrowd.db import db
from casecrowd.staff.models import StaffAccount
from tests.staff.support import PASSWORD, add_account, bearer, login


def stored_account(app, username):
    with app.app_context():
        return db.session.scalar(select(StaffAccount).where(StaffAccount.username == username))


def test_add_prompts_for_the_password_twice(app, runner, client):
    result = runner.invoke(
        cli, ["staff", "add", "Dana", "--role", "verifier"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert "created verifier dana" in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    account = stored_account(app, "dana")
    assert account.role == "verifier"
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    assert login(client, "dana").status_code == 201


def test_add_retries_when_the_confirmation_differs(app, runner):
    result = runner.invoke(
        cli,
        ["staff", "add", "erin", "--role", "admin"],
        input=f"{PASSWORD}\nsomething else entirely\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output
    assert stored_account(app, "erin").role == "admin"


def test_add_reads_the_password_from_stdin_for_scripts(app, runner, client):
    result = runner.invoke(
        cli,
        ["staff", "add", "frank", "--role", "moderator", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output  # no prompt
    assert stored_account(app, "frank").role == "moderator"
    assert login(client, "frank").status_code == 201


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["x", "--role", "verifier"], PASSWORD, "2 to 64 characters"),
        (["bad name", "--role", "verifier"], PASSWORD, "2 to 64 characters"),
        (["gina", "--role", "verifier"], "short", "at least 12 characters"),
        (["gina", "--role", "verifier"], "", "at least 12 characters"),
        (["gina", "--role", "verifier"], f" {PASSWORD}", "white space"),
        (["gina", "--role", "superuser"], PASSWORD, "Invalid value for '--role'"),
        (["gina"], PASSWORD, "Missing option '--role'"),
    ],
)
def test_add_refuses_bad_input_and_creates_nothing(app, runner, args, stdin, message):
    result = runner.invoke(cli, ["staff", "add", *args, "--password-stdin"], input=f"{stdin}\n")
    assert result.exit_code != 0
    assert message in result.output
    with app.app_context():
        assert db.session.scalars(select(StaffAccount)).all() == []


def test_add_refuses_an_existing_name_in_any_case(app, runner):
    add_account(app, "hana", "verifier")
    result = runner.invoke(
        cli, ["staff", "add", "HANA", "--role", "admin", "--password-stdin"], input=f"{PASSWORD}\n"
    )
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert stored_account(app, "hana").role == "verifier"


def test_list_shows_name_role_and_state(app, runner):
    assert "no staff accounts" in runner.invoke(cli, ["staff", "list"]).output
    add_account(app, "ivy", "verifier")
    add_account(app, "jon", "moderator")
    runner.invoke(cli, ["staff", "disable", "jon"])
    lines = runner.invoke(cli, ["staff", "list"]).output.splitlines()
    assert lines == ["ivy\tverifier\tactive", "jon\tmoderator\tdisabled"]


def test_disable_ends_sessions_and_logins_until_enabled(app, runner, client):
    add_account(app, "kim", "verifier")
    headers = bearer(client, "kim")
    assert runner.invoke(cli, ["staff", "disable", "kim"]).exit_code == 0
    assert client.get("/api/v1/staff/me", headers=headers).status_code == 401
    assert login(client, "kim").status_code == 401
    assert runner.invoke(cli, ["staff", "enable", "kim"]).exit_code == 0
    assert login(client, "kim").status_code == 201


def test_set_password_replaces_it_and_ends_sessions(app, runner, client):
    add_account(app, "lee", "verifier")
    headers = bearer(client, "lee")
    new_password = "another long passphrase"
    result = runner.invoke(
        cli, ["staff", "set-password", "lee", "--password-stdin"], input=f"{new_password}\n"
    )
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/staff/me", headers=headers).status_code == 401
    assert login(client, "lee").status_code == 401
    assert login(client, "lee", new_password).status_code == 201


@pytest.mark.parametrize(
    "args",
    [["disable", "nobody"], ["enable", "nobody"], ["set-password", "nobody", "--password-stdin"]],
)
def test_commands_on_unknown_accounts_fail_cleanly(runner, args):
    result = runner.invoke(cli, ["staff", *args], input=f"{PASSWORD}\n")
    assert result.exit_code == 1
    assert "There is no staff account with that name." in result.output
