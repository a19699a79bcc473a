"""``casecrowd serve --port N`` in an empty folder: everything names the port it listens on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from casecrowd.crypto import envelope, http_auth, privacypass
from tests.conftest import PROJECT_ROOT, free_port

pytestmark = pytest.mark.live

DIRECTORY_PATH = "/.well-known/private-token-issuer-directory"


@contextmanager
def serving(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, Path]]:
    """Run ``casecrowd serve ARGS`` in ``folder`` with nothing configured; yield its log."""
    log = folder / "serve.log"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "casecrowd", "serve", *args],
            cwd=folder,
            env={**clean, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process, log
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if requests.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}:\n{log.read_text()}")


def forum_offer(url: str) -> dict:
    key = b"\x01" * 32
    body = {"public_key": envelope.pseudonym_id(key), "proof": "A" * 86}
    answer = requests.post(f"{url}/api/v1/pseudonyms", json=body, timeout=10)
    assert answer.status_code == 401
    (offer,) = http_auth.parse_www_authenticate(answer.headers["WWW-Authenticate"])
    return offer


@pytest.mark.parametrize("workers", [1, 2])
def test_a_port_of_ones_own_is_the_deployments_address(tmp_path, workers):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(tmp_path, "--port", str(port), "--workers", str(workers)) as (process, log):
        wait_for(url, process, log)
        directory = requests.get(url + DIRECTORY_PATH, timeout=10).json()
        request_uri, _keys = privacypass.parse_issuer_directory(directory)
        challenge = forum_offer(url)["challenge"]
        spec = requests.get(f"{url}/api/v1/openapi.json", timeout=10).json()
    assert request_uri == "/api/v1/issuer/token-requests"
    assert challenge.issuer_name == f"127.0.0.1:{port}"
    assert challenge.origin_info == [f"127.0.0.1:{port}"]
    assert spec["servers"] == [{"url": url}]
    assert "warning" not in log.read_text()


def test_a_public_url_naming_another_port_is_warned_about(tmp_path):
    port = free_port()
    env = {"CASECROWD_SERVER__PUBLIC_URL": "http://127.0.0.1:5000"}
    with serving(tmp_path, "--port", str(port), env=env) as (process, log):
        wait_for(f"http://127.0.0.1:{port}", process, log)
    text = log.read_text()
    assert "warning: server.public_url is http://127.0.0.1:5000" in text
    assert f"listens on port {port}" in text


@pytest.mark.timeout(600)
def test_the_whole_client_journey_needs_nothing_but_the_port(tmp_path):
    deployment, home = tmp_path / "deployment", tmp_path / "physician"
    deployment.mkdir()
    home.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    physician = {
        **clean,
        "XDG_CONFIG_HOME": str(home / "config"),
        "CASECROWD_WALLET": str(home / "wallet"),
        "CASECROWD_PASSPHRASE": "journey passphrase",
    }

    def run(cwd: Path, env: dict[str, str], *args: str, stdin: str = "") -> str:
        result = subprocess.run(
            [sys.executable, "-m", "casecrowd", *args],
            cwd=cwd,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout

    with serving(deployment, "--port", str(port)) as (process, log):
        wait_for(url, process, log)
        run(deployment, clean, "staff", "add", "vera", "--role", "verifier", "--password-stdin",
            stdin="journey staff password\n")  # fmt: skip
        run(home, physician, "apply", "--server", url, "--legal-name", "Ada Example",
            "--licence-number", "TEST-0001", "--jurisdiction", "US-NY", "--npi", "1234567893",
            "--specialty", "internal-medicine", "--email", "ada@example.org")  # fmt: skip
        (pending,) = run(deployment, clean, "desk", "pending").splitlines()
        run(deployment, clean, "desk", "approve", pending.split("\t")[0], "--verifier", "vera")
        run(home, physician, "tokens", "fetch", "--server", url)
        run(home, physician, "pseudonym", "new", "--server", url, "--now")
        case_file = PROJECT_ROOT / "examples" / "case.md"
        posted = run(
            home, physician, "case", "new", "--server", url, "--file", str(case_file), "--json"
        )
    assert json.loads(posted)["case_id"] >= 1
    assert "warning" not in log.read_text()
