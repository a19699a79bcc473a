"""What the benchmarks share: a free port, throw-away PostgreSQL databases, a
server process started and awaited, and ``openssl speed`` as a reference."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_databases(admin_url: str) -> tuple[dict[str, str], Callable[[], None]]:
    """Two fresh databases (identity, forum) and the function that drops them."""
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    names = {b: f"casecrowd_bench_{secrets.token_hex(4)}_{b}" for b in ("identity", "forum")}
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    url = make_url(admin_url)
    urls = {b: url.set(database=n).render_as_string(hide_password=False) for b, n in names.items()}
    return urls, drop


@contextmanager
def throwaway_databases(postgres_admin_url: str) -> Iterator[tuple[Path, dict[str, str]]]:
    """A temporary folder and the database URLs of a throw-away deployment in it.

    SQLite files in the folder, or fresh PostgreSQL databases dropped afterwards.
    """
    with tempfile.TemporaryDirectory(prefix="casecrowd-bench-") as folder_name:
        folder = Path(folder_name)
        if not postgres_admin_url:
            yield folder, {b: f"sqlite:///{folder / f'{b}.sqlite3'}" for b in ("identity", "forum")}
            return
        urls, drop = postgres_databases(postgres_admin_url)
        try:
            yield folder, urls
        finally:
            drop()


def start_server(
    command: list[str], config_file: Path, log: Path, ready_url: str
) -> subprocess.Popen:
    """Run ``command`` with CASECROWD_CONFIG set (and no other CASECROWD_ variable)
    until ``ready_url`` answers; its output goes to ``log``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    env["CASECROWD_CONFIG"] = str(config_file)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            if requests.get(ready_url, timeout=2).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start in time")


def openssl_speed(algorithm: str, column: str, seconds: int, env: dict | None = None) -> float:
    """Run ``openssl speed`` (one process) and read one column (e.g. ``sign/s``) of its table."""
    result = subprocess.run(
        ["openssl", "speed", "-seconds", str(seconds), algorithm],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    lines = result.stdout.splitlines()
    header_index = next(i for i, line in enumerate(lines) if column in line.split())
    header = lines[header_index].split()
    values = lines[header_index + 1].split()[-len(header) :]
    return float(values[header.index(column)])
