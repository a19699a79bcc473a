"""NPI squatting: applying first with a physician's public NPI gains nothing, and tells
nobody whether a credential is in use.

The squatter's application and the physician's are both accepted alike; the
verifier sees them side by side as a conflict, approves the genuine one and
rejects the other. Applications are throttled for the desk as a whole, keyed on
nothing about the applicant.
"""

from __future__ import annotations

from casecrowd.cli import cli
from tests.desk.support import application_data, decide, membership_header
from tests.staff.support import FAST_ARGON2, add_account

URL = "/api/v1/desk/applications"
STATUS = "/api/v1/desk/applications/status"
# Differ by application, by nature: the row id and the one-time secret.
PER_APPLICATION = {"application_id", "membership_secret"}


def answer_shape(response):
    """Everything an applicant can compare between two answers."""
    body = response.get_json()
    headers = dict(response.headers)
    # The id's digits are the only length that may differ.
    length = int(headers.pop("Content-Length")) - len(str(body["application_id"]))
    return (
        response.status_code,
        headers,
        length,
        sorted(body),
        {k: v for k, v in body.items() if k not in PER_APPLICATION},
        len(body["membership_secret"]),
    )


def test_a_squatter_applying_first_does_not_lock_out_the_physician(app, client, verifier):
    physician = application_data(legal_name="Grace Hopper", email="grace@example.org")
    squatter = application_data(
        npi=physician["npi"], legal_name="Mallory Jones", email="mallory@example.net"
    )
    squatted = client.post(URL, json=squatter)
    genuine = client.post(URL, json=physician)
    assert genuine.status_code == squatted.status_code == 201
    squatter_id = squatted.get_json()["application_id"]
    physician_id = genuine.get_json()["application_id"]

    queue = client.get("/api/v1/desk/review/queue", headers=verifier).get_json()["items"]
    by_id = {item["id"]: item for item in queue}
    assert by_id[squatter_id]["conflicts"] == [
        {"id": physician_id, "status": "pending", "same": ["npi"]}
    ]
    assert by_id[physician_id]["conflicts"] == [
        {"id": squatter_id, "status": "pending", "same": ["npi"]}
    ]
    assert by_id[physician_id]["legal_name"] == "Grace Hopper"

    assert decide(client, verifier, physician_id, "approve").status_code == 200
    shown = client.get(f"/api/v1/desk/review/applications/{squatter_id}", headers=verifier)
    assert shown.get_json()["credential_held_by"] == physician_id
    assert shown.get_json()["conflicts"] == [
        {"id": physician_id, "status": "approved", "same": ["npi"]}
    ]
    # The squatter cannot be approved by mistake now, only rejected.
    assert decide(client, verifier, squatter_id, "approve").status_code == 409
    rejected = decide(client, verifier, squatter_id, "reject", "the NPI belongs to someone else")
    assert rejected.status_code == 200

    def status(response):
        secret = response.get_json()["membership_secret"]
        return client.get(STATUS, headers=membership_header(secret)).get_json()["status"]

    assert (status(genuine), status(squatted)) == ("approved", "rejected")


def test_a_duplicate_application_gets_the_answer_a_fresh_one_gets(app, client):
    first = application_data()
    fresh = client.post(URL, json=first)
    unrelated = client.post(URL, json=application_data())
    same_npi = client.post(URL, json=application_data(npi=first["npi"]))
    same_both = client.post(URL, json={**first, "email": "other@example.org"})
    expected = answer_shape(unrelated)
    assert expected[0] == 201
    for duplicate in (same_npi, same_both):
        assert answer_shape(duplicate) == expected
    assert answer_shape(fresh) == expected
    # The status an applicant can read says nothing of the other row either.
    statuses = []
    for response in (unrelated, same_npi):
        secret = response.get_json()["membership_secret"]
        shown = client.get(STATUS, headers=membership_header(secret)).get_json()
        assert shown.pop("application_id") == response.get_json()["application_id"]
        statuses.append(shown)
    assert statuses[0] == statuses[1]


def test_the_cli_queue_shows_conflicts_next_to_each_other(app, client, runner):
    add_account(app, "vera", "verifier")
    data = application_data()
    first = client.post(URL, json=data).get_json()["application_id"]
    second = client.post(URL, json=application_data(npi=data["npi"])).get_json()["application_id"]
    listed = runner.invoke(cli, ["desk", "pending"])
    assert listed.exit_code == 0, listed.output
    lines = [line.split("\t") for line in listed.output.splitlines()]
    assert [(int(line[0]), line[3]) for line in lines] == [
        (first, f"conflicts with {second} (pending: npi)"),
        (second, f"conflicts with {first} (pending: npi)"),
    ]
    approved = runner.invoke(cli, ["desk", "approve", str(first), "--verifier", "vera"])
    assert approved.exit_code == 0, approved.output
    refused = runner.invoke(cli, ["desk", "approve", str(second), "--verifier", "vera"])
    assert refused.exit_code != 0
    assert "holds this NPI or licence" in refused.output
    (line,) = runner.invoke(cli, ["desk", "pending"]).output.splitlines()
    assert line.split("\t")[3] == f"conflicts with {first} (approved: npi)"


def test_applications_are_throttled_for_the_desk_as_a_whole(make_app):
    app = make_app({**FAST_ARGON2, "desk": {"applications_per_hour": 2}})
    client = app.test_client()
    assert [client.post(URL, json=application_data()).status_code for _ in range(2)] == [201, 201]
    # A third applicant, with credentials nobody used, waits like anyone else.
    throttled = client.post(URL, json=application_data())
    assert throttled.status_code == 429
    assert throttled.get_json()["type"] == "urn:casecrowd:problem:rate-limited"
    assert int(throttled.headers["Retry-After"]) >= 1
    # Refused applications write nothing and do not count.
    assert client.post(URL, json=application_data(npi="123")).status_code == 422
