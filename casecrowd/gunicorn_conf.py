"""gunicorn settings shipped with CaseCrowd.

Use: ``gunicorn -c python:casecrowd.gunicorn_conf wsgi:app``.

The access log format leaves out ``%(h)s`` (remote address) and every header
that could carry one (X-Forwarded-For, X-Real-IP): the forum must not keep
addresses, and an access log is storage too.
"""

import os

from casecrowd import config as _config  # "config" is a gunicorn setting name
from casecrowd.gunicorn_support import AddresslessLogger, answer_errors_as_problems

_settings = _config.load()

bind = os.environ.get("CASECROWD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CASECROWD_WORKERS", "2"))
accesslog = "-"
errorlog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Every line of both logs passes through a filter that removes addresses
# (gunicorn's own "Invalid request from ip=..." included).
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
    from casecrowd import bootstrap, create_app

    # Workers fork from this process and read the same environment: with no
    # server.public_url, the URL they publish follows gunicorn's --bind.
    host, _, port = str(server.cfg.bind[0]).rpartition(":")
    if port.isdigit():
        os.environ.setdefault("CASECROWD_SERVER__HOST", host.strip("[]"))
        os.environ.setdefault("CASECROWD_SERVER__PORT", port)
    bootstrap.initialize(create_app())


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    answer_errors_as_problems()
