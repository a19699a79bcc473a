"""Servers for client tests: in-process (fast) or live gunicorn, both at their real URL.

The server's ``public_url`` is the address it listens on, as in a deployment: the
issuer directory's request URI and the forum origin must be ones the client reaches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from casecrowd.client.embedded import EmbeddedServer
from tests import conftest
from tests.client.support import registered_member
from tests.conftest import deep_merge
from tests.staff.support import FAST_ARGON2


@pytest.fixture(autouse=True)
def _own_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The developer's own client.toml must not change test results."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def served(make_app: Callable[..., Any], tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Start the app in this process (Werkzeug thread) on the test databases."""
    servers: list[EmbeddedServer] = []

    def start(overrides: dict[str, Any] | None = None) -> EmbeddedServer:
        def build(url: str) -> Any:
            settings = deep_merge(FAST_ARGON2, {"server": {"public_url": url}})
            return make_app(deep_merge(settings, overrides or {}))

        server = EmbeddedServer(tmp_path, make_app=build).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture
def server(served: Callable[..., Any]) -> Any:
    """One embedded deployment for the test."""
    return served()


@pytest.fixture
def author(server: Any, tmp_path: Path) -> Any:
    """A registered member whose pseudonym posts the test's case."""
    return registered_member(server, tmp_path, "author")


@pytest.fixture
def case_id(author: Any) -> int:
    """A case the author posted."""
    return author.json("case", "new", "--file", author.write_case())["case_id"]


@pytest.fixture
def live_at_own_url(live_server: Callable[..., Any]) -> Callable[..., Any]:
    """``live_server`` whose public URL is the URL it listens on."""

    def start(workers: int = 2, overrides: dict[str, Any] | None = None) -> Any:
        port = conftest.free_port()
        url = f"http://127.0.0.1:{port}"
        settings = deep_merge(FAST_ARGON2, {"server": {"public_url": url}})
        overrides = deep_merge(settings, overrides or {})
        server = live_server(workers=workers, overrides=overrides, port=port)
        assert server.url == url
        return server

    return start
