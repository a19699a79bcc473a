"""Operator commands run in the wrong place, or with a bad setting, say so in one line.

Each test runs the real ``casecrowd`` command in a folder of its own, the
way an operator would, with nothing configured but what the test says.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from casecrowd import config
from casecrowd.server import address_warnings


def casecrowd(cwd: Path, *args: str, env: dict[str, str] | None = None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    return subprocess.run(
        [sys.executable, "-m", "casecrowd", *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [["staff", "list"], ["desk", "retention"], ["keys", "list"], ["db", "current"]],
)
def test_a_command_outside_a_deployment_creates_nothing_and_says_so(tmp_path, command):
    result = casecrowd(tmp_path, *command)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "casecrowd init" in lines[0] and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_after_init_the_same_command_works(tmp_path):
    assert casecrowd(tmp_path, "init").returncode == 0
    result = casecrowd(tmp_path, "staff", "list")
    assert result.returncode == 0, result.stderr
    assert "no staff accounts" in result.stdout


def test_a_half_made_deployment_is_named_for_what_it_lacks(tmp_path):
    assert casecrowd(tmp_path, "init").returncode == 0
    (tmp_path / "instance" / "forum.sqlite3").unlink()
    result = casecrowd(tmp_path, "staff", "list")
    assert result.returncode == 1
    assert "no forum database" in result.stderr
    assert not (tmp_path / "instance" / "forum.sqlite3").exists()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CASECROWD_SERVER__PORT": "eighty"}, "server.port"),
        ({"CASECROWD_STAFF__LOGIN_FAILURES": "often"}, "staff.login_failures"),
        ({"CASECROWD_NO__SUCH_KEY": "1"}, "no.such_key"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(tmp_path, env, named):
    for command in (["staff", "list"], ["serve"], ["config", "show"]):
        result = casecrowd(tmp_path, *command, env=env)
        assert result.returncode == 1, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and named in lines[0], (command, result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_configuration_file_that_is_not_toml_is_one_line(tmp_path):
    bad = tmp_path / "casecrowd.toml"
    bad.write_text("[server\nport = 1\n")
    result = casecrowd(tmp_path, "staff", "list", env={"CASECROWD_CONFIG": str(bad)})
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not valid TOML" in result.stderr


def settings(**values) -> dict:
    loaded = config.load(environ={})
    for key, value in values.items():
        loaded[key.replace("__", ".")] = value
    return loaded


def test_the_public_url_follows_host_and_port_unless_set():
    assert config.public_url(settings(server__port=8123)) == "http://127.0.0.1:8123"
    every_interface = "0.0.0.0"  # noqa: S104 - what an operator binds to, not us
    assert config.public_url(settings(server__host=every_interface)) == "http://127.0.0.1:5000"
    assert config.public_url(settings(server__host="::")) == "http://[::1]:5000"
    explicit = settings(server__public_url="https://casecrowd.example/", server__port=8123)
    assert config.public_url(explicit) == "https://casecrowd.example"


def test_start_up_warns_only_when_clients_would_be_sent_elsewhere():
    every_interface = "0.0.0.0"  # noqa: S104 - what an operator binds to, not us
    assert address_warnings(settings(server__port=8123)) == []
    # A proxy's name: the server behind it listens wherever it likes.
    proxied = settings(server__public_url="https://casecrowd.example", server__port=8000)
    assert address_warnings(proxied) == []
    (mismatch,) = address_warnings(
        settings(server__public_url="http://127.0.0.1:5000", server__port=8000)
    )
    assert "server.public_url" in mismatch and "8000" in mismatch
    (everywhere,) = address_warnings(settings(server__host=every_interface, server__port=8000))
    assert "server.public_url" in everywhere
