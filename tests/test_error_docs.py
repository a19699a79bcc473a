"""The OpenAPI document tells every error as it is sent: problem+json, generated from code.

Services declare what they raise (``casecrowd.problems.raises``) and views
name their services (``casecrowd.errordocs.documents_errors``). These tests
hold both ends: what a view declares is documented, and what the code can
raise is declared, read from its source so that a new ``raise`` cannot slip
past the document.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path
from typing import Any, get_type_hints

import pytest

from casecrowd.errordocs import Documented, declared_errors, view_errors
from casecrowd.forum import errors as forum_errors
from casecrowd.forum.service import envelopes, pseudonyms
from casecrowd.problems import PROBLEM_JSON, DomainError, RateLimited
from casecrowd.staff import service as staff_service
from casecrowd.staff.errors import OneTimeCodeRequired
from tests.test_openapi import flask_rule_to_openapi

PROBLEM_REF = "#/components/schemas/Problem"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").get_json()


def api_views(app):
    """(rule, method, view function) of every documented operation."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not hasattr(view, "_apidoc"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method.lower(), view


def resolve(document, response):
    if "$ref" in response:
        return document["components"]["responses"][response["$ref"].rpartition("/")[2]]
    return response


def test_every_declared_error_is_documented_as_a_problem(app, document):
    checked = 0
    for rule, method, view in api_views(app):
        operation = document["paths"][flask_rule_to_openapi(rule.rule)][method]
        for error in view_errors(view):
            status = str(Documented.of(error).status)
            assert status in operation["responses"], (rule.rule, method, error)
            response = resolve(document, operation["responses"][status])
            assert list(response["content"]) == [PROBLEM_JSON], (rule.rule, status)
            if issubclass(error, DomainError):
                assert f"`{error.code}`" in response["description"], (rule.rule, error)
            checked += 1
    assert checked > 50


def test_every_documented_client_error_is_problem_json(document):
    seen = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for status, response in operation["responses"].items():
                if status == "default" or 400 <= int(status) < 500:
                    content = resolve(document, response)["content"]
                    assert list(content) == [PROBLEM_JSON], (path, method, status)
                    assert content[PROBLEM_JSON]["schema"] == {"$ref": PROBLEM_REF}
                    seen += 1
    assert seen > 100


def extension_members() -> set[str]:
    """Members the server code adds to problems: ``extra={...}`` and ``….extra["…"] = …``."""
    found = set()
    root = Path(__file__).resolve().parents[1] / "casecrowd"
    for path in root.rglob("*.py"):
        if "client" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "extra":
                if isinstance(node.value, ast.Dict):
                    found |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
                target, key = node.value, node.slice
                named = isinstance(target, ast.Attribute) and target.attr == "extra"
                if named and isinstance(key, ast.Constant):
                    found.add(key.value)
    return found


def test_the_problem_schema_allows_and_lists_extension_members(document):
    schema = document["components"]["schemas"]["Problem"]
    assert schema["additionalProperties"] is True
    added = extension_members()
    assert {"retry_after", "current_status", "invalid-params", "findings", "reputation"} <= added
    assert added <= set(schema["properties"]), added - set(schema["properties"])


# -- what the code raises is what it declares -----------------------------------------


def _resolve(node: ast.expr, namespace: dict[str, Any]) -> Any:
    """The object a dotted name in a function's source refers to, or None."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _resolve(node.value, namespace)
        try:
            return getattr(base, node.attr, None) if base is not None else None
        except Exception:  # noqa: BLE001 - a proxy that needs an app context
            return None
    return None


def _is_error_class(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, DomainError)


def _declares(func: Any) -> bool:
    return inspect.isfunction(func) and hasattr(func, "raises")


def _own_code(func: Any) -> bool:
    module = getattr(func, "__module__", "") or ""
    return inspect.isfunction(func) and module.startswith("casecrowd.") and ".client" not in module


class RaisedBy:
    """The DomainErrors a function can raise, read from its source and its callees'."""

    def __init__(self) -> None:
        self.memo: dict[Any, set[type]] = {}

    def __call__(self, func: Any) -> set[type]:
        func = inspect.unwrap(func)
        if func in self.memo:
            return self.memo[func]
        self.memo[func] = found = set()  # recursion ends here
        (definition,) = ast.parse(textwrap.dedent(inspect.getsource(func))).body
        namespace = {**func.__globals__, **inspect.getclosurevars(func).nonlocals}
        # The body only: decorators are not what the function does.
        for node in (n for statement in definition.body for n in ast.walk(statement)):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                target = _resolve(node.exc.func, namespace)
                if _is_error_class(target):
                    found.add(target)
                elif _own_code(target) and not _declares(target):
                    returned = get_type_hints(target).get("return")
                    if _is_error_class(returned) and returned is not DomainError:
                        found.add(returned)
            if isinstance(node, ast.Call):
                callee = _resolve(node.func, namespace)
                if _declares(callee):
                    found.update(e for e in declared_errors(callee) if _is_error_class(e))
                elif _own_code(callee) and callee is not func:
                    found.update(self(callee))
        return found


def _declaring_functions(app) -> set[Any]:
    """Every function a view's documentation names, and those they name in turn."""
    pending = [s for _, _, view in api_views(app) for s in view._apidoc.get("errors", ())]
    found: set[Any] = set()
    while pending:
        source = pending.pop()
        if isinstance(source, type) or source in found:
            continue
        found.add(source)
        pending.extend(source.raises)
    return found


def test_declared_functions_declare_everything_they_raise(app):
    raised_by = RaisedBy()
    functions = _declaring_functions(app)
    assert len(functions) > 20
    for func in functions:
        missing = raised_by(func) - set(declared_errors(func))
        assert not missing, f"{func.__module__}.{func.__qualname__} raises {missing} undeclared"


def test_views_document_everything_their_code_raises(app):
    raised_by = RaisedBy()
    for rule, method, view in api_views(app):
        missing = raised_by(view) - set(view_errors(view))
        assert not missing, f"{method.upper()} {rule.rule} raises {missing} undocumented"


def test_the_source_reader_sees_raises_in_helpers_and_factories():
    # The two checks above are only as good as this reader: it must find a
    # raise in an undeclared helper, and the error a factory function returns.
    raised_by = RaisedBy()
    registering = raised_by(pseudonyms.register)
    assert {forum_errors.TokenSpent, forum_errors.TokenContextMismatch} <= registering
    assert forum_errors.EnvelopeRejected in raised_by(envelopes.submit)
    assert {OneTimeCodeRequired, RateLimited} <= raised_by(staff_service.login)
