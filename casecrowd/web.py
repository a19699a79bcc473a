"""Request plumbing shared by every blueprint: id routing, body guards, the request log.

The request log is the only per-request line we write. It names the route
*template* (``/api/v1/cases/<case_id>``), never the path, the query string,
the body or the remote address: logs outlive databases, and a log line with
an address next to a pseudonym's action would undo the whole design.
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

from casecrowd import jsontext
from casecrowd.db import MAX_ID
from casecrowd.problems import DomainError, Unprocessable, raises

F = TypeVar("F", bound=Callable[..., Any])
JSON_TYPES = ("application/json",)
_BODY_METHODS = {"POST", "PUT", "PATCH"}

request_log = logging.getLogger("casecrowd.requests")


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


def log_request(response: Response) -> Response:
    started = g.pop("request_started", None)
    if started is None or not current_app.config["CASECROWD"]["logging.requests"]:
        return response
    line = {
        "event": "request",
        "method": request.method,
        "route": request.url_rule.rule if request.url_rule else "<unmatched>",
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    request_log.info(json.dumps(line, separators=(",", ":")))
    return response


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
    configure_logging(app)
    app.before_request(start_timer)
    app.before_request(guard_body)
    app.before_request(guard_json)
    app.after_request(log_request)
