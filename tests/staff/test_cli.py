"""`casecrowd staff ...`: accounts are created, listed, disabled, re-passworded, enrolled."""

import re

import pyotp
import pytest
from sqlalchemy import select

from casecrowd.cli import cli
from casecrowd.db import db
from casecrowd.staff.keys import STAFF_KEY_FILE
from casecrowd.staff.models import StaffAccount
from tests.staff.support import (
    FAST_ARGON2,
    PASSWORD,
    add_account,
    bearer,
    code_at,
    login,
    next_step,
    remember,
)

ENROLMENT = re.compile(r"^  secret: (?P<secret>[A-Z2-7]+)\n  uri:    (?P<uri>otpauth://\S+)$", re.M)


def printed_secret(output, username):
    """The secret the command printed, checked against its URI; kept for the login helpers."""
    match = ENROLMENT.search(output)
    assert match, output
    parsed = pyotp.parse_uri(match["uri"])
    assert (parsed.secret, parsed.name, parsed.issuer) == (match["secret"], username, "CaseCrowd")
    remember(username, match["secret"])
    return match["secret"]


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
    printed_secret(result.output, "dana")
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
    printed_secret(result.output, "erin")


def test_add_reads_the_password_from_stdin_for_scripts(app, runner, client):
    result = runner.invoke(
        cli,
        ["staff", "add", "frank", "--role", "moderator", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output  # no prompt
    assert "secret" not in result.output  # a moderator's factor is optional
    assert stored_account(app, "frank").role == "moderator"
    assert stored_account(app, "frank").totp_secret is None
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


def test_list_shows_name_role_state_and_factor(app, runner):
    assert "no staff accounts" in runner.invoke(cli, ["staff", "list"]).output
    add_account(app, "ivy", "verifier")
    add_account(app, "jon", "moderator")
    add_account(app, "jan", "admin", second_factor=False)
    runner.invoke(cli, ["staff", "disable", "jon"])
    lines = runner.invoke(cli, ["staff", "list"]).output.splitlines()
    assert lines == [
        "ivy\tverifier\tactive\ttotp",
        "jan\tadmin\tactive\tno-totp (cannot log in)",
        "jon\tmoderator\tdisabled\tno-totp",
    ]


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
    assert login(client, "lee", new_password).status_code == 201  # the factor stays


def test_add_moderator_with_totp_enrols_one(app, runner, client):
    result = runner.invoke(
        cli,
        ["staff", "add", "moss", "--role", "moderator", "--totp", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    printed_secret(result.output, "moss")
    assert login(client, "moss", otp=None).status_code == 401
    assert login(client, "moss").status_code == 201


def test_totp_replaces_the_factor_and_ends_sessions(app, runner, client):
    old_secret = add_account(app, "nico", "verifier")
    headers = bearer(client, "nico")
    result = runner.invoke(cli, ["staff", "totp", "nico"])
    assert result.exit_code == 0, result.output
    assert "replaced the second factor of nico; its sessions ended" in result.output
    new_secret = printed_secret(result.output, "nico")
    assert new_secret != old_secret
    assert client.get("/api/v1/staff/me", headers=headers).status_code == 401
    step = next_step("nico")
    old_code = pyotp.TOTP(old_secret).generate_otp(step)
    if old_code != code_at("nico", step):
        assert login(client, "nico", otp=old_code).status_code == 401
    assert login(client, "nico").status_code == 201


def test_totp_enrols_an_account_from_before_factors(app, runner, client):
    add_account(app, "omar", "admin", second_factor=False)
    assert login(client, "omar").status_code == 403
    result = runner.invoke(cli, ["staff", "totp", "OMAR"])
    assert result.exit_code == 0, result.output
    assert "shown once" in result.output
    assert "replaced" not in result.output
    printed_secret(result.output, "omar")
    assert login(client, "omar").status_code == 201


def test_without_the_staff_key_nothing_is_enrolled(make_app, tmp_path):
    keys = tmp_path / "own-keys"
    app = make_app({**FAST_ARGON2, "paths": {"keys": str(keys)}})
    (keys / STAFF_KEY_FILE).unlink()
    runner = app.test_cli_runner()
    args = ["staff", "add", "pia", "--role", "verifier", "--password-stdin"]
    result = runner.invoke(cli, args, input=f"{PASSWORD}\n")
    assert result.exit_code == 1
    assert f"{STAFF_KEY_FILE} is missing from the keys folder; run casecrowd init" in result.output
    assert stored_account(app, "pia") is None


@pytest.mark.parametrize(
    "args",
    [
        ["disable", "nobody"],
        ["enable", "nobody"],
        ["set-password", "nobody", "--password-stdin"],
        ["totp", "nobody"],
    ],
)
def test_commands_on_unknown_accounts_fail_cleanly(runner, args):
    result = runner.invoke(cli, ["staff", *args], input=f"{PASSWORD}\n")
    assert result.exit_code == 1
    assert "There is no staff account with that name." in result.output
