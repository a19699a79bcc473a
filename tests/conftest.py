"""Shared fixtures: ``app``, ``client``, ``runner`` (as in Flask's tutorial), plus
real databases and a real multi-worker server.

Storage backend: SQLite files by default. With ``CASECROWD_TEST_POSTGRES`` set
to an admin URL (``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) the
session creates two fresh PostgreSQL databases, runs every test against them
and drops them at the end. ``CASECROWD_TEST_REDIS`` names a Redis database for
rate-limit tests (and for the app's counters on the PostgreSQL run).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from casecrowd import bootstrap, config, db
from casecrowd.app import create_app
from casecrowd.forum.limit_settings import LimitConfig

POSTGRES_ADMIN = os.environ.get("CASECROWD_TEST_POSTGRES", "")
REDIS_URL = os.environ.get("CASECROWD_TEST_REDIS", "")
ON_POSTGRES = bool(POSTGRES_ADMIN)
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def deep_merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own CASECROWD_* variables must not change test results."""
    for name in list(os.environ):
        if name.startswith("CASECROWD_") and not name.startswith("CASECROWD_TEST_"):
            monkeypatch.delenv(name)


class PostgresDatabases:
    """Creates and drops throwaway databases on the server named by the admin URL."""

    def __init__(self, admin_url: str) -> None:
        self.admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.url = make_url(admin_url)
        self.created: list[str] = []

    def create(self, label: str) -> str:
        name = f"casecrowd_test_{secrets.token_hex(4)}_{label}"
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.created:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases | None]:
    if not ON_POSTGRES:
        yield None
        return
    databases = PostgresDatabases(POSTGRES_ADMIN)
    yield databases
    databases.drop_all()


@pytest.fixture
def fresh_database_urls(
    postgres: PostgresDatabases | None, tmp_path: Path
) -> Callable[[], dict[str, str]]:
    """Brand-new, empty databases (for tests of init and migrations)."""

    def make() -> dict[str, str]:
        if postgres:
            return {bind: postgres.create(bind) for bind in db.BINDS}
        folder = tmp_path / f"fresh-{secrets.token_hex(3)}"
        folder.mkdir()
        return {bind: f"sqlite:///{folder / f'{bind}.sqlite3'}" for bind in db.BINDS}

    return make


@pytest.fixture(scope="session")
def database_urls(
    postgres: PostgresDatabases | None, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The session's databases, migrated once; tests empty them after use."""
    if postgres:
        return {bind: postgres.create(bind) for bind in db.BINDS}
    folder = tmp_path_factory.mktemp("databases")
    return {bind: f"sqlite:///{folder / f'{bind}.sqlite3'}" for bind in db.BINDS}


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Key files are slow to generate; tests share one set unless they need their own."""
    return tmp_path_factory.mktemp("keys")


# Tests that send far more from one pseudonym, key or NPI than anyone does,
# by module, with the rules they need; every other test runs under the
# default rate limits.
_MANY_POSTS = {"forum": {"limits": {"posts": "100/minute", "new_pseudonym_posts": "100/minute"}}}
_EVERY_FORUM_RULE_WIDE_OPEN = {
    item.name: "10000/minute" for item in fields(LimitConfig) if item.name != "new_pseudonym_days"
}
GENEROUS_LIMITS: dict[str, dict[str, Any]] = {
    # Paging through cases while more are posted.
    "tests.forum.listing.test_http_listing": _MANY_POSTS,
    "tests.forum.listing.test_http_search": _MANY_POSTS,
    # New members trying privileges they lack (refusals count), then posting.
    "tests.forum.test_reputation_http": {"forum": {"limits": {"new_pseudonym_posts": "30/minute"}}},
    # Sixteen clients racing to redeem one token for one key.
    "tests.forum.test_live": {"forum": {"limits": {"registrations": "100/hour"}}},
    # Six applications for one NPI, approved at once.
    "tests.desk.test_duplicates": {"desk": {"applications_per_npi": "20/hour"}},
    # Every operation called 25 times over with one pseudonym, one session
    # opened per call of the one closing it, one applicant: the services, not
    # the 429, are what it exercises.
    "tests.test_fuzz_api": {
        "forum": {"limits": _EVERY_FORUM_RULE_WIDE_OPEN},
        "desk": {"applications_per_npi": "10000/minute"},
    },
}


@pytest.fixture
def settings_for(
    database_urls: dict[str, str], keys_dir: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Callable[..., dict[str, Any]]:
    generous = GENEROUS_LIMITS.get(request.module.__name__, {})

    def settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        base: dict[str, Any] = {
            "server": {"public_url": "http://casecrowd.test"},
            "paths": {"instance": str(tmp_path / "instance"), "keys": str(keys_dir)},
            "database": {
                "identity_url": database_urls["identity"],
                "forum_url": database_urls["forum"],
            },
            "ratelimit": {"storage_url": REDIS_URL if ON_POSTGRES and REDIS_URL else "memory://"},
            "logging": {"level": "WARNING"},
        }
        return deep_merge(deep_merge(base, generous), overrides or {})

    return settings


def empty_tables(app: Any) -> None:
    """Remove every row the test wrote, keeping the migrated schema."""
    with app.app_context():
        for bind in db.BINDS:
            tables = list(db.metadata(bind).sorted_tables)
            engine = db.engine(bind)
            with engine.begin() as conn:
                if not tables:
                    continue
                if engine.dialect.name == "postgresql":
                    names = ", ".join(f'"{t.name}"' for t in tables)
                    conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                else:
                    for table in reversed(tables):
                        conn.execute(table.delete())
            engine.dispose()


@pytest.fixture
def make_app(settings_for: Callable[..., dict[str, Any]]) -> Iterator[Callable[..., Any]]:
    apps: list[tuple[Any, bool]] = []

    def make(overrides: dict[str, Any] | None = None, *, initialize: bool = True) -> Any:
        app = create_app(settings_for(overrides))
        app.config["TESTING"] = True
        if initialize:
            bootstrap.initialize(app)
        apps.append((app, initialize))
        return app

    yield make
    for app, initialized in apps:
        if initialized:
            empty_tables(app)
        # Counters live outside the databases; forget the test's (only in
        # the stores the suite itself owns).
        if app.config["CASECROWD"]["ratelimit.storage_url"] in {"memory://", REDIS_URL}:
            app.extensions["casecrowd.ratelimiter"].reset()


@pytest.fixture
def app(make_app: Callable[..., Any]) -> Any:
    return make_app()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def runner(app: Any) -> Any:
    return app.test_cli_runner()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, process: subprocess.Popen, url: str, log_path: Path) -> None:
        self.process, self.url, self.log_path = process, url, log_path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop as an operator does (SIGTERM: workers finish and exit); idempotent."""
        try:
            os.killpg(self.process.pid, 15)
        except ProcessLookupError:  # the whole group has exited already
            return
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()


@pytest.fixture
def live_server(
    make_app: Callable[..., Any],
    settings_for: Callable[..., dict[str, Any]],
    tmp_path: Path,
) -> Iterator[Callable[..., LiveServer]]:
    """Start ``casecrowd serve --workers N`` (gunicorn) on the test databases.

    An in-process app on the same settings is made first: it migrates the
    databases and empties them after the test, like any other.
    """
    started: list[LiveServer] = []

    def start(
        workers: int = 2, overrides: dict[str, Any] | None = None, *, port: int | None = None
    ) -> LiveServer:
        make_app(overrides)
        port = port or free_port()
        values = config.load(settings_for(overrides), environ={})
        config_file = tmp_path / f"server-{port}.toml"
        config_file.write_text(config.render_toml(values, with_help=False))
        log_path = tmp_path / f"server-{port}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
        env["CASECROWD_CONFIG"] = str(config_file)
        command = [sys.executable, "-m", "casecrowd", "serve", "--workers", str(workers)]
        command += ["--host", "127.0.0.1", "--port", str(port)]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        server = LiveServer(process, f"http://127.0.0.1:{port}", log_path)
        started.append(server)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{server.log()}")
            try:
                if requests.get(f"{server.url}/api/v1/health", timeout=2).status_code == 200:
                    return server
            # Workers still loading the app (four of them, on a busy machine)
            # keep a connection waiting past the timeout.
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not answer in time:\n{server.log()}")

    yield start
    for server in started:
        server.stop()
