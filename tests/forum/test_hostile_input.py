"""No input gets a 500: ids out of range, deep nesting, NUL characters, on both backends.

Each of these once reached a driver, the JSON parser or the database and
came back as an unexpected error with a traceback in the log.
"""

from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from casecrowd.crypto import base64url, envelope
from casecrowd.db import MAX_ID, db
from casecrowd.desk.models import Membership
from casecrowd.forum.models import Answer, Case, SignedEnvelope
from casecrowd.jsontext import MAX_DEPTH, NUL_REASON
from casecrowd.web import IdConverter
from tests.forum.physician import Physician, Transport, case_fields, envelope_body
from tests.staff.support import FAST_ARGON2, staff_headers

OUT_OF_RANGE = (MAX_ID + 1, 2**63, 10**30)
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def app(make_app, forum_settings):
    return make_app(forum_settings(FAST_ARGON2))


@pytest.fixture
def doctor(app, issuer) -> Physician:
    return Physician(Transport(app.test_client()), issuer).join()


@pytest.fixture
def verifier(app) -> dict[str, str]:
    return staff_headers(app, app.test_client(), "verifier")


@pytest.fixture
def quiet(caplog):
    """Fails the test if anything was logged at ERROR (a traceback, an unhandled error)."""
    caplog.set_level(logging.INFO)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def id_routes(app):
    for rule in app.url_map.iter_rules():
        ids = [n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        if ids:
            yield rule, ids


def json_routes(app):
    """Every route that takes a JSON body."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        accepted = getattr(view, "_casecrowd_accepts", ("application/json",))
        if "POST" in rule.methods and "application/json" in accepted:
            yield rule


def call(client, rule, values, headers):
    path = rule.build(values, append_unknown=False)[1]
    method = "POST" if "POST" in rule.methods else "GET"
    body = {"reason": "Licence confirmed by the board."} if method == "POST" else None
    return client.open(path, method=method, json=body, headers=headers)


def test_every_integer_route_takes_ids_within_the_database_range(app):
    routes = list(id_routes(app))
    assert len(routes) >= 10
    for rule, names in routes:
        for name in names:
            converter = rule._converters[name]
            assert isinstance(converter, IdConverter), rule.rule
            assert (converter.min, converter.max) == (1, MAX_ID)


def test_ids_out_of_range_are_404_and_the_largest_id_is_looked_up(app, doctor, verifier, quiet):
    client = app.test_client()
    for rule, names in id_routes(app):
        headers = verifier if rule.rule.startswith("/api/v1/desk/") else doctor.auth()
        for value in OUT_OF_RANGE:
            response = call(client, rule, dict.fromkeys(names, value), headers)
            assert response.status_code == 404, (rule.rule, value, response.get_json())
            assert response.mimetype == PROBLEM_JSON
        # The largest id is a real query that finds nothing, on either backend.
        response = call(client, rule, dict.fromkeys(names, MAX_ID), headers)
        assert response.status_code == 404, (rule.rule, response.get_json())
        assert response.get_json()["type"].startswith("urn:casecrowd:problem:"), rule.rule


def test_the_audit_log_filter_is_range_checked(app, verifier, quiet):
    client = app.test_client()
    response = client.get(f"/api/v1/desk/audit?membership_id={MAX_ID + 1}", headers=verifier)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM_JSON
    assert [p["name"] for p in response.get_json()["invalid-params"]] == ["membership_id"]
    response = client.get(f"/api/v1/desk/audit?membership_id={MAX_ID}", headers=verifier)
    assert response.status_code == 200
    assert response.get_json()["items"] == []


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_a_deeply_nested_body_is_400_on_every_json_endpoint(app, quiet):
    client = app.test_client()
    routes = list(json_routes(app))
    assert any(r.rule == "/api/v1/sessions/challenge" for r in routes)
    for rule in routes:
        path = rule.build(dict.fromkeys(rule.arguments, 1), append_unknown=False)[1]
        response = client.post(path, data=nested(10_000), content_type="application/json")
        assert response.status_code == 400, (rule.rule, response.get_json())
        assert response.mimetype == PROBLEM_JSON
        assert response.get_json()["type"] == "urn:casecrowd:problem:json-too-deep"


def test_nesting_is_refused_just_past_the_limit(app, quiet):
    client = app.test_client()
    inner = MAX_DEPTH - 1  # the object itself is the first level
    at_limit = '{"pseudonym": ' + nested(inner) + "}"
    response = client.post(
        "/api/v1/sessions/challenge", data=at_limit, content_type="application/json"
    )
    assert response.status_code == 422  # parsed; the schema wants a string
    past = '{"pseudonym": ' + nested(inner + 1) + "}"
    response = client.post("/api/v1/sessions/challenge", data=past, content_type="application/json")
    assert response.status_code == 400
    # Brackets inside strings do not nest.
    text = json.dumps({"pseudonym": "[" * 5000 + '"\\'})
    response = client.post("/api/v1/sessions/challenge", data=text, content_type="application/json")
    assert response.status_code in (404, 422)


def test_nul_in_any_json_body_is_422_naming_the_field(app, quiet):
    client = app.test_client()
    for rule in json_routes(app):
        path = rule.build(dict.fromkeys(rule.arguments, 1), append_unknown=False)[1]
        response = client.post(path, json={"a": {"b": ["fine", "x\u0000y"]}})
        assert response.status_code == 422, (rule.rule, response.get_json())
        assert response.mimetype == PROBLEM_JSON
        body = response.get_json()
        assert body["type"] == "urn:casecrowd:problem:validation"
        assert body["invalid-params"] == [{"name": "a.b.1", "reason": NUL_REASON}]


def test_an_application_with_nul_stores_nothing(app, quiet):
    fields = {
        "legal_name": "Ada Quinn",
        "licence_number": "A123\u00004567",
        "jurisdiction": "US-NY",
        "npi": "1234567893",
        "specialty": "IM",
        "email": "ada@example.org",
    }
    response = app.test_client().post("/api/v1/desk/applications", json=fields)
    assert response.status_code == 422
    assert [p["name"] for p in response.get_json()["invalid-params"]] == ["licence_number"]
    assert count(app, Membership) == 0


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"title": "Fevers and a \u0000 rash"}, "envelope.title"),
        ({"tags": ["rheumatology", "nul\u0000"]}, "envelope.tags.1"),
        ({"phi_ack": [{"rule": "possible-name", "span": "\u0000"}]}, "envelope.phi_ack.0.span"),
    ],
)
def test_nul_in_a_signed_case_is_422_and_nothing_is_written(app, doctor, changes, name, quiet):
    # The envelope text holds "\u0000" escaped, which the request guard cannot
    # see; the members are what reach the text columns.
    reply = doctor.post("case.create", **case_fields(**changes))
    assert reply.status == 422, reply.body
    assert reply.headers["Content-Type"] == PROBLEM_JSON
    assert reply.body["type"] == "urn:casecrowd:problem:validation"
    assert reply.body["invalid-params"] == [{"name": name, "reason": NUL_REASON}]
    assert count(app, SignedEnvelope) == 0
    assert count(app, Case) == 0


def test_nul_in_an_answer_differential_is_refused(app, doctor, quiet):
    case_id = doctor.post("case.create", **case_fields()).body["case_id"]
    differential = [{"diagnosis": "Adult-onset Still's disease", "note": "ferritin\u0000"}]
    reply = doctor.post(
        "answer.create", case_id=case_id, body="Still's.", differential=differential
    )
    assert reply.status == 422, reply.body
    assert reply.body["invalid-params"][0]["name"] == "envelope.differential.0.note"
    assert count(app, Answer) == 0
    assert count(app, SignedEnvelope) == 1  # the case only


def signed_text(doctor: Physician, text: str) -> tuple[str, str]:
    signature = doctor.key.sign(text.encode("utf-8")).signature
    return text, base64url.encode(signature, padded=False)


def test_a_deeply_nested_envelope_is_malformed(app, doctor, quiet):
    header = envelope_body(doctor, **{**dict.fromkeys(case_fields()), "title": "PLACEHOLDER"})
    canonical = envelope.canonical_json(header).decode("utf-8")
    for depth in (MAX_DEPTH + 1, 900, 10_000):
        text = canonical.replace('"PLACEHOLDER"', nested(depth))
        reply = doctor.send(*signed_text(doctor, text))
        assert reply.status == 422, (depth, reply.body)
        assert reply.body["type"] == "urn:casecrowd:problem:envelope-malformed"
    assert count(app, SignedEnvelope) == 0
