"""Running the app: Werkzeug for one process, gunicorn for several.

Both are set up so that no client address reaches a log: the application
writes its own request lines (see casecrowd.web); Werkzeug's are dropped and
gunicorn writes no access log (casecrowd.gunicorn_conf). Each saves its
request counts when it stops (casecrowd.metrics).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, run_simple

from casecrowd import maintenance, metrics
from casecrowd.config import WILDCARD_HOSTS, public_url


class AddresslessRequestHandler(WSGIRequestHandler):
    def address_string(self) -> str:
        return "-"

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # casecrowd.web already wrote the structured line for this request.
        return


_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", *WILDCARD_HOSTS}


def address_warnings(settings: Mapping[str, Any]) -> list[str]:
    """What an operator should fix before clients are sent to the wrong address.

    A public URL naming a host other than this machine is taken to be a
    proxy in front of it and is left alone; one naming this machine must name
    the port the server listens on.
    """
    host, port = settings["server.host"], settings["server.port"]
    explicit = settings["server.public_url"]
    if not explicit:
        if host in WILDCARD_HOSTS:
            return [
                f"listening on every interface, but clients are told {public_url(settings)}:"
                " set server.public_url to the URL other machines use to reach this server"
            ]
        return []
    parts = urlsplit(explicit)
    url_host = (parts.hostname or "").lower()
    url_port = parts.port or (443 if parts.scheme == "https" else 80)
    names_this_machine = url_host in _LOCAL_NAMES or url_host.startswith("127.")
    if (names_this_machine or url_host == host) and url_port != port:
        return [
            f"server.public_url is {explicit}, but this server listens on port {port}: clients"
            " will be sent to the wrong address. Set server.public_url to the URL clients use,"
            " or leave it empty to derive it from --host and --port"
        ]
    return []


def run_development(app: Flask, host: str, port: int) -> None:
    # SIGTERM ends the process without unwinding; as an exit it lets the
    # counts of the current hour be saved like at Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # Expired rows go on a timer here too, whether or not requests arrive.
    sweeper = maintenance.start_sweeper(app)
    try:
        run_simple(host, port, app, request_handler=AddresslessRequestHandler, threaded=True)
    finally:
        sweeper.stop()
        metrics.flush(app, everything=True)


def run_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from casecrowd import gunicorn_conf

    class CaseCrowdGunicorn(BaseApplication):
        def load_config(self) -> None:
            for name, value in vars(gunicorn_conf).items():
                # `serve` has already initialised; skip the master hook.
                if name in self.cfg.settings and name != "on_starting":
                    self.cfg.set(name, value)
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)

        def load(self) -> Flask:
            from casecrowd.app import create_app

            return create_app({"server": {"host": host, "port": port}})

    CaseCrowdGunicorn().run()
