"""The OpenAPI document describes the desk and staff endpoints and how they authenticate."""

import pytest

REVIEW = [
    ("get", "/api/v1/desk/review/queue"),
    ("get", "/api/v1/desk/review/applications/{application_id}"),
    ("post", "/api/v1/desk/review/applications/{application_id}/approve"),
    ("post", "/api/v1/desk/review/applications/{application_id}/reject"),
    ("post", "/api/v1/desk/memberships/{membership_id}/suspend"),
    ("post", "/api/v1/desk/memberships/{membership_id}/reinstate"),
    ("post", "/api/v1/desk/memberships/lookup"),
    ("get", "/api/v1/desk/audit"),
]


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_security_schemes_are_declared(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["membershipSecret"]["type"] == "apiKey"
    assert schemes["membershipSecret"]["in"] == "header"
    assert schemes["membershipSecret"]["name"] == "Authorization"
    assert "Membership <secret>" in schemes["membershipSecret"]["description"]
    assert schemes["staffBearer"] == {**schemes["staffBearer"], "type": "http", "scheme": "bearer"}


def test_status_endpoint_uses_the_membership_secret(document):
    operation = document["paths"]["/api/v1/desk/applications/status"]["get"]
    assert operation["security"] == [{"membershipSecret": []}]
    assert "401" in operation["responses"]


def test_apply_documents_its_answers(document):
    operation = document["paths"]["/api/v1/desk/applications"]["post"]
    assert {"201", "422", "429"} <= set(operation["responses"])
    # No answer tells an applicant that a credential is in use.
    assert "409" not in operation["responses"]
    assert "security" not in operation
    throttled = operation["responses"]["429"]["content"]
    assert "application/problem+json" in throttled


@pytest.mark.parametrize(("method", "path"), REVIEW)
def test_review_endpoints_need_a_staff_session(document, method, path):
    operation = document["paths"][path][method]
    assert operation["security"] == [{"staffBearer": []}]
    assert {"401", "403"} <= set(operation["responses"])
    assert operation.get("summary")


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/api/v1/staff/me"), ("delete", "/api/v1/staff/sessions/current")]
)
def test_staff_session_endpoints_need_a_staff_session(document, method, path):
    assert document["paths"][path][method]["security"] == [{"staffBearer": []}]


def test_the_desk_documents_days_not_times(document):
    schemas = document["components"]["schemas"]
    audit = schemas["AuditEntry"]["properties"]
    assert set(audit) == {"seq", "on", "actor", "action", "membership_id", "reason"}
    assert audit["on"]["format"] == "date"
    assert "apply" in audit["action"]["enum"] and "erase" in audit["action"]["enum"]
    for name in ("ApplicationStatus", "ApplicationReview"):
        properties = schemas[name]["properties"]
        assert properties["applied_on"]["format"] == "date", name
        assert properties["decided_on"]["format"] == "date", name
        assert not [key for key in properties if key.endswith("_at")], name
    assert schemas["ApplicationReview"]["properties"]["identity_erased_on"]["format"] == "date"
