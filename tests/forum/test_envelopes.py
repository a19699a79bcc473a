"""Every write is a signed envelope: verification, validation, idempotency."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.forum.models import Case, SignedEnvelope
from tests.forum.physician import Physician, Transport, case_fields, envelope_body


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture
def doctor(physician) -> Physician:
    return physician().join()


def test_a_signed_case_is_stored_verbatim(doctor, forum_app):
    text, signature = doctor.sign("case.create", **case_fields())
    reply = doctor.send(text, signature)
    assert reply.status == 201, reply.body
    assert reply.body["kind"] == "case.create" and reply.body["revision"] == 1
    with forum_app.app_context():
        row = db.session.get(SignedEnvelope, reply.body["proof_id"])
        assert row.envelope == text and row.signature == signature


def test_a_tampered_envelope_is_refused(doctor, forum_app):
    text, signature = doctor.sign("case.create", **case_fields())
    reply = doctor.send(text.replace("Recurrent", "Recurring"), signature)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-signature-invalid"
    assert count(forum_app, SignedEnvelope) == 0


def test_another_pseudonyms_envelope_does_not_verify_in_my_session(doctor, physician):
    other = physician().join()
    text, signature = other.sign("case.create", **case_fields())
    reply = doctor.send(text, signature)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-signature-invalid"


def test_the_envelope_must_name_the_sessions_pseudonym(doctor, physician):
    other = physician().join()
    message, signature = envelope.sign_message(
        doctor.key, envelope_body(doctor, pseudonym=other.pseudonym)
    )
    reply = doctor.send(message.decode(), signature)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-wrong-pseudonym"


def test_wrong_origin(doctor):
    message, signature = envelope.sign_message(
        doctor.key, envelope_body(doctor, origin="https://elsewhere.test")
    )
    reply = doctor.send(message.decode(), signature)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-wrong-origin"


@pytest.mark.parametrize("offset", [timedelta(hours=-1), timedelta(hours=1)])
def test_created_outside_the_window(doctor, offset):
    reply = doctor.post("case.create", created=datetime.now(UTC) + offset, **case_fields())
    assert reply.status == 422
    assert problem_code(reply) == "envelope-outside-window"


def test_non_canonical_json_is_refused(doctor):
    text = json.dumps(envelope_body(doctor), indent=1)
    signature = envelope.base64url.encode(doctor.key.sign(text.encode()).signature, padded=False)
    reply = doctor.send(text, signature)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-non-canonical"


@pytest.mark.parametrize(
    "changes",
    [{"id": None}, {"v": 2}, {"created": "yesterday"}, {"id": "short"}, {"kind": None}],
)
def test_malformed_envelopes(doctor, changes):
    message, signature = envelope.sign_message(doctor.key, envelope_body(doctor, **changes))
    reply = doctor.send(message.decode(), signature)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-malformed"


def test_not_json_at_all(doctor):
    text = "this is not json"
    signature = envelope.base64url.encode(doctor.key.sign(text.encode()).signature, padded=False)
    reply = doctor.send(text, signature)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-malformed"


def test_unknown_kind(doctor):
    reply = doctor.post("case.delete", case_id=1)
    assert reply.status == 422
    assert problem_code(reply) == "envelope-unknown-kind"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"age": 95}, "envelope.age"),
        ({"age": 90}, "envelope.age"),
        ({"age": -1}, "envelope.age"),
        ({"age": "34"}, "envelope.age"),
        ({"sex": "robot"}, "envelope.sex"),
        ({"tags": []}, "envelope.tags"),
        ({"tags": ["Cardiology"]}, "envelope.tags.0"),
        ({"tags": ["cardiology", "cardiology"]}, "envelope.tags"),
        ({"title": "Hi"}, "envelope.title"),
        ({"question": None}, "envelope.question"),
        ({"surprise": "member"}, "envelope.surprise"),
    ],
)
def test_case_members_are_validated(doctor, forum_app, changes, field):
    fields = {k: v for k, v in case_fields(**changes).items() if v is not None}
    reply = doctor.post("case.create", **fields)
    assert reply.status == 422, reply.body
    assert problem_code(reply) == "validation"
    assert field in {item["name"] for item in reply.body["invalid-params"]}
    assert count(forum_app, SignedEnvelope) == 0


def test_ninety_and_over_is_given_as_90_plus(doctor):
    reply = doctor.post("case.create", **case_fields(age="90+"))
    assert reply.status == 201
    case = doctor.get(f"/api/v1/cases/{reply.body['case_id']}").body
    assert case["age"] == "90+"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"envelope": "{}"},
        {"signature": "x"},
        {"envelope": "", "signature": "AAAA"},
        {"envelope": "{}", "signature": "not base64!"},
        {"envelope": 5, "signature": "AAAA"},
    ],
)
def test_the_post_body_needs_envelope_and_signature(doctor, body):
    reply = doctor.http.request("POST", "/api/v1/envelopes", json=body, headers=doctor.auth())
    assert reply.status == 422


def test_a_retry_gets_the_same_response(doctor, forum_app):
    text, signature = doctor.sign("case.create", **case_fields())
    first = doctor.send(text, signature)
    again = doctor.send(text, signature)
    assert (again.status, again.body) == (first.status, first.body) == (201, first.body)
    assert count(forum_app, Case) == 1


def test_a_retry_after_the_window_still_gets_the_first_response(make_app, forum_settings, issuer):
    app = make_app(forum_settings({"forum": {"envelope_window_seconds": 2}}))
    doctor = Physician(Transport(app.test_client()), issuer).join()
    text, signature = doctor.sign("case.create", **case_fields())
    first = doctor.send(text, signature)
    assert first.status == 201
    time.sleep(3.5)
    again = doctor.send(text, signature)
    assert (again.status, again.body) == (first.status, first.body)
    late = doctor.post("case.create", created=datetime.now(UTC) - timedelta(seconds=5))
    assert problem_code(late) == "envelope-outside-window"


def test_a_different_envelope_under_a_used_id_conflicts(doctor, physician, forum_app):
    body = envelope_body(doctor)
    message, signature = envelope.sign_message(doctor.key, body)
    assert doctor.send(message.decode(), signature).status == 201
    changed = dict(body, title="A different title for the same id")
    message, signature = envelope.sign_message(doctor.key, changed)
    reply = doctor.send(message.decode(), signature)
    assert reply.status == 409
    assert problem_code(reply) == "envelope-id-reused"
    # Ids belong to their pseudonym: another author may use the same one.
    other = physician().join()
    message, signature = envelope.sign_message(other.key, envelope_body(other))
    assert other.send(message.decode(), signature).status == 201
    assert count(forum_app, Case) == 2


def test_a_refused_envelope_stores_nothing_and_frees_its_id(doctor, forum_app):
    body = envelope_body(doctor, kind="answer.create", case_id=999, body="Try steroids.")
    for name in list(case_fields()):
        body.pop(name)
    message, signature = envelope.sign_message(doctor.key, body)
    reply = doctor.send(message.decode(), signature)
    assert reply.status == 404
    assert count(forum_app, SignedEnvelope) == 0
    message, signature = envelope.sign_message(doctor.key, envelope_body(doctor))
    assert doctor.send(message.decode(), signature).status == 201


def test_an_envelope_that_is_not_unicode_text(doctor):
    reply = doctor.send("\ud800", "AAAA")
    assert reply.status == 422
    assert problem_code(reply) == "envelope-malformed"
