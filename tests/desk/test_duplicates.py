"""One membership per physician: a taken NPI or licence gets 409, and nothing is written."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from casecrowd.db import engine
from tests.desk.support import application_data, apply, decide
from tests.staff.support import FAST_ARGON2

URL = "/api/v1/desk/applications"


def count(app):
    with app.app_context(), engine("identity").connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM desk_memberships")).scalar()


def same_npi(first):
    return application_data(npi=first["npi"])


def same_licence(first):
    # Written differently, normalised the same.
    number = first["licence_number"].lower().replace("-", " ")
    return application_data(licence_number=number, jurisdiction=first["jurisdiction"].lower())


@pytest.mark.parametrize("second", [same_npi, same_licence])
def test_second_application_for_a_credential_gets_409_and_writes_nothing(app, client, second):
    first = application_data()
    assert client.post(URL, json=first).status_code == 201
    response = client.post(URL, json=second(first))
    assert response.status_code == 409
    body = response.get_json()
    assert body["type"] == "urn:casecrowd:problem:already-applied"
    assert count(app) == 1


def test_the_same_licence_number_elsewhere_is_another_credential(app, client):
    first = apply(client, jurisdiction="US-NY", licence_number="A1")
    assert first["status"] == "pending"
    assert (
        client.post(
            URL, json=application_data(jurisdiction="US-NJ", licence_number="A1")
        ).status_code
        == 201
    )


def conflict_after(client, verifier, actions):
    first = application_data()
    application_id = client.post(URL, json=first).get_json()["application_id"]
    for action in actions:
        assert (
            decide(client, verifier, application_id, action, "licence checked").status_code == 200
        )
    response = client.post(URL, json=same_npi(first))
    return response.status_code, response.get_data()


def test_409_says_the_same_whatever_state_the_first_is_in(app, client, verifier):
    answers = {
        conflict_after(client, verifier, actions)
        for actions in (
            [],
            ["approve"],
            ["approve", "suspend"],
            ["approve", "suspend", "reinstate"],
        )
    }
    assert len(answers) == 1
    ((status, _),) = answers
    assert status == 409


def test_after_a_rejection_the_physician_may_apply_again(app, client, verifier):
    first = application_data()
    application_id = client.post(URL, json=first).get_json()["application_id"]
    assert (
        decide(
            client, verifier, application_id, "reject", "licence not found in registry"
        ).status_code
        == 200
    )
    again = client.post(URL, json={**first, "email": "new@example.org"})
    assert again.status_code == 201
    assert client.post(URL, json=first).status_code == 409  # the new one holds it now


def test_fingerprints_are_keyed_by_the_pepper(make_app, tmp_path: Path):
    """Another pepper, another fingerprint: they cannot be recomputed from the NPI alone."""
    data = application_data()
    fingerprints = []
    for name in ("keys-a", "keys-b"):
        app = make_app({**FAST_ARGON2, "paths": {"keys": str(tmp_path / name)}})
        # The same credential is not taken under the other pepper.
        assert app.test_client().post(URL, json=data).status_code == 201
        with app.app_context(), engine("identity").connect() as conn:
            query = "SELECT npi_fingerprint FROM desk_memberships ORDER BY id DESC"
            fingerprints.append(conn.execute(sa.text(query)).scalar())
    assert fingerprints[0] != fingerprints[1]


@pytest.mark.live
def test_concurrent_applications_for_one_npi_make_one_membership(make_app, live_server):
    import concurrent.futures

    import requests

    server = live_server(workers=2, overrides=FAST_ARGON2)
    npi = application_data()["npi"]
    bodies = [application_data(npi=npi) for _ in range(8)]

    def post(body):
        return requests.post(f"{server.url}{URL}", json=body, timeout=30).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(post, bodies))
    assert statuses == [201] + [409] * 7
    assert count(make_app(FAST_ARGON2)) == 1
