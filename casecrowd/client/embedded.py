"""A whole CaseCrowd deployment inside this process, for ``casecrowd demo`` and trials.

Desk, issuer and forum run from one folder (SQLite files, generated keys) behind a
Werkzeug server on a free local port, in a background thread. The server's public
URL is the address it really listens on, so the issuer's request URI and the forum's
origin are the ones a client reaches.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

HOST = "127.0.0.1"
# Staff password hashing at its cheapest: the demo's verifier exists for a minute.
FAST_STAFF_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 64, "argon2_parallelism": 1}


def _not_ready(environ: dict, start_response: Any) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
    return [b"starting"]


class EmbeddedServer:
    """``with EmbeddedServer(folder) as server:`` — ``server.url``, ``server.app``.

    ``make_app(url)``, when given, builds the (initialised) application instead, for a
    caller that brings its own databases (``folder`` is then unused); it must use
    ``url`` as ``server.public_url``.
    """

    def __init__(
        self,
        folder: Path,
        overrides: dict[str, Any] | None = None,
        *,
        make_app: Callable[[str], Any] | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.overrides = overrides or {}
        self._make_app = make_app
        self.url = ""
        self.app: Any = None
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def settings(self) -> dict[str, Any]:
        # Every setting that would point at another deployment is named here, so an
        # operator's CASECROWD_* environment cannot send the demo to real databases.
        base: dict[str, Any] = {
            "server": {"public_url": self.url},
            "paths": {
                "instance": str(self.folder / "instance"),
                "keys": str(self.folder / "keys"),
            },
            "database": {"identity_url": "", "forum_url": "", "echo": False},
            "ratelimit": {"storage_url": "memory://"},
            "logging": {"level": "WARNING", "requests": False},
            "issuer": {"name": ""},
            "forum": {"issuer_directory": "", "origin": "", "issuer_name": ""},
            "staff": dict(FAST_STAFF_ARGON2),
        }
        for section, values in self.overrides.items():
            base[section] = {**base.get(section, {}), **values}
        return base

    def __enter__(self) -> EmbeddedServer:
        from casecrowd import bootstrap
        from casecrowd.app import create_app
        from casecrowd.server import AddresslessRequestHandler

        # Bind first: the port must be known before the app is built with its URL.
        self._server = make_server(
            HOST, 0, _not_ready, threaded=False, request_handler=AddresslessRequestHandler
        )
        self.url = f"http://{HOST}:{self._server.server_port}"
        if self._make_app is not None:
            self.app = self._make_app(self.url)
        else:
            self.app = create_app(self.settings())
            bootstrap.initialize(self.app)
        self._server.app = self.app
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="casecrowd-embedded", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.app is not None and self._make_app is None:
            from casecrowd.db import db

            with self.app.app_context():
                for engine in db.engines.values():
                    engine.dispose()

    def add_staff(self, username: str, role: str) -> str:
        """A staff account with a random password, which is returned."""
        from casecrowd.staff import service

        password = secrets.token_urlsafe(18)
        with self.app.app_context():
            service.create_account(username, role, password)
        return password

    def pending(self) -> list[int]:
        """Ids of the applications waiting for a verifier, oldest first."""
        from casecrowd.desk import review

        with self.app.app_context():
            return [item.id for item in review.pending_queue(1, 100).items]

    def approve(self, application_id: int, verifier: str) -> None:
        """A verifier's approval taken on the server, as ``casecrowd desk approve`` takes it."""
        from sqlalchemy import select

        from casecrowd.db import db
        from casecrowd.desk import review
        from casecrowd.staff.models import StaffAccount

        with self.app.app_context():
            account = db.session.scalars(
                select(StaffAccount).where(StaffAccount.username == verifier)
            ).one()
            review.decide(application_id, "approve", account, None)
