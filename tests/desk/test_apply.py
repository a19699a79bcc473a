"""Applying without an account: good applications, and every way a field can be wrong."""

import base64
import hashlib

import pytest
import sqlalchemy as sa

from casecrowd.db import engine
from tests.desk.support import application_data, membership_header

URL = "/api/v1/desk/applications"


def rows(app):
    with app.app_context(), engine("identity").connect() as conn:
        return conn.execute(sa.text("SELECT * FROM desk_memberships")).mappings().all()


def test_application_returns_an_id_and_a_secret_shown_once(app, client):
    response = client.post(URL, json=application_data())
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == "pending"
    assert isinstance(body["application_id"], int)
    secret = body["membership_secret"]
    # At least 128 bits: the secret is URL-safe base64 of 32 random bytes.
    assert len(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))) >= 16
    status = client.get("/api/v1/desk/applications/status", headers=membership_header(secret))
    assert status.get_json()["application_id"] == body["application_id"]


def test_two_applications_get_different_secrets(app, client):
    first = client.post(URL, json=application_data()).get_json()
    second = client.post(URL, json=application_data()).get_json()
    assert first["membership_secret"] != second["membership_secret"]
    assert first["application_id"] != second["application_id"]


def test_secret_is_stored_only_as_its_sha256(app, client):
    secret = client.post(URL, json=application_data()).get_json()["membership_secret"]
    (row,) = rows(app)
    assert row["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret not in str(value) for value in row.values())


def test_fields_are_stored_normalised(app, client):
    data = application_data(
        legal_name="  Ada   Lovelace ",
        licence_number="md-12 34.5",
        jurisdiction="us-ny",
        npi="123-456-7893",
        email="Ada@EXAMPLE.org",
    )
    assert client.post(URL, json=data).status_code == 201
    (row,) = rows(app)
    assert row["legal_name"] == "Ada Lovelace"
    assert row["licence_number"] == "MD12345"
    assert row["jurisdiction"] == "US-NY"
    assert row["npi"] == "1234567893"
    assert row["email"] == "Ada@example.org"
    assert row["status"] == "pending"
    assert row["claimed_npi_fingerprint"] and row["claimed_licence_fingerprint"]
    assert "1234567893" not in row["claimed_npi_fingerprint"]
    # Held only once approved: a pending application locks no credential.
    assert row["npi_fingerprint"] is None and row["licence_fingerprint"] is None


FIELDS = ["legal_name", "licence_number", "jurisdiction", "npi", "specialty", "email"]

BAD_VALUES = [
    ("legal_name", "", "empty"),
    ("legal_name", "   ", "empty"),
    ("legal_name", "A" * 201, "more than 200"),
    # NUL is refused in any JSON body before the field is looked at.
    ("legal_name", "Ada\x00Quinn", "NUL (U+0000)"),
    ("legal_name", "Ada\x07Quinn", "control characters"),
    ("legal_name", "Ada\u202eQuinn", "control characters"),
    ("legal_name", "x" * 5000, "at most"),
    ("licence_number", "", "1 to 32 letters and digits"),
    ("licence_number", "MD#1", "1 to 32 letters and digits"),
    ("licence_number", "1" * 33, "1 to 32 letters and digits"),
    ("jurisdiction", "US", "issued by a state"),
    ("jurisdiction", "NY", "US-XX"),
    ("jurisdiction", "US-ZZ", "US-XX"),
    ("jurisdiction", "Narnia", "US-XX"),
    ("npi", "123456789", "exactly 10 digits"),
    ("npi", "12345678901", "exactly 10 digits"),
    ("npi", "12345abcde", "exactly 10 digits"),
    ("npi", "1234567894", "check digit is wrong"),
    ("npi", "2234567893", "check digit is wrong"),
    ("specialty", "wizardry", "Not a recognised specialty"),
    ("specialty", "Internal Medicine", "Not a recognised specialty"),
    ("email", "ada", "not a valid email"),
    ("email", "ada@", "not a valid email"),
    ("email", "ada@@example.org", "not a valid email"),
    ("email", "a" * 250 + "@example.org", "not a valid email"),
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD_VALUES)
def test_each_bad_field_gets_422_naming_it_and_nothing_is_written(
    app, client, field, value, reason
):
    response = client.post(URL, json=application_data(**{field: value}))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problems = response.get_json()["invalid-params"]
    assert [p["name"] for p in problems] == [field]
    assert reason in problems[0]["reason"]
    if 5 <= len(value) < 100:
        assert value not in response.get_data(as_text=True)  # the input is not echoed back
    assert rows(app) == []


@pytest.mark.parametrize("field", FIELDS)
def test_each_missing_field_gets_422(app, client, field):
    data = application_data()
    del data[field]
    response = client.post(URL, json=data)
    assert response.status_code == 422
    assert response.get_json()["invalid-params"] == [
        {"name": field, "reason": "Missing data for required field."}
    ]
    assert rows(app) == []


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", [None, 1234567893, ["x"], {"a": 1}])
def test_each_field_must_be_a_string(app, client, field, value):
    response = client.post(URL, json=application_data(**{field: value}))
    assert response.status_code == 422
    assert [p["name"] for p in response.get_json()["invalid-params"]] == [field]
    assert rows(app) == []


def test_unknown_fields_are_refused(app, client):
    response = client.post(URL, json=application_data(status="approved"))
    assert response.status_code == 422
    assert response.get_json()["invalid-params"] == [{"name": "status", "reason": "Unknown field."}]
    assert rows(app) == []


def test_several_bad_fields_are_all_reported(app, client):
    data = application_data(npi="1234567894", email="nope", jurisdiction="US")
    names = {p["name"] for p in client.post(URL, json=data).get_json()["invalid-params"]}
    assert names == {"npi", "email", "jurisdiction"}


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("legal_name=Ada", "application/x-www-form-urlencoded", 415),
        ("{not json", "application/json", 400),
        ("[]", "application/json", 422),
    ],
)
def test_bodies_that_are_not_a_json_object_are_refused(app, client, body, content_type, status):
    response = client.post(URL, data=body, content_type=content_type)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert rows(app) == []


def test_specialties_are_listed_from_the_shipped_file(client):
    response = client.get("/api/v1/desk/specialties")
    assert response.status_code == 200
    listed = response.get_json()
    codes = [s["code"] for s in listed]
    assert len(codes) == len(set(codes))
    assert {"internal-medicine", "pediatrics", "surgery", "psychiatry", "neurology"} <= set(codes)
    # The ABMS has 24 member boards; every one certifies at least one listed specialty.
    assert len({s["board"] for s in listed}) == 24
    assert all(s["name"] and s["board"].startswith("American Board of") for s in listed)


def test_every_listed_specialty_can_be_chosen(app, client):
    for specialty in client.get("/api/v1/desk/specialties").get_json():
        assert (
            client.post(URL, json=application_data(specialty=specialty["code"])).status_code == 201
        )
