"""Request plumbing shared by every blueprint: body guards and the request log.

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
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

F = TypeVar("F", bound=Callable[..., Any])
JSON_TYPES = ("application/json",)
_BODY_METHODS = {"POST", "PUT", "PATCH"}

request_log = logging.getLogger("casecrowd.requests")


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
    configure_logging(app)
    app.before_request(start_timer)
    app.before_request(guard_body)
    app.after_request(log_request)
