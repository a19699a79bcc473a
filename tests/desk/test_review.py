"""Verifiers: the queue, decisions, the audit log, and who may do what."""

import pytest
import sqlalchemy as sa

from casecrowd.clock import utc_today
from casecrowd.db import db, engine
from casecrowd.desk.models import APPLICANT, Membership
from tests.conftest import ON_POSTGRES
from tests.desk.support import apply, decide
from tests.staff.support import add_account, bearer, staff_headers

QUEUE = "/api/v1/desk/review/queue"


def test_queue_lists_pending_oldest_first_in_pages(app, client, verifier):
    ids = [apply(client)["application_id"] for _ in range(5)]
    decide(client, verifier, ids[2], "approve")  # decided ones leave the queue

    pages = [
        client.get(QUEUE, query_string={"page": n, "per_page": 2}, headers=verifier).get_json()
        for n in (1, 2, 3)
    ]
    assert [p["total"] for p in pages] == [4, 4, 4]
    listed = [item["id"] for page in pages for item in page["items"]]
    # Ids are given in the order applications arrive: the oldest has the lowest.
    assert listed == [ids[0], ids[1], ids[3], ids[4]]
    assert [len(p["items"]) for p in pages] == [2, 2, 0]
    first = pages[0]["items"][0]
    assert first["status"] == "pending"
    assert first["legal_name"] and first["npi"] and first["email"]


def test_review_shows_days_never_times(app, client, verifier):
    today = utc_today().isoformat()
    pending, decided = apply(client)["application_id"], apply(client)["application_id"]
    decide(client, verifier, decided, "reject", "registry lists another specialty")

    queued = client.get(QUEUE, headers=verifier).get_json()["items"]
    shown = client.get(f"/api/v1/desk/review/applications/{decided}", headers=verifier).get_json()

    assert [(i["id"], i["applied_on"], i["decided_on"]) for i in queued] == [(pending, today, None)]
    assert (shown["applied_on"], shown["decided_on"], shown["identity_erased_on"]) == (
        today,
        today,
        None,
    )
    assert not [key for item in [*queued, shown] for key in item if key.endswith("_at")]


@pytest.mark.parametrize(
    "query", [{"page": 0}, {"page": "x"}, {"per_page": 0}, {"per_page": 101}, {"page": -1}]
)
def test_bad_paging_gets_422(app, client, verifier, query):
    response = client.get(QUEUE, query_string=query, headers=verifier)
    assert response.status_code == 422
    assert response.get_json()["invalid-params"]


def audit(client, headers, **query):
    return client.get("/api/v1/desk/audit", query_string=query, headers=headers).get_json()


def test_every_decision_is_audited_with_who_what_when_why(app, client, verifier):
    application_id = apply(client)["application_id"]
    steps = [
        ("approve", None),
        ("suspend", "licence revoked by the state board"),
        ("reinstate", "revocation overturned on appeal"),
    ]
    for action, reason in steps:
        response = decide(client, verifier, application_id, action, reason)
        assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "approved"
    log = audit(client, verifier, membership_id=application_id)
    assert log["total"] == 4
    entries = list(reversed(log["items"]))  # newest first on the wire
    assert [(e["action"], e["reason"]) for e in entries] == [("apply", None), *steps]
    assert [e["actor"] for e in entries] == [APPLICANT] + ["verifier"] * 3
    assert {e["membership_id"] for e in entries} == {application_id}
    # The order is the sequence number's; the only time is the day.
    sequence = [e["seq"] for e in entries]
    assert sequence == sorted(sequence) and len(set(sequence)) == 4
    assert {e["on"] for e in entries} == {utc_today().isoformat()}
    assert all(
        set(e) == {"seq", "on", "actor", "action", "membership_id", "reason"} for e in entries
    )


def test_reject_records_reason_and_decision_day(app, client, verifier):
    application_id = apply(client)["application_id"]
    response = decide(client, verifier, application_id, "reject", "licence expired in 2020")
    body = response.get_json()
    assert (body["status"], body["reason"]) == ("rejected", "licence expired in 2020")
    assert body["decided_on"] == utc_today().isoformat()
    newest = audit(client, verifier)["items"][0]
    assert (newest["action"], newest["reason"], newest["actor"]) == (
        "reject",
        "licence expired in 2020",
        "verifier",
    )


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ([], "suspend"),
        ([], "reinstate"),
        (["approve"], "approve"),
        (["approve"], "reject"),
        (["approve"], "reinstate"),
        (["reject"], "approve"),
        (["reject"], "suspend"),
        (["approve", "suspend"], "suspend"),
        (["approve", "suspend"], "approve"),
    ],
)
def test_impossible_transitions_get_409_and_change_nothing(app, client, verifier, setup, action):
    application_id = apply(client)["application_id"]
    for step in setup:
        decide(client, verifier, application_id, step, "per the registry")
    before = audit(client, verifier)["total"]
    response = decide(client, verifier, application_id, action, "per the registry")
    assert response.status_code == 409
    assert response.get_json()["type"] == "urn:casecrowd:problem:wrong-status"
    assert audit(client, verifier)["total"] == before


@pytest.mark.parametrize("action", ["reject", "suspend", "reinstate"])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reason_is_required_except_to_approve(app, client, verifier, action, reason):
    application_id = apply(client)["application_id"]
    if action != "reject":
        decide(client, verifier, application_id, "approve")
    if action == "reinstate":
        decide(client, verifier, application_id, "suspend", "licence revoked")
    before = client.get(
        f"/api/v1/desk/review/applications/{application_id}", headers=verifier
    ).get_json()
    response = decide(client, verifier, application_id, action, reason)
    assert response.status_code == 422
    assert response.get_json()["invalid-params"][0]["name"] == "reason"
    after = client.get(
        f"/api/v1/desk/review/applications/{application_id}", headers=verifier
    ).get_json()
    assert after == before


@pytest.mark.parametrize(
    "reason",
    [
        "Grace Hopper is not in the registry",
        "surname HOPPER does not match",
        "licence zx 98765 lapsed",
        "NPI {npi} belongs to someone else",
        "contact grace.h@example.org first",
    ],
)
def test_reason_may_not_repeat_identity_fields(app, client, verifier, reason):
    new = apply(
        client, legal_name="Grace Hopper", licence_number="ZX98765", email="grace.h@example.org"
    )
    npi = client.get(
        f"/api/v1/desk/review/applications/{new['application_id']}", headers=verifier
    ).get_json()["npi"]
    response = decide(client, verifier, new["application_id"], "reject", reason.format(npi=npi))
    assert response.status_code == 422
    assert response.get_json()["type"] == "urn:casecrowd:problem:reason-repeats-identity"
    assert [e["action"] for e in audit(client, verifier)["items"]] == ["apply"]


def test_audit_log_holds_no_identity_fields(app, client, verifier):
    new = apply(client, legal_name="Katherine Johnson", email="kj@example.org")
    decide(client, verifier, new["application_id"], "reject", "registry lists another specialty")
    with app.app_context(), engine("identity").connect() as conn:
        columns = [c["name"] for c in sa.inspect(conn).get_columns("desk_audit_log")]
        text = str(conn.execute(sa.text("SELECT * FROM desk_audit_log")).all())
    assert set(columns) == {"id", "on", "actor", "action", "membership_id", "reason"}
    assert "Johnson" not in text and "kj@example.org" not in text


def test_unknown_application_gets_404(app, client, verifier):
    assert client.get("/api/v1/desk/review/applications/999", headers=verifier).status_code == 404
    assert decide(client, verifier, 999, "approve").status_code == 404
    assert decide(client, verifier, 999, "suspend", "revoked").status_code == 404


def test_the_audit_log_refuses_updates_in_the_database(app, client, verifier):
    decide(client, verifier, apply(client)["application_id"], "approve")
    with app.app_context(), engine("identity").connect() as conn:
        updates = (
            "UPDATE desk_audit_log SET actor = 'someone else'",
            "UPDATE desk_audit_log SET \"on\" = '2000-01-01'",
        )
        for statement in updates:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                conn.execute(sa.text(statement))
            conn.rollback()
        if ON_POSTGRES:
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                conn.execute(sa.text("DELETE FROM desk_audit_log"))
            conn.rollback()
        rows = conn.execute(sa.text("SELECT actor, action FROM desk_audit_log ORDER BY id"))
        assert [tuple(row) for row in rows] == [(APPLICANT, "apply"), ("verifier", "approve")]


def test_no_route_changes_or_deletes_the_audit_log(app):
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_admin_may_do_what_a_verifier_does(app, client):
    admin = staff_headers(app, client, "admin")
    application_id = apply(client)["application_id"]
    assert client.get(QUEUE, headers=admin).status_code == 200
    assert decide(client, admin, application_id, "approve").status_code == 200
    assert audit(client, admin)["items"][0]["actor"] == "admin"


REVIEW_REQUESTS = [
    ("get", "/api/v1/desk/review/queue", None),
    ("get", "/api/v1/desk/review/applications/{id}", None),
    ("post", "/api/v1/desk/review/applications/{id}/approve", {}),
    ("post", "/api/v1/desk/review/applications/{id}/reject", {"reason": "registry mismatch"}),
    ("post", "/api/v1/desk/memberships/{id}/suspend", {"reason": "licence revoked"}),
    ("post", "/api/v1/desk/memberships/{id}/reinstate", {"reason": "appeal upheld"}),
    ("post", "/api/v1/desk/memberships/lookup", {"npi": "1234567893"}),
    ("get", "/api/v1/desk/audit", None),
]


@pytest.mark.parametrize(("method", "path", "body"), REVIEW_REQUESTS)
def test_anonymous_gets_401_and_moderator_403_and_nothing_changes(app, client, method, path, body):
    application_id = apply(client)["application_id"]
    add_account(app, "mod", "moderator")
    url = path.format(id=application_id)
    for headers, status in (({}, 401), (bearer(client, "mod"), 403)):
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code == status
        assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "This needs the role verifier or admin."
    with app.app_context():
        assert db.session.get(Membership, application_id).status == "pending"


def test_authorisation_is_checked_before_the_body(app, client):
    response = client.post("/api/v1/desk/memberships/lookup", json={"npi": "bad"})
    assert response.status_code == 401
