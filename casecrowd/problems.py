"""The one place errors become HTTP responses: RFC 9457 problem details.

Services raise :class:`DomainError` subclasses that say *what* went wrong;
this module decides how that looks on the wire. Nothing here echoes request
bodies, SQL or tracebacks: a problem document may be logged or shown to other
people, so it carries only what the caller already knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, TypeVar

from flask import Flask, Response, json
from marshmallow import INCLUDE, Schema, fields
from werkzeug.exceptions import HTTPException

from casecrowd.protocol.media import PROBLEM_JSON

TYPE_PREFIX = "urn:casecrowd:problem:"
# Headers of an HTTPException worth keeping (405 Allow, 401 WWW-Authenticate...).
_PASS_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")

F = TypeVar("F", bound=Callable[..., Any])


class DomainError(Exception):
    """Base of every error a service raises on purpose.

    Subclasses set ``status``, ``code`` (the problem type's last segment) and
    ``title``; the instance message becomes ``detail``. ``extra`` holds
    extension members (e.g. the PHI findings of a blocked post) and
    ``headers`` response headers (e.g. ``Retry-After``).
    """

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"
    # For the OpenAPI document: a note after the title (the class's own, not
    # inherited), and response headers (name -> OpenAPI header object).
    doc_note: ClassVar[str] = ""
    documented_headers: ClassVar[Mapping[str, Mapping[str, Any]]] = {}

    def __init__(
        self,
        detail: str | None = None,
        *,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})


def documented_header(name: str, description: str, **schema: Any) -> dict[str, Any]:
    """A ``documented_headers`` value: one OpenAPI header object (a string by default)."""
    return {name: {"schema": {"type": "string", **schema}, "description": description}}


class NotFound(DomainError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class Unauthorized(DomainError):
    status, code, title = 401, "unauthorized", "Authentication required"


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", "Forbidden"


class Unprocessable(DomainError):
    status, code, title = 422, "unprocessable", "Unprocessable content"


class RateLimited(DomainError):
    status, code, title = 429, "rate-limited", "Too many requests"
    documented_headers = documented_header(
        "Retry-After", "Seconds to wait (also `retry_after`).", type="integer", minimum=1
    )

    def __init__(self, detail: str | None = None, *, retry_after: int) -> None:
        retry_after = max(1, int(retry_after))
        super().__init__(
            detail or f"Try again in {retry_after} seconds.",
            extra={"retry_after": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


# -- declaring errors -------------------------------------------------------------


def raises(*sources: Any) -> Callable[[F], F]:
    """Declare what a function may raise, for the OpenAPI document of the views calling it.

    ``sources`` are error classes (:class:`DomainError` or werkzeug HTTP
    errors) and functions whose own declarations count too. Views name their service functions with
    :func:`casecrowd.errordocs.documents_errors`; each status then gets
    one problem+json response listing its errors.
    """

    def declare(func: F) -> F:
        func.raises = (*getattr(func, "raises", ()), *sources)  # type: ignore[attr-defined]
        return func

    return declare


class InvalidParamSchema(Schema):
    name = fields.String(metadata={"description": "Dotted path of the offending field."})
    reason = fields.String()


class PhiFindingSchema(Schema):
    field = fields.String(metadata={"description": "The field, e.g. `history`."})
    category = fields.String()
    category_name = fields.String()
    rule = fields.String()
    confidence = fields.String(metadata={"enum": ["high", "low"]})
    start = fields.Integer(metadata={"description": "Offset in code points."})
    end = fields.Integer()
    excerpt = fields.String()
    suggestion = fields.String(allow_none=True)
    span_hash = fields.String(metadata={"description": "Hex SHA-256; acknowledge with it."})


class ProblemSchema(Schema):
    """RFC 9457 problem details, as every error of this API is returned.

    Problem types may add extension members (RFC 9457 §3.2), so any other
    member is allowed; those the API sends are listed with their problem type.
    """

    class Meta:
        unknown = INCLUDE

    type = fields.String(
        metadata={"description": "`urn:casecrowd:problem:<code>`, or `about:blank`."}
    )
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    invalid_params = fields.List(
        fields.Nested(InvalidParamSchema),
        data_key="invalid-params",
        metadata={"description": "`validation` and other field errors: what is wrong where."},
    )
    retry_after = fields.Integer(metadata={"description": "429: seconds, as Retry-After."})
    next_epoch_starts = fields.String(
        metadata={"description": "`token-quota-spent`: when new tokens can be had (UTC)."}
    )
    current_status = fields.String(metadata={"description": "`wrong-status`: the status now."})
    membership_status = fields.String(
        metadata={"description": "`membership-inactive`: pending, rejected or suspended."}
    )
    privilege = fields.String(metadata={"description": "`insufficient-reputation`: which one."})
    required_reputation = fields.Integer(
        metadata={"description": "`insufficient-reputation`: what the privilege needs."}
    )
    reputation = fields.Integer(
        metadata={"description": "`insufficient-reputation`: what the pseudonym has."}
    )
    sanction = fields.String(
        metadata={"description": "`pseudonym-suspended`, `pseudonym-banned`: suspend or ban."}
    )
    ends = fields.DateTime(
        allow_none=True,
        metadata={"description": "`pseudonym-suspended`: when it ends (null for a ban)."},
    )
    log_entry = fields.Integer(
        metadata={"description": "`pseudonym-suspended`, `pseudonym-banned`: the mod-log entry."}
    )
    findings = fields.List(
        fields.Nested(PhiFindingSchema),
        metadata={"description": "`phi-detected`: every finding that blocks the text."},
    )


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str = "about:blank",
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail}
    body.update(extra or {})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def invalid_params(messages: Any, prefix: str = "") -> Iterator[dict[str, str]]:
    """Flatten marshmallow's nested ``{field: [messages]}`` into RFC 9457 style."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            yield from invalid_params(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(messages, list | tuple) and all(isinstance(m, str) for m in messages):
        for message in messages:
            yield {"name": prefix, "reason": message}
    elif isinstance(messages, list | tuple):
        for index, value in enumerate(messages):
            yield from invalid_params(value, f"{prefix}.{index}")
    else:
        yield {"name": prefix, "reason": str(messages)}


def handle_domain_error(error: DomainError) -> Response:
    return problem_response(
        error.status,
        error.title,
        error.detail,
        type_=TYPE_PREFIX + error.code,
        extra=error.extra,
        headers=error.headers,
    )


def handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    if status >= 500:
        return internal_error()
    extra: dict[str, Any] = {}
    type_ = "about:blank"
    detail = error.description or error.name
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages:
        # webargs puts field errors under their location (json, query...);
        # the location is noise to a client, the field path is not.
        flat = []
        for location_messages in messages.values():
            flat.extend(invalid_params(location_messages))
        extra["invalid-params"] = flat
        type_ = TYPE_PREFIX + "validation"
        detail = "The request has invalid fields; see invalid-params."
    headers = {
        name: error.get_response().headers[name]
        for name in _PASS_HEADERS
        if name in error.get_response().headers
    }
    headers.update(data.get("headers") or {})
    return problem_response(status, error.name, detail, type_=type_, extra=extra, headers=headers)


def internal_error() -> Response:
    """The 500 answer: the client learns nothing about our code, our SQL or its own data."""
    return problem_response(
        500,
        "Internal Server Error",
        "The server could not complete the request. Nothing was changed.",
    )


def register(app: Flask) -> None:
    """Install the handlers; call after any extension that registers its own."""
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_exception)
