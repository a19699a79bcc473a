"""The server side of bench/forum.py: throw-away databases and one gunicorn.

gunicorn serves ``bench_app()``: the CaseCrowd app, with a bare Flask app
mounted at /bare as the reference measured under the same server.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import bench_support
from bench_support import free_port, postgres_databases

from casecrowd.app import create_app

BENCH = Path(__file__).resolve().parent
__all__ = ["bench_app", "free_port", "postgres_databases", "start_server"]


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


def start_server(config_file: Path, port: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "-c", "python:casecrowd.gunicorn_conf"]
    command += ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--pythonpath", str(BENCH)]
    command += ["forum_server:bench_app()"]
    return bench_support.start_server(
        command, config_file, log, f"http://127.0.0.1:{port}/bare/json"
    )
