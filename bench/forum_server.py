"""The server side of bench/forum.py: throw-away databases and one gunicorn.

gunicorn serves ``bench_app()``: the CaseCrowd app, with a bare Flask app
mounted at /bare as the reference measured under the same server.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from casecrowd import create_app

BENCH = Path(__file__).resolve().parent


def bench_app() -> Any:
    """What gunicorn serves: CaseCrowd, and a bare Flask app under /bare."""
    from flask import Flask, request
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    bare = Flask("bare")

    @bare.get("/json")
    def bare_get() -> Any:
        return {"status": "ok", "items": [1, 2, 3]}

    @bare.post("/json")
    def bare_post() -> Any:
        return {"received": len(request.get_json())}, 201

    return DispatcherMiddleware(create_app(), {"/bare": bare})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_databases(admin_url: str) -> tuple[dict[str, str], Any]:
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


def start_server(config_file: Path, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    env["CASECROWD_CONFIG"] = str(config_file)
    command = [sys.executable, "-m", "gunicorn", "-c", "python:casecrowd.gunicorn_conf"]
    command += ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--pythonpath", str(BENCH)]
    command += ["forum_server:bench_app()"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text()}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/bare/json", timeout=2).ok:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start in time")
