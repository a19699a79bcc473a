"""gunicorn settings shipped with CaseCrowd.

Use: ``gunicorn -c python:casecrowd.gunicorn_conf wsgi:app``.

gunicorn writes no access log: its lines name full paths (ids included),
response sizes (which can tell one answer from another) and every request,
registrations and token requests too, whose times alone pair the two sides.
The application's per-role request lines (casecrowd.web) are the access log.
The error log stays, without addresses.

Each worker builds its own app, so rate-limit counters on the embedded
``memory://`` store would be counted per worker, N workers allowing N times
every limit: ``post_fork`` has them kept in the instance folder's shared
file instead (:mod:`casecrowd.ratelimit`), exact across the workers of this
host. Several hosts need ``ratelimit.storage_url`` to name a Redis server.
"""

import os
from pathlib import Path

from casecrowd import config as _config  # "config" is a gunicorn setting name
from casecrowd import ratelimit
from casecrowd.gunicorn_support import (
    AddresslessLogger,
    answer_errors_as_problems,
    save_request_counts,
)

_settings = _config.load()

bind = os.environ.get("CASECROWD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CASECROWD_WORKERS", "2"))
accesslog = None
errorlog = "-"
# Writes no access line whatever the command line asks, and removes addresses
# and request paths from the error log (gunicorn's "Invalid request from
# ip=..." and "Error handling request <path>" included).
logger_class = AddresslessLogger
# The longest request line gunicorn allows short of "unlimited"; header
# fields as large as the largest body the application takes. Past these,
# gunicorn answers 414 or 431 itself, as problem+json (post_worker_init).
limit_request_line = 8190
limit_request_field_size = _settings["server.max_body_bytes"]
# Never trust (and so never record) forwarded client addresses.
forwarded_allow_ips = ""
proxy_allow_ips = ""
# Run migrations and create keys once, in the master, before workers fork.
preload_app = False


def on_starting(server):  # type: ignore[no-untyped-def]
    from casecrowd import bootstrap
    from casecrowd.app import create_app

    # Workers fork from this process and read the same environment: with no
    # server.public_url, the URL they publish follows gunicorn's --bind.
    host, _, port = str(server.cfg.bind[0]).rpartition(":")
    if port.isdigit():
        os.environ.setdefault("CASECROWD_SERVER__HOST", host.strip("[]"))
        os.environ.setdefault("CASECROWD_SERVER__PORT", port)
    bootstrap.initialize(create_app())


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    # Before the worker loads the app, whose limiter reads it.
    ratelimit.count_across_processes()


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    answer_errors_as_problems()


def when_ready(server):  # type: ignore[no-untyped-def]
    # Expired rows go on a timer in the master, whether or not requests arrive.
    from casecrowd.app import create_app
    from casecrowd.maintenance import start_sweeper

    app = create_app(prepare=False)
    start_sweeper(app)
    store = app.config["CASECROWD"]["ratelimit.storage_url"]
    if store == ratelimit.MEMORY:
        shared = Path(app.instance_path) / ratelimit.SHARED_FILE
        server.log.info(
            "rate-limit counters: %s, shared by this host's workers (ratelimit.storage_url"
            " must name a Redis server when several hosts serve this deployment)",
            shared,
        )


def pre_request(worker, req):  # type: ignore[no-untyped-def]
    # gunicorn's default logs every request's method and path at debug level.
    return


def worker_exit(server, worker):  # type: ignore[no-untyped-def]
    # The worker's request counts of the current hour would be lost otherwise.
    # Also called in the master for a worker that vanished: it has no app.
    save_request_counts(getattr(worker, "wsgi", None))
