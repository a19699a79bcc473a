"""Every error leaves as RFC 9457 problem+json, through casecrowd.problems."""

import pytest
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy.exc import OperationalError

from casecrowd import problems


class EchoSchema(Schema):
    name = fields.String(required=True)
    age = fields.Integer(required=True)


class Teapot(problems.DomainError):
    status, code, title = 418, "teapot", "I am a teapot"


def make_error_blueprint() -> Blueprint:
    blp = Blueprint("errors_under_test", __name__, url_prefix="/api/v1/test")

    @blp.post("/echo")
    @blp.arguments(EchoSchema)
    @blp.response(200, EchoSchema)
    def echo(data):
        return data

    raising = {
        "unauthorized": problems.Unauthorized("Sign in first."),
        "forbidden": problems.Forbidden("Verifiers only."),
        "not-found": problems.NotFound("No such case."),
        "conflict": problems.Conflict("Already spent."),
        "unprocessable": problems.Unprocessable("Bad token.", extra={"field": "token"}),
        "rate-limited": problems.RateLimited(retry_after=42),
        "teapot": Teapot("Short and stout."),
        "crash": RuntimeError("boom at /srv/casecrowd/secret.py"),
        "sql": OperationalError("SELECT legal_name FROM applications", {}, Exception("x")),
    }

    @blp.get("/raise/<kind>")
    def raise_kind(kind):
        raise raising[kind]

    return blp


@pytest.fixture
def error_client(make_app):
    app = make_app({"server": {"max_body_bytes": 2048}})
    app.extensions["casecrowd.api"].register_blueprint(make_error_blueprint())
    return app.test_client()


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    return body


@pytest.mark.parametrize(
    ("kind", "status", "type_"),
    [
        ("unauthorized", 401, "urn:casecrowd:problem:unauthorized"),
        ("forbidden", 403, "urn:casecrowd:problem:forbidden"),
        ("not-found", 404, "urn:casecrowd:problem:not-found"),
        ("conflict", 409, "urn:casecrowd:problem:conflict"),
        ("unprocessable", 422, "urn:casecrowd:problem:unprocessable"),
        ("rate-limited", 429, "urn:casecrowd:problem:rate-limited"),
        ("teapot", 418, "urn:casecrowd:problem:teapot"),
    ],
)
def test_domain_errors_become_problems(error_client, kind, status, type_):
    body = assert_problem(error_client.get(f"/api/v1/test/raise/{kind}"), status)
    assert body["type"] == type_


def test_domain_error_detail_and_extensions_are_kept(error_client):
    body = assert_problem(error_client.get("/api/v1/test/raise/unprocessable"), 422)
    assert body["detail"] == "Bad token."
    assert body["field"] == "token"


def test_429_carries_retry_after(error_client):
    response = error_client.get("/api/v1/test/raise/rate-limited")
    body = assert_problem(response, 429)
    assert response.headers["Retry-After"] == "42"
    assert body["retry_after"] == 42


def test_malformed_json_is_400(error_client):
    response = error_client.post(
        "/api/v1/test/echo", data="{not json", content_type="application/json"
    )
    assert_problem(response, 400)


def test_validation_errors_are_422_with_invalid_params(error_client):
    response = error_client.post("/api/v1/test/echo", json={"age": "old"})
    body = assert_problem(response, 422)
    names = {p["name"] for p in body["invalid-params"]}
    assert names == {"name", "age"}
    assert all(p["reason"] for p in body["invalid-params"])


def test_valid_request_passes(error_client):
    response = error_client.post("/api/v1/test/echo", json={"name": "x", "age": 3})
    assert response.status_code == 200
    assert response.get_json() == {"name": "x", "age": 3}


def test_unknown_route_is_404(error_client):
    assert_problem(error_client.get("/api/v1/nothing-here"), 404)


def test_wrong_method_is_405_with_allow(error_client):
    response = error_client.delete("/api/v1/health")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_body_over_the_limit_is_413(error_client):
    response = error_client.post(
        "/api/v1/test/echo", data="x" * 4096, content_type="application/json"
    )
    assert_problem(response, 413)


def test_non_json_body_to_json_endpoint_is_415(error_client):
    response = error_client.post("/api/v1/test/echo", data="name=x", content_type="text/plain")
    body = assert_problem(response, 415)
    assert "application/json" in body["detail"]


def test_form_body_to_json_endpoint_is_415(error_client):
    response = error_client.post("/api/v1/test/echo", data={"name": "x", "age": "1"})
    assert_problem(response, 415)


@pytest.mark.parametrize("kind", ["crash", "sql"])
def test_500_reveals_no_traceback_and_no_sql(error_client, kind):
    response = error_client.get(f"/api/v1/test/raise/{kind}")
    body = assert_problem(response, 500)
    text = response.get_data(as_text=True)
    for leak in ("Traceback", "SELECT", "legal_name", "secret.py", "boom"):
        assert leak not in text
    assert "Nothing was changed" in body["detail"]
