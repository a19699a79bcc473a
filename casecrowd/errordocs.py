"""Error responses in the OpenAPI document, generated from what the code declares.

Services declare what they raise with :func:`casecrowd.problems.raises`; a
view names the functions it calls (or error classes) with
:func:`documents_errors`. When the document is built, every status gets one
``application/problem+json`` response listing its problem types, together
with the errors the request pipeline itself answers (unreadable or oversized
bodies, invalid fields). An error added to a service is thereby documented on
every operation it can reach, and no description is written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, TypeVar

import flask_smorest
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    RequestEntityTooLarge,
    UnsupportedMediaType,
)
from werkzeug.http import HTTP_STATUS_CODES

from casecrowd import web
from casecrowd.problems import PROBLEM_JSON, TYPE_PREFIX, DomainError, ProblemSchema

F = TypeVar("F", bound=Callable[..., Any])
ErrorClass = type[DomainError] | type[HTTPException]
VALIDATION = TYPE_PREFIX + "validation"


@dataclass(frozen=True)
class Documented:
    """One problem type as an operation documents it."""

    status: int
    type: str
    title: str
    note: str = ""
    headers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, error: ErrorClass) -> Documented:
        if issubclass(error, DomainError):
            note = error.__dict__.get("doc_note", "")
            return cls(
                error.status, TYPE_PREFIX + error.code, error.title, note, error.documented_headers
            )
        return cls.about(error)

    @classmethod
    def about(cls, error: type[HTTPException], note: str = "") -> Documented:
        """A werkzeug HTTP error, titled as :mod:`casecrowd.problems` sends it."""
        status = int(error.code or 500)
        return cls(status, "about:blank", HTTP_STATUS_CODES[status], note)

    def line(self) -> str:
        name = self.type.removeprefix(TYPE_PREFIX)
        text = f"`{name}`: {self.title}." if name != "about:blank" else f"{self.title}."
        return f"- {text} {self.note}".rstrip()


# What the request pipeline answers, whatever the view: any body (casecrowd.web
# guard_body), a JSON body, and fields checked by the view's schema.
BODY_PROBLEMS = (
    Documented.about(BadRequest, "The body cannot be read (broken framing)."),
    Documented.about(RequestEntityTooLarge, "Larger than `server.max_body_bytes`."),
    Documented.about(UnsupportedMediaType, "Not a media type this operation takes."),
)
JSON_PROBLEMS = (Documented(400, VALIDATION, "The body is not valid JSON"),)
FIELD_PROBLEMS = (Documented(422, VALIDATION, "Invalid fields", "See `invalid-params`."),)


def declared_errors(*sources: Any) -> list[ErrorClass]:
    """The error classes ``sources`` name: directly, or through functions' declarations."""
    found: dict[ErrorClass, None] = {}
    seen: set[int] = set()

    def visit(source: Any) -> None:
        if isinstance(source, type) and issubclass(source, DomainError | HTTPException):
            found.setdefault(source, None)
            return
        if id(source) in seen:
            return
        seen.add(id(source))
        if not hasattr(source, "raises"):
            raise TypeError(f"{source!r} declares no errors (casecrowd.problems.raises)")
        for item in source.raises:
            visit(item)

    for source in sources:
        visit(source)
    return list(found)


def documents_errors(*sources: Any) -> Callable[[F], F]:
    """Document a view's error responses from what ``sources`` declare.

    Stackable (the session and staff guards add their own); apply it under
    the route decorator, like every documentation decorator.
    """
    declared_errors(*sources)  # fail at import time, not when the document is built

    def document(view: F) -> F:
        # Deep-copied like flask-smorest's own: wrappers share the dict.
        doc = deepcopy(getattr(view, "_apidoc", {}))
        doc.setdefault("errors", []).extend(sources)
        view._apidoc = doc  # type: ignore[attr-defined]
        return view

    return document


def view_errors(view: Callable[..., Any]) -> list[ErrorClass]:
    """The errors a view's documentation declares (for tests and reviews)."""
    return declared_errors(*getattr(view, "_apidoc", {}).get("errors", ()))


def operation_problems(doc: Mapping[str, Any], doc_info: Mapping[str, Any]) -> list[Documented]:
    problems = [Documented.of(error) for error in declared_errors(*doc_info.get("errors", ()))]
    body = doc.get("requestBody") or doc_info.get("manual_doc", {}).get("requestBody")
    if body:
        problems += BODY_PROBLEMS
        if any(web.is_json_type(media_type) for media_type in body.get("content", {})):
            problems += JSON_PROBLEMS
            problems += [Documented.of(error) for error in declared_errors(web.guard_json)]
    if doc_info.get("arguments"):
        problems += FIELD_PROBLEMS
    return problems


def responses_for(problems: Iterable[Documented], spec: Any) -> dict[int, dict[str, Any]]:
    """One problem+json response per status, its description listing each problem type."""
    by_status: dict[int, dict[Documented, None]] = {}
    for problem in problems:
        by_status.setdefault(problem.status, {})[problem] = None
    responses = {}
    for status, group in sorted(by_status.items()):
        response: dict[str, Any] = {
            "description": "\n".join(problem.line() for problem in group),
            "schema": ProblemSchema,
        }
        headers = {name: dict(h) for problem in group for name, h in problem.headers.items()}
        if headers:
            response["headers"] = headers
        prepare_response(response, spec, PROBLEM_JSON)
        responses[status] = response
    return responses


class Blueprint(flask_smorest.Blueprint):
    """The API's blueprints: flask-smorest's, documenting declared errors as problem+json."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_errors_doc)

    @staticmethod
    def _prepare_errors_doc(
        doc: dict[str, Any], doc_info: Mapping[str, Any], *, spec: Any, **_: Any
    ) -> dict[str, Any]:
        generated = responses_for(operation_problems(doc, doc_info), spec)
        if generated:
            # Replaces flask-smorest's generic 422 for the schema's own errors.
            doc.setdefault("responses", {}).update(generated)
        return doc
