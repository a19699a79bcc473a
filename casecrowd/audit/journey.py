"""A short real run: one physician from application to a first case, every server log line kept.

The journey goes through the client library over HTTP, as ``casecrowd demo`` does; each
log record is labelled with the step it was written during and the route of the
request it was written in, so the audit knows which lines fall at the moment a
membership obtained tokens or a pseudonym appeared.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import has_app_context, has_request_context, request, request_started

from casecrowd.client import forum_challenge, membership, phi_check, pseudonyms, tokens
from casecrowd.client.demo import AUTHOR, CASE
from casecrowd.client.embedded import EmbeddedServer
from casecrowd.client.forum import Forum
from casecrowd.client.http import ApiClient
from casecrowd.client.settings import Endpoints
from casecrowd.client.wallet import KdfLimits, Wallet
from casecrowd.issuer.settings import REQUEST_PATH

START, APPLY, APPROVE, TOKENS = "setup", "apply", "approve", "tokens"
REGISTER, SESSION, POST = "register", "session", "post"
STEP_TITLES = {
    START: "starting or stopping",
    APPLY: "applying",
    APPROVE: "approving",
    TOKENS: "obtaining tokens",
    REGISTER: "registering a pseudonym",
    SESSION: "opening a session",
    POST: "posting a case",
}
# The moments the audit is about: times written then are the ones that could be joined.
ISSUANCE_STEPS = (TOKENS,)
APPROVAL_STEPS = (APPROVE,)
APPEARANCE_STEPS = (REGISTER, SESSION)
# The requests that are those moments; other requests of a step (the issuer's directory,
# fetched by every scheduled run) are not.
ROUTE_MOMENTS = {
    REQUEST_PATH: TOKENS,
    pseudonyms.PSEUDONYMS_PATH: REGISTER,
    pseudonyms.CHALLENGE_PATH: SESSION,
    pseudonyms.SESSIONS_PATH: SESSION,
}
# Where a deployment's lines go: ours, Werkzeug's, gunicorn's, and anything else's (root).
LOGGERS = ("", "casecrowd", "werkzeug", "gunicorn", "gunicorn.error", "gunicorn.access")
VERIFIER = "audit-verifier"


def journey(server: EmbeddedServer, folder: Path, step: Callable[[str], None]) -> None:
    """Apply, approve, obtain tokens, register (now, as ``--now`` does), open a session, post."""
    endpoints = Endpoints.single(server.url)
    apis = {role: ApiClient(url, local=True) for role, url in endpoints.as_servers().items()}
    try:
        wallet = Wallet.create(folder / "audit.wallet", "audit", limits=KdfLimits.minimum())
        wallet.servers.update(endpoints.as_servers())
        step(APPLY)
        application = membership.apply(apis["desk"], wallet, AUTHOR)
        forum_challenge.refresh(wallet, apis["forum"])  # as `casecrowd apply` does
        step(APPROVE)
        server.add_staff(VERIFIER, "verifier")
        server.approve(application.application_id, VERIFIER)
        step(TOKENS)
        tokens.obtain_tokens(wallet, apis["issuer"], endpoints.origin)
        step(REGISTER)
        chosen = pseudonyms.choose_token(wallet)
        pseudonym = pseudonyms.register_new(
            wallet, apis["forum"], endpoints.origin, chosen, None
        ).pseudonym
        step(SESSION)
        pseudonym.session_token = pseudonyms.open_session(
            apis["forum"], endpoints.origin, pseudonym
        )
        step(POST)
        cleared = phi_check.clear("case.create", CASE, lambda _finding: False)
        Forum(wallet, apis["forum"], endpoints.origin, pseudonym).submit("case.create", cleared)
    finally:
        for api in apis.values():
            api.close()


NO_REQUEST = "(no request)"


@dataclass(frozen=True)
class LoggedLine:
    logger: str
    level: str
    step: str
    route: str  # "METHOD /route/<template>", or NO_REQUEST
    during: str  # the moment it was written at (a step of ROUTE_MOMENTS), or ""


class LogRecorder(logging.Handler):
    """Keeps who logged what during which step; never the message (it may hold anything)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.step = START
        self.lines: list[LoggedLine] = []
        self._server_threads: set[int] = set()
        self._last_route: dict[int, str] = {}
        self._handling = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        # Attached to parents and children alike: count a propagated record once.
        if getattr(self._handling, "record", None) is record:
            return
        self._handling.record = record
        thread = threading.get_ident()
        if has_request_context():
            route = _route()
        elif thread in self._server_threads:
            route = self._last_route.get(thread, NO_REQUEST)  # a server's after-request line
        elif has_app_context():
            route = NO_REQUEST
        else:
            return  # the physician's own client: not the operator's logs
        during = self.step if route == NO_REQUEST else _moment_of(route)
        self.lines.append(LoggedLine(record.name, record.levelname, self.step, route, during))

    def _request_started(self, _sender: Any, **_extra: Any) -> None:
        thread = threading.get_ident()
        self._server_threads.add(thread)
        self._last_route[thread] = _route()

    @contextmanager
    def attached(self) -> Iterator[LogRecorder]:
        loggers = [logging.getLogger(name) for name in LOGGERS]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.addHandler(self)
            if (
                logger.name in {"werkzeug", "gunicorn.error", "gunicorn.access"}
                and not logger.level
            ):
                logger.setLevel(logging.INFO)  # what both servers set for themselves
        request_started.connect(self._request_started)
        try:
            yield self
        finally:
            request_started.disconnect(self._request_started)
            for logger, level in zip(loggers, levels, strict=True):
                logger.removeHandler(self)
                logger.setLevel(level)


def _moment_of(route: str) -> str:
    return ROUTE_MOMENTS.get(route.split(" ", 1)[1], "")


def _route() -> str:
    rule = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    return f"{request.method} {rule}"
