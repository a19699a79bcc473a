"""Several applications may give one NPI or licence; only one membership may ever hold it.

Applying proves nothing (an NPI is public), so a pending application locks
nothing: a second one is accepted, and the verifiers see both side by side.
The approval takes the credential, through unique columns, so at most one
membership per physician is approved even when verifiers race.
"""

import concurrent.futures
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from casecrowd.db import engine
from tests.desk.support import application_data, apply, decide
from tests.staff.support import FAST_ARGON2, staff_headers

URL = "/api/v1/desk/applications"


def statuses(app):
    with app.app_context(), engine("identity").connect() as conn:
        query = "SELECT id, status FROM desk_memberships ORDER BY id"
        return dict(conn.execute(sa.text(query)).all())


def same_npi(first):
    return application_data(npi=first["npi"])


def same_licence(first):
    # Written differently, normalised the same.
    number = first["licence_number"].lower().replace("-", " ")
    return application_data(licence_number=number, jurisdiction=first["jurisdiction"].lower())


def review(client, verifier, application_id):
    path = f"/api/v1/desk/review/applications/{application_id}"
    return client.get(path, headers=verifier).get_json()


@pytest.mark.parametrize(("second", "same"), [(same_npi, ["npi"]), (same_licence, ["licence"])])
def test_a_second_application_for_a_credential_is_a_conflict(app, client, verifier, second, same):
    first_data = application_data()
    first = apply(client, **first_data)
    again = apply(client, **second(first_data))
    assert statuses(app) == {first["application_id"]: "pending", again["application_id"]: "pending"}
    shown = review(client, verifier, again["application_id"])
    assert shown["conflicts"] == [
        {"id": first["application_id"], "status": "pending", "same": same}
    ]
    assert shown["credential_held_by"] is None
    unrelated = apply(client)
    assert review(client, verifier, unrelated["application_id"])["conflicts"] == []


def test_the_same_licence_number_elsewhere_is_another_credential(app, client, verifier):
    first = apply(client, jurisdiction="US-NY", licence_number="A1")
    other = apply(client, jurisdiction="US-NJ", licence_number="A1")
    assert review(client, verifier, first["application_id"])["conflicts"] == []
    assert review(client, verifier, other["application_id"])["conflicts"] == []


@pytest.mark.parametrize("held_by", [["approve"], ["approve", "suspend"]])
def test_a_credential_held_by_a_membership_cannot_be_approved_again(app, client, verifier, held_by):
    data = application_data()
    first = apply(client, **data)
    for action in held_by:
        assert (
            decide(client, verifier, first["application_id"], action, "checked").status_code == 200
        )
    for second in (same_npi(data), same_licence(data)):
        again = apply(client, **second)
        refused = decide(client, verifier, again["application_id"], "approve")
        assert refused.status_code == 409
        assert refused.get_json()["type"] == "urn:casecrowd:problem:credential-held"
        shown = review(client, verifier, again["application_id"])
        assert shown["status"] == "pending"
        assert shown["credential_held_by"] == first["application_id"]
    # Nothing was written by the refusals: one decision per action, on the first row.
    audit = client.get("/api/v1/desk/audit", headers=verifier).get_json()["items"]
    decisions = [(e["action"], e["membership_id"]) for e in audit if e["action"] != "apply"]
    assert decisions == [(action, first["application_id"]) for action in reversed(held_by)]


def test_after_a_rejection_the_credential_is_free(app, client, verifier):
    data = application_data()
    first = apply(client, **data)
    decide(client, verifier, first["application_id"], "reject", "licence not found in registry")
    again = apply(client, **{**data, "email": "new@example.org"})
    assert decide(client, verifier, again["application_id"], "approve").status_code == 200
    assert review(client, verifier, again["application_id"])["conflicts"] == [
        {"id": first["application_id"], "status": "rejected", "same": ["npi", "licence"]}
    ]


def test_fingerprints_are_keyed_by_the_pepper(make_app, tmp_path: Path):
    """Another pepper, another fingerprint: they cannot be recomputed from the NPI alone."""
    data = application_data()
    fingerprints = []
    for name in ("keys-a", "keys-b"):
        app = make_app({**FAST_ARGON2, "paths": {"keys": str(tmp_path / name)}})
        assert app.test_client().post(URL, json=data).status_code == 201
        with app.app_context(), engine("identity").connect() as conn:
            query = "SELECT claimed_npi_fingerprint FROM desk_memberships ORDER BY id DESC"
            fingerprints.append(conn.execute(sa.text(query)).scalar())
    assert fingerprints[0] != fingerprints[1]


@pytest.mark.live
def test_concurrent_approvals_of_one_npi_approve_one(make_app, live_server):
    server = live_server(workers=2, overrides=FAST_ARGON2)
    app = make_app(FAST_ARGON2)
    client = app.test_client()
    npi = application_data()["npi"]
    ids = [apply(client, npi=npi)["application_id"] for _ in range(6)]
    verifiers = [staff_headers(app, client, role) for role in ("verifier", "admin")]

    def approve(n):
        url = f"{server.url}/api/v1/desk/review/applications/{ids[n]}/approve"
        return requests.post(url, json={}, headers=verifiers[n % 2], timeout=30).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        answers = sorted(pool.map(approve, range(len(ids))))
    assert answers == [200] + [409] * 5
    assert sorted(statuses(app).values()) == ["approved"] + ["pending"] * 5
