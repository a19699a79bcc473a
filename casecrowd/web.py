"""Request plumbing shared by every blueprint: id routing, body guards, the request log.

The request log names the route *template* (``/api/v1/cases/<int:case_id>``),
never the path, the query string, the body, a size or the remote address:
logs outlive databases, and a log line with an address next to a
pseudonym's action would undo the whole design.

Each role writes its own logger (``casecrowd.forum``, ``casecrowd.issuer``...,
from the package of the blueprint that serves the request), so that a log
pipeline can keep the forum's lines apart from the identity side's. Requests
whose time alone could pair a membership's tokens with a pseudonym
(:data:`UNLOGGED_ROUTES`) get no line at all, whatever their outcome; every
request is counted by the hour in :mod:`casecrowd.metrics` instead.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.routing import IntegerConverter

from casecrowd import jsontext, metrics, problems
from casecrowd.api import API_PREFIX
from casecrowd.crypto import privacypass
from casecrowd.db import MAX_ID
from casecrowd.issuer.settings import REQUEST_PATH as TOKEN_REQUEST_ROUTE
from casecrowd.problems import DomainError, Unprocessable, raises

F = TypeVar("F", bound=Callable[..., Any])
JSON_TYPES = ("application/json",)
_BODY_METHODS = {"POST", "PUT", "PATCH"}

# Route rules (every method) never written to any log: the issuer hands out
# tokens at one moment and the forum sees them redeemed at another; a line for
# each, timestamped by any log collector, would pair them. The pseudonym route
# includes its 401 answer (the challenge), sessions include their challenge.
# The issuer directory is anonymous, and the application status names no
# membership in its line, but a client fetches both just before its token
# requests: the line's time would be the issuance's, to the microsecond.
UNLOGGED_ROUTES = frozenset(
    {
        f"{API_PREFIX}/pseudonyms",
        f"{API_PREFIX}/sessions/challenge",
        f"{API_PREFIX}/sessions",
        f"{API_PREFIX}/token-challenge",
        TOKEN_REQUEST_ROUTE,
        privacypass.DIRECTORY_PATH,
        f"{API_PREFIX}/desk/applications/status",
    }
)
UNMATCHED_ROUTE = "<unmatched>"
# Requests no blueprint serves (no such route or method), and the failures of
# unlogged routes, which must not say which side failed.
WEB_ROLE = "web"
# Blueprints outside a role's package (the OpenAPI document, its page).
API_ROLE = "api"
LOGGER_PREFIX = "casecrowd."

web_log = logging.getLogger(LOGGER_PREFIX + WEB_ROLE)


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a row id, from 1 to :data:`casecrowd.db.MAX_ID`.

    Anything else cannot name a row, so the route does not match (404) and
    the value never reaches a query, where PostgreSQL (past 2**31 - 1) and
    SQLite (past 2**63 - 1) would fail instead of finding nothing.
    """

    def __init__(self, map: Any, *args: Any, min: int = 1, max: int = MAX_ID, **kwargs: Any):
        super().__init__(map, *args, min=min, max=max, **kwargs)


def accepts(*content_types: str) -> Callable[[F], F]:
    """Declare the body media types a view takes (default: JSON only)."""

    def mark(view: F) -> F:
        view._casecrowd_accepts = tuple(content_types)  # type: ignore[attr-defined]
        return view

    return mark


def _accepted_types() -> tuple[str, ...]:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "_casecrowd_accepts", JSON_TYPES)


def _is_accepted(mimetype: str, accepted: tuple[str, ...]) -> bool:
    if mimetype in accepted:
        return True
    # application/merge-patch+json and friends are JSON too.
    return "application/json" in accepted and mimetype.endswith("+json")


def is_json_type(mimetype: str) -> bool:
    return _is_accepted(mimetype, JSON_TYPES)


def guard_body() -> None:
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"The request body is larger than {limit} bytes.")
    has_body = request.content_length or request.headers.get("Transfer-Encoding")
    if request.method not in _BODY_METHODS or not has_body or request.url_rule is None:
        return
    accepted = _accepted_types()
    if not _is_accepted(request.mimetype, accepted):
        raise UnsupportedMediaType(
            f"This endpoint takes {' or '.join(accepted)}, not {request.mimetype or 'no type'}."
        )
    read_body()


def read_body() -> None:
    """Read the whole (size-bounded) body now, so that a broken one is the client's 400.

    A malformed chunked encoding is only noticed by the server while the
    application reads the body; read lazily, deep inside a view, it would
    surface as an unexpected error and a 500.
    """
    try:
        request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise
    except Exception:  # noqa: BLE001 - whatever the server raised, the body was unreadable
        raise BadRequest(
            "The request body could not be read: its framing is not valid HTTP."
        ) from None


class JsonTooDeep(DomainError):
    status, code, title = 400, "json-too-deep", "The JSON body is nested too deeply"

    def __init__(self) -> None:
        super().__init__(
            f"The body nests arrays and objects more than {jsontext.MAX_DEPTH} levels deep."
        )


class NulInText(Unprocessable):
    # The problem type of every other field error: clients handle both alike.
    code, title = "validation", "Text contains NUL characters"

    def __init__(self, names: list[str]) -> None:
        params = [{"name": name, "reason": jsontext.NUL_REASON} for name in names]
        super().__init__(
            "Text must not contain NUL (U+0000) characters; see invalid-params.",
            extra={"invalid-params": params},
        )


@raises(JsonTooDeep, NulInText)
def guard_json() -> None:
    """One check of every JSON body, before any view or parser reads it.

    Runs after :func:`guard_body`, which has read the body: the parser of
    the view reads these very cached bytes. A body that is not JSON at all
    is left to that parser's own 400.
    """
    if request.method not in _BODY_METHODS or request.url_rule is None:
        return
    if not is_json_type(request.mimetype):
        return
    try:
        text = request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        return
    if jsontext.nesting_depth(text) > jsontext.MAX_DEPTH:
        raise JsonTooDeep()
    try:
        value = json.loads(text)
    except ValueError:
        return
    names = list(jsontext.nul_names(value))
    if names:
        raise NulInText(names)


def start_timer() -> None:
    g.request_started = time.perf_counter()


def role_of(import_name: str) -> str:
    """``casecrowd.forum.views.cases`` -> ``forum``; anything outside a role's package -> api."""
    parts = import_name.split(".")
    if parts[0] == "casecrowd" and len(parts) > 2:
        return parts[1]
    return API_ROLE


def request_role() -> str:
    blueprint = current_app.blueprints.get(request.blueprint or "")
    return role_of(blueprint.import_name) if blueprint is not None else WEB_ROLE


def role_logger(role: str) -> logging.Logger:
    return logging.getLogger(LOGGER_PREFIX + role)


def request_route() -> str:
    return request.url_rule.rule if request.url_rule else UNMATCHED_ROUTE


def is_unlogged() -> bool:
    return request_route() in UNLOGGED_ROUTES


def log_request(response: Response) -> Response:
    started = g.pop("request_started", None)
    role, route = request_role(), request_route()
    flush = metrics.count(role, request.method, route, response.status_code)
    if flush is not None:
        response.call_on_close(flush)
    if route in UNLOGGED_ROUTES or started is None:
        return response
    if not current_app.config["CASECROWD"]["logging.requests"]:
        return response
    line = {
        "event": "request",
        "method": metrics.method_name(request.method),
        "route": route,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    role_logger(role).info(json.dumps(line, separators=(",", ":")))
    return response


def log_unexpected(error: Exception) -> None:
    """The server-side record of a 500: a traceback on the role's logger.

    In an unlogged route, only the exception's class, on a logger shared by
    every role: a traceback or the role's logger would say which route failed.
    """
    if is_unlogged():
        web_log.error("an unlogged route failed: %s", type(error).__name__)
    else:
        role_logger(request_role()).error("unhandled error", exc_info=error)


def handle_unexpected(error: Exception) -> Response:
    # The traceback goes to the server log only; the answer says nothing of it.
    log_unexpected(error)
    return problems.internal_error()


def configure_logging(app: Flask) -> None:
    level = app.config["CASECROWD"]["logging.level"]
    logging.getLogger("casecrowd").setLevel(level)
    if not logging.getLogger().handlers and not logging.getLogger("casecrowd").handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        logging.getLogger("casecrowd").addHandler(handler)


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered: rules bind their converters then."""
    app.url_map.converters["int"] = IdConverter
    app.register_error_handler(Exception, handle_unexpected)
    configure_logging(app)
    metrics.init_app(app)
    app.before_request(start_timer)
    app.before_request(guard_body)
    app.before_request(guard_json)
    app.after_request(log_request)
