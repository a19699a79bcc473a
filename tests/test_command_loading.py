"""The one ``casecrowd`` command loads the server only for an operator command."""

from __future__ import annotations

import subprocess
import sys

from casecrowd import cli, operator_cli


def test_every_operator_command_is_named_where_the_command_looks_for_it() -> None:
    assert sorted(cli.OPERATOR_COMMANDS) == sorted(operator_cli.COMMANDS)


def loads_flask(command: str) -> bool:
    script = (
        "import sys, click\n"
        "from casecrowd.cli import cli\n"
        "with click.Context(cli) as ctx:\n"
        f"    assert cli.get_command(ctx, {command!r}) is not None\n"
        "print('flask' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip() == "True"


def test_a_client_verb_leaves_the_server_unloaded() -> None:
    assert not loads_flask("status")
    assert not loads_flask("verify")


def test_an_operator_command_brings_the_server() -> None:
    assert loads_flask("init")
