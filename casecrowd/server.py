"""Running the app: Werkzeug for one process, gunicorn for several.

Both are set up so that no client address reaches a log: Werkzeug's request
line is replaced by our own (see casecrowd.web), and gunicorn takes the
access-log format of casecrowd.gunicorn_conf.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.serving import WSGIRequestHandler, run_simple


class AddresslessRequestHandler(WSGIRequestHandler):
    def address_string(self) -> str:
        return "-"

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # casecrowd.web already wrote the structured line for this request.
        return


def run_development(app: Flask, host: str, port: int) -> None:
    run_simple(host, port, app, request_handler=AddresslessRequestHandler, threaded=True)


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
            from casecrowd import create_app

            return create_app()

    CaseCrowdGunicorn().run()
