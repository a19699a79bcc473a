"""The README's "Try it" section, run as written against a real server.

Its shell blocks are read from README.md at test time and run in order in one bash
session, in a folder laid out like a checkout (``.venv`` and ``examples``), next to
``.venv/bin/casecrowd serve`` started as *Run it* says. The reader is told the
client finds that server at its default address; here it listens on a free port,
which the environment names for the server and the client alike.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import ON_POSTGRES, PROJECT_ROOT, free_port

pytestmark = pytest.mark.live

SECTION = "Try it"
SHELL_BLOCK = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def section(readme: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme, re.DOTALL | re.M)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def shell_blocks() -> list[str]:
    blocks = SHELL_BLOCK.findall(section((PROJECT_ROOT / "README.md").read_text(), SECTION))
    assert blocks, f"the '{SECTION}' section has no shell blocks"
    return blocks


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A folder where ``.venv/bin/casecrowd`` is this environment's and examples/ is ours."""
    folder = tmp_path / "casecrowd"
    folder.mkdir()
    (folder / ".venv").symlink_to(Path(sys.prefix))
    (folder / "examples").symlink_to(PROJECT_ROOT / "examples")
    assert (folder / ".venv" / "bin" / "casecrowd").exists()
    return folder


@pytest.fixture
def environment(checkout: Path, fresh_database_urls) -> dict[str, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    env.update(
        XDG_CONFIG_HOME=str(checkout.parent / "config"),  # no developer's client.toml
        # The port alone: the public URL the server publishes follows it.
        CASECROWD_SERVER__PORT=str(port),
        CASECROWD_SERVER=url,
    )
    if ON_POSTGRES:
        # The README's deployment on this run's backend: fresh databases, dropped at the end.
        urls = fresh_database_urls()
        env["CASECROWD_DATABASE__IDENTITY_URL"] = urls["identity"]
        env["CASECROWD_DATABASE__FORUM_URL"] = urls["forum"]
    return env


@pytest.fixture
def server(checkout: Path, environment: dict[str, str]) -> Iterator[str]:
    """``.venv/bin/casecrowd serve``, as *Run it* starts it."""
    log_path = checkout.parent / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [".venv/bin/casecrowd", "serve"],
            cwd=checkout,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = environment["CASECROWD_SERVER"]
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"serve exited:\n{log_path.read_text()}"
            assert time.monotonic() < deadline, f"serve did not answer:\n{log_path.read_text()}"
            try:
                if requests.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_blocks_are_one_command_a_line():
    # `set -e` does not stop at a failing command joined by && or ||: the walk-through
    # would go on past a broken step, here and in a reader's script.
    for block in shell_blocks():
        assert not re.search(r"&&|\|\|", block), block


@pytest.mark.timeout(600)
def test_try_it_runs_as_written(checkout, environment, server):
    script = "set -euo pipefail\n" + "".join(
        f"echo '>>> block {number}' >&2\nset -x\n{block}set +x\n"
        for number, block in enumerate(shell_blocks(), start=1)
    )
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=checkout,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=540,
    )
    transcript = f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.returncode == 0, transcript
    assert f">>> block {len(shell_blocks())}" in result.stderr, transcript
    # The last step is `verify`: every link of the proof chain holds.
    verification = result.stdout.rsplit("Proof ", 1)[-1]
    assert "✗" not in verification, transcript
    assert "Valid: a verified physician's pseudonym signed this" in verification, transcript
