"""The applicant checks status with the membership secret; `authenticate_membership`."""

import pytest

from casecrowd.desk.membership import (
    MembershipInactive,
    MembershipUnknown,
    authenticate_membership,
)
from casecrowd.desk.models import Membership
from casecrowd.problems import Forbidden, Unauthorized
from tests.desk.support import apply, decide, membership_header

STATUS = "/api/v1/desk/applications/status"


def test_status_follows_the_decisions(app, client, verifier):
    new = apply(client, specialty="pediatrics")
    headers = membership_header(new["membership_secret"])
    body = client.get(STATUS, headers=headers).get_json()
    assert body["status"] == "pending"
    assert body["specialty"] == "pediatrics"
    assert body["decided_on"] is None
    assert len(body["applied_on"]) == 10  # a date, not a time

    decide(client, verifier, new["application_id"], "approve")
    assert client.get(STATUS, headers=headers).get_json()["status"] == "approved"
    decide(client, verifier, new["application_id"], "suspend", "licence revoked by the board")
    body = client.get(STATUS, headers=headers).get_json()
    assert (body["status"], body["reason"]) == ("suspended", "licence revoked by the board")
    assert body["decided_on"] == body["applied_on"]


def test_rejected_applicant_sees_the_reason(app, client, verifier):
    new = apply(client)
    decide(client, verifier, new["application_id"], "reject", "no such licence in the registry")
    body = client.get(STATUS, headers=membership_header(new["membership_secret"])).get_json()
    assert (body["status"], body["reason"]) == ("rejected", "no such licence in the registry")


def test_status_shows_nothing_but_status_fields(app, client):
    new = apply(client, legal_name="Grace Hopper")
    body = client.get(STATUS, headers=membership_header(new["membership_secret"])).get_json()
    assert set(body) == {
        "application_id",
        "status",
        "specialty",
        "applied_on",
        "decided_on",
        "reason",
    }


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Membership",
        "Membership wrong-secret",
        "Bearer {secret}",
        "Basic {secret}",
        "Membership {secret}x",
        "Membership {secret} {secret}",
    ],
)
def test_missing_or_wrong_secret_gets_401(app, client, authorization):
    secret = apply(client)["membership_secret"]
    headers = (
        {} if authorization is None else {"Authorization": authorization.format(secret=secret)}
    )
    response = client.get(STATUS, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Membership realm="casecrowd"'
    assert response.get_json()["type"] == "urn:casecrowd:problem:membership-unknown"
    assert secret not in response.get_data(as_text=True)


def test_scheme_is_case_insensitive(app, client):
    secret = apply(client)["membership_secret"]
    assert client.get(STATUS, headers={"Authorization": f"membership {secret}"}).status_code == 200


def test_authenticate_membership_returns_the_approved_membership(app, client, verifier):
    new = apply(client)
    decide(client, verifier, new["application_id"], "approve")
    with app.app_context():
        membership = authenticate_membership(new["membership_secret"])
        assert isinstance(membership, Membership)
        assert membership.id == new["application_id"]
        assert membership.status == "approved"


@pytest.mark.parametrize(
    ("actions", "status", "detail"),
    [
        ([], "pending", "pending review"),
        (["reject"], "rejected", "rejected"),
        (["approve", "suspend"], "suspended", "suspended"),
    ],
)
def test_authenticate_membership_refuses_inactive_ones_saying_which(
    app, client, verifier, actions, status, detail
):
    new = apply(client)
    for action in actions:
        decide(client, verifier, new["application_id"], action, "registry says so")
    with app.app_context(), pytest.raises(MembershipInactive) as caught:
        authenticate_membership(new["membership_secret"])
    error = caught.value
    assert isinstance(error, Forbidden) and error.status == 403
    assert error.extra == {"membership_status": status}
    assert detail in error.detail


def test_authenticate_membership_after_reinstatement(app, client, verifier):
    new = apply(client)
    for action in ("approve", "suspend", "reinstate"):
        decide(client, verifier, new["application_id"], action, "board decision")
    with app.app_context():
        assert authenticate_membership(new["membership_secret"]).status == "approved"


@pytest.mark.parametrize("header", [None, "", "Membership nope", "Bearer abc"])
def test_authenticate_membership_refuses_missing_or_unknown_secrets(app, header):
    with app.app_context(), pytest.raises(MembershipUnknown) as caught:
        authenticate_membership(header)
    error = caught.value
    assert isinstance(error, Unauthorized) and error.status == 401
    assert error.headers["WWW-Authenticate"].startswith("Membership")
