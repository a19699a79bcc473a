"""Every envelope kind has one schema (the protocol's) and one handler (the forum's).

Adding a kind means its schema in ``casecrowd.protocol.kinds``, its handler
registered with ``casecrowd.forum.service.base.handles``, and a test of what it
does; these tests hold the first two together, and what each kind screens.
"""

from __future__ import annotations

import ast
import inspect
import pkgutil
from importlib import import_module

import pytest
from marshmallow import fields, validate

import casecrowd.forum.service
from casecrowd.errordocs import declared_errors
from casecrowd.forum.service import base, envelopes
from casecrowd.protocol.fields import KindSchema
from casecrowd.protocol.kinds import KIND_SCHEMAS, screened_texts


def test_every_kind_has_a_schema_and_a_handler_and_nothing_else_does():
    assert envelopes.HANDLER_MODULES  # importing envelopes registered the handlers
    assert set(base.HANDLERS) == set(KIND_SCHEMAS)
    assert {"case.create", "answer.create", "vote"} <= set(KIND_SCHEMAS)
    for kind, schema in KIND_SCHEMAS.items():
        assert issubclass(schema, KindSchema), kind
        assert callable(base.HANDLERS[kind]), kind


def test_a_kind_cannot_have_two_handlers(monkeypatch):
    monkeypatch.setattr(base, "HANDLERS", {})
    base.handles("case.create")(lambda sub: ({}, 200))
    with pytest.raises(RuntimeError, match="case.create already has a handler"):
        base.handles("case.create")(lambda sub: ({}, 200))


def test_submit_declares_every_handlers_errors():
    declared = set(declared_errors(envelopes.submit))
    for kind, handler in base.HANDLERS.items():
        assert set(declared_errors(handler)) <= declared, kind


@pytest.mark.parametrize("kind", sorted(KIND_SCHEMAS))
def test_what_a_kind_screens_is_its_text_and_it_takes_acknowledgements(kind):
    schema = KIND_SCHEMAS[kind]
    declared = schema._declared_fields
    for name in schema.screened:
        field = declared[name]
        assert isinstance(field, fields.String | fields.List | fields.Nested), (kind, name)
    if schema.screened:
        assert "phi_ack" in declared, kind
    else:
        assert "phi_ack" not in declared, kind
    texts = [
        name
        for name, field in declared.items()
        if isinstance(field, fields.String)
        and not any(isinstance(check, validate.OneOf) for check in field.validators)
    ]
    # Every free text a kind carries is screened (a target or a reason is a choice, not text).
    unscreened = set(texts) - set(schema.screened)
    assert not unscreened, (kind, unscreened)


def test_screened_texts_are_named_as_the_forum_reports_them():
    members = {
        "case_id": 3,
        "body": "See above.",
        "differential": [
            {"diagnosis": "Adult-onset Still disease", "note": ""},
            {"note": "if ferritin is normal", "diagnosis": "Lymphoma"},
        ],
        "phi_ack": [],
    }
    assert screened_texts("answer.create", members) == {
        "body": "See above.",
        "differential.1.diagnosis": "Adult-onset Still disease",
        "differential.2.diagnosis": "Lymphoma",
        "differential.2.note": "if ferritin is normal",
    }
    assert list(screened_texts("answer.edit", {"answer_id": 1, "body": "x"})) == ["body"]
    case = {"title": "Fevers", "age": 34, "history": "", "question": "Why?", "tags": ["a"]}
    assert screened_texts("case.create", case) == {"title": "Fevers", "question": "Why?"}
    assert screened_texts("case.outcome", {"case_id": 1, "outcome": "Still"}) == {
        "outcome": "Still"
    }
    assert screened_texts("comment.create", {"case_id": 1, "body": "Thanks"}) == {"body": "Thanks"}
    assert screened_texts("vote", {"target": "case", "target_id": 1, "value": 1}) == {}
    assert screened_texts("answer.accept", {"answer_id": 1}) == {}
    assert screened_texts("no.such.kind", {"body": "text"}) == {}


# -- get_or_404: each caller declares the 404 it can answer -------------------------


def _service_modules():
    package = casecrowd.forum.service
    for info in pkgutil.iter_modules(package.__path__, prefix=f"{package.__name__}."):
        yield import_module(info.name)


def _models_named(node: ast.expr, namespace: dict) -> list[type]:
    if isinstance(node, ast.Name):
        return [namespace[node.id]]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return list(namespace[node.value.id].values())  # e.g. votes.TARGETS[kind]
    raise AssertionError(f"cannot tell which model {ast.unparse(node)} is")


def test_every_caller_of_get_or_404_declares_the_404s_it_can_raise():
    checked = 0
    for module in _service_modules():
        tree = ast.parse(inspect.getsource(module))
        for definition in tree.body:
            if not isinstance(definition, ast.FunctionDef):
                continue
            function = getattr(module, definition.name)
            for node in ast.walk(definition):
                called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                if not called or node.func.id != "get_or_404":
                    continue
                for model in _models_named(node.args[0], vars(module)):
                    error = base.NOT_FOUND[model][0]
                    assert error in declared_errors(function), (module.__name__, definition.name)
                    checked += 1
    assert checked >= 10
