"""gunicorn settings shipped with CaseCrowd.

Use: ``gunicorn -c python:casecrowd.gunicorn_conf wsgi:app``.

The access log format leaves out ``%(h)s`` (remote address) and every header
that could carry one (X-Forwarded-For, X-Real-IP): the forum must not keep
addresses, and an access log is storage too.
"""

import os

bind = os.environ.get("CASECROWD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("CASECROWD_WORKERS", "2"))
accesslog = "-"
errorlog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Never trust (and so never record) forwarded client addresses.
forwarded_allow_ips = ""
proxy_allow_ips = ""
# Run migrations and create keys once, in the master, before workers fork.
preload_app = False


def on_starting(server):  # type: ignore[no-untyped-def]
    from casecrowd import bootstrap, create_app

    bootstrap.initialize(create_app())
