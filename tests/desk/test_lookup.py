"""Verifiers find applications by credential, through the fingerprints."""

import pytest

from tests.desk.support import application_data, apply

LOOKUP = "/api/v1/desk/memberships/lookup"


def test_lookup_by_npi_or_licence(app, client, verifier):
    data = application_data()
    new = apply(client, **data)
    apply(client)  # someone else
    by_npi = client.post(LOOKUP, json={"npi": data["npi"]}, headers=verifier).get_json()["items"]
    by_licence = client.post(
        LOOKUP,
        json={"licence_number": data["licence_number"].lower(), "jurisdiction": "us-ny"},
        headers=verifier,
    ).get_json()["items"]
    assert [i["id"] for i in by_npi] == [i["id"] for i in by_licence] == [new["application_id"]]


def test_lookup_finds_nothing_for_an_unknown_credential(app, client, verifier):
    apply(client)
    other = application_data()
    response = client.post(LOOKUP, json={"npi": other["npi"]}, headers=verifier)
    assert response.status_code == 200
    assert response.get_json() == {"items": []}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"licence_number": "MD1"},
        {"jurisdiction": "US-NY"},
        {"npi": "1234567894"},
        {"licence_number": "MD1", "jurisdiction": "US"},
        {"npi": "1234567893", "email": "x@example.org"},
    ],
)
def test_lookup_needs_a_valid_credential(app, client, verifier, body):
    response = client.post(LOOKUP, json=body, headers=verifier)
    assert response.status_code == 422
    assert response.get_json()["invalid-params"]
