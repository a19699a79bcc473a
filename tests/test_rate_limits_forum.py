"""The forum's rate limits: every write and read keyed on a pseudonym, a key or no one.

Each limit answers 429 problem+json with Retry-After and a detail naming
what was limited, and a refused request stores nothing. Rules are narrowed
per test to a few events, so that each needs only a handful of requests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.crypto.keys import generate_issuer_key
from casecrowd.db import db
from casecrowd.forum.models import (
    Answer,
    Case,
    Pseudonym,
    PseudonymSession,
    PseudonymToken,
    SignedEnvelope,
)
from tests.forum.physician import Issuer, Physician, Transport, case_fields

RATE_LIMITED = "urn:casecrowd:problem:rate-limited"


@pytest.fixture(scope="module")
def issuer() -> Issuer:
    not_before = int((datetime.now(UTC) - timedelta(days=10)).timestamp())
    return Issuer({"current": generate_issuer_key()}, {"current": not_before})


@pytest.fixture
def forum(make_app, issuer, tmp_path):
    """``forum(**limits)``: an app with these forum.limits (others at their defaults)."""

    def make(**limits):
        directory = issuer.write_directory(tmp_path / "issuer-directory.json", ["current"])
        settings = {"forum": {"issuer_directory": str(directory), "limits": limits}}
        return make_app(settings)

    return make


def physicians(app, issuer):
    http = Transport(app.test_client())
    return lambda: Physician(http, issuer)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def settle_in(app, doctor: Physician, days: int = 30) -> Physician:
    """Date the doctor's registration back: past the slow mode of new pseudonyms."""
    with app.app_context():
        db.session.execute(
            sa.update(Pseudonym)
            .where(Pseudonym.handle == doctor.handle)
            .values(registered_on=date.today() - timedelta(days=days))
        )
        db.session.commit()
    return doctor


def assert_limited(reply, *words: str) -> int:
    assert reply.status == 429, reply.body
    assert reply.body["type"] == RATE_LIMITED
    wait = int(reply.headers["Retry-After"])
    assert wait >= 1 and reply.body["retry_after"] == wait
    assert f"Try again in {wait} seconds." in reply.body["detail"]
    for word in words:
        assert word in reply.body["detail"]
    return wait


def test_posts_are_limited_per_pseudonym_and_a_refused_one_stores_nothing(forum, issuer):
    app = forum(posts="3/minute", new_pseudonym_days=0)
    doctor, other = physicians(app, issuer)().join(), physicians(app, issuer)().join()
    for number in range(3):
        assert doctor.post("case.create", **case_fields(title=f"Case {number}")).status == 201
    stored = count(app, SignedEnvelope), count(app, Case)
    wait = assert_limited(doctor.post("case.create", **case_fields()), "posts", "3 per minute")
    assert wait <= 60
    assert (count(app, SignedEnvelope), count(app, Case)) == stored
    # Answers and comments are posts too; other pseudonyms and other groups are apart.
    case_id = other.post("case.create", **case_fields()).body["case_id"]
    assert_limited(doctor.post("answer.create", case_id=case_id, body="An answer."), "posts")
    assert doctor.post("vote", target="case", target_id=case_id, value=1).status == 200


def test_a_replay_counts_nothing(forum, issuer):
    app = forum(posts="2/minute", new_pseudonym_days=0)
    doctor = physicians(app, issuer)().join()
    sent = doctor.sign("case.create", **case_fields())
    first = doctor.send(*sent)
    assert first.status == 201
    for _ in range(3):
        again = doctor.send(*sent)
        assert (again.status, again.body) == (201, first.body)
    assert doctor.post("case.create", **case_fields(title="A second case")).status == 201
    assert_limited(doctor.post("case.create", **case_fields(title="A third case")))


def test_refused_envelopes_count_too(forum, issuer):
    # The checks after the count (fields, PHI, targets) are the work the limit bounds.
    app = forum(flags="2/minute")
    doctor = physicians(app, issuer)().join()
    for _ in range(2):
        reply = doctor.post("flag", target="case", target_id=1, reason="not-a-reason")
        assert reply.status == 422, reply.body
    assert_limited(doctor.post("flag", target="case", target_id=1, reason="spam"), "flags")


@pytest.mark.parametrize(
    ("rule", "kind", "members", "named"),
    [
        ("votes", "vote", {"target": "case", "value": 1}, "votes"),
        ("edits", "case.outcome", {"outcome": "Resolved with steroids."}, "edits"),
        ("appeals", "appeal", {"log_entry": 1, "text": "Please look again."}, "appeals"),
    ],
)
def test_each_group_has_its_own_rule(forum, issuer, rule, kind, members, named):
    app = forum(**{rule: "1/minute"}, new_pseudonym_days=0)
    doctor = physicians(app, issuer)().join()
    case_id = doctor.post("case.create", **case_fields()).body["case_id"]
    members = {**members, **({"target_id": case_id} if kind == "vote" else {})}
    members = {**members, **({"case_id": case_id} if kind == "case.outcome" else {})}
    first = doctor.post(kind, **members)
    assert first.status < 500 and first.status != 429, first.body
    assert_limited(doctor.post(kind, **members), named, "1 per minute")
    assert doctor.post("case.create", **case_fields(title="Still posting")).status == 201


def test_a_new_pseudonym_posts_in_slow_mode(forum, issuer):
    app = forum(new_pseudonym_posts="1/minute", new_pseudonym_days=3)
    new, settled = physicians(app, issuer)().join(), physicians(app, issuer)().join()
    settle_in(app, settled, days=3)
    case_id = new.post("case.create", **case_fields()).body["case_id"]
    reply = new.post("answer.create", case_id=case_id, body="Second post in a minute.")
    assert_limited(reply, "registered fewer than 3 days ago", "1 per minute")
    assert count(app, Answer) == 0
    # Edits and votes are not posts; a pseudonym three days old posts freely.
    assert new.post("case.edit", case_id=case_id, title="An edited title").status == 200
    for number in range(3):
        reply = settled.post("answer.create", case_id=case_id, body=f"Answer {number}.")
        assert reply.status == 201, reply.body


def test_a_flood_of_answers_gets_429s_with_retry_after_and_never_a_5xx(forum, issuer):
    app = forum()  # the defaults
    author = physicians(app, issuer)().join()
    flooder = settle_in(app, physicians(app, issuer)().join())
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    statuses = []
    for number in range(120):
        reply = flooder.post("answer.create", case_id=case_id, body=f"Answer number {number}.")
        statuses.append(reply.status)
        if reply.status == 429:
            assert int(reply.headers["Retry-After"]) >= 1
    assert statuses == [201] * 6 + [429] * 114
    assert count(app, Answer) == 6


def test_reads_are_limited_per_pseudonym(forum, issuer):
    app = forum(requests="4/minute")
    reader, other = physicians(app, issuer)().join(), physicians(app, issuer)().join()
    for _ in range(4):
        assert reader.get("/api/v1/cases").status == 200
    assert_limited(reader.get("/api/v1/search?q=fever"), "requests from this pseudonym")
    # Writes through the session count here too, before anything is stored.
    assert_limited(reader.post("case.create", **case_fields()))
    assert count(app, SignedEnvelope) == 0
    assert other.get("/api/v1/cases").status == 200


def test_session_challenges_are_limited_per_key_and_for_everyone(forum, issuer):
    app = forum(session_challenges="2/minute", session_challenges_all="5/minute")
    doctor = physicians(app, issuer)()
    assert doctor.register().status == 201
    client = app.test_client()

    def ask(reference):
        return client.post("/api/v1/sessions/challenge", json={"pseudonym": reference})

    # By handle or by key, it is the same pseudonym's counter.
    assert ask(doctor.handle).status_code == 200
    assert ask(doctor.pseudonym).status_code == 200
    refused = ask(doctor.handle)
    assert refused.status_code == 429
    assert "session challenges for this pseudonym" in refused.get_json()["detail"]
    # Every challenge asked for counts for everyone together, unknown references too.
    for _ in range(2):
        assert ask("no-such-handle").status_code == 404
    refused = ask("no-such-handle")
    assert refused.status_code == 429
    assert refused.get_json()["detail"].startswith("Too many session challenges: at most 5")
    assert int(refused.headers["Retry-After"]) >= 1


def test_session_opens_are_limited_per_key_and_store_nothing_when_refused(forum, issuer):
    app = forum(session_opens="2/minute")
    doctor = physicians(app, issuer)().join()  # one session opened
    assert doctor.open_session().status == 201
    sessions = count(app, PseudonymSession)
    assert_limited(doctor.open_session(), "sessions opened for this pseudonym")
    assert count(app, PseudonymSession) == sessions


def test_registrations_are_limited_per_key_and_for_everyone(forum, issuer):
    app = forum(registrations="2/hour", registrations_all="3/minute")
    make = physicians(app, issuer)
    doctor = make()
    assert doctor.register().status == 201
    assert doctor.register().status == 200  # a renewal with a new token
    tokens = count(app, PseudonymToken)
    assert_limited(doctor.register(), "registrations and renewals of this key", "2 per hour")
    assert count(app, PseudonymToken) == tokens
    # The refused one took no place among everyone's: a third registration fits.
    assert make().register().status == 201
    assert_limited(make().register(), "registrations and renewals:", "3 per minute")


def test_registration_samples_are_limited_for_everyone(forum):
    client = forum(registration_samples="2/minute").test_client()
    for _ in range(2):
        assert client.get("/api/v1/registrations/sample").status_code == 200
    refused = client.get("/api/v1/registrations/sample")
    assert refused.status_code == 429
    assert refused.get_json()["type"] == RATE_LIMITED


LIMITED_OPERATIONS = [
    ("post", "/api/v1/envelopes"),
    ("post", "/api/v1/appeals"),
    ("get", "/api/v1/cases"),
    ("get", "/api/v1/cases/{case_id}"),
    ("get", "/api/v1/proofs/{proof_id}"),
    ("post", "/api/v1/sessions/challenge"),
    ("post", "/api/v1/sessions"),
    ("post", "/api/v1/pseudonyms"),
    ("get", "/api/v1/registrations/sample"),
    ("post", "/api/v1/desk/applications"),
]


@pytest.mark.parametrize(("method", "path"), LIMITED_OPERATIONS)
def test_the_openapi_document_lists_the_429(client, method, path):
    document = client.get("/api/v1/openapi.json").get_json()
    responses = document["paths"][path][method]["responses"]
    assert "`rate-limited`" in responses["429"]["description"]
    assert "Retry-After" in responses["429"]["headers"]
