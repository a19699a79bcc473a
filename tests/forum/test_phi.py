"""The PHI guard runs on every text before anything of the envelope is stored."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.forum.models import Case, CaseRevision, Comment, SignedEnvelope
from tests.forum.physician import case_fields

PHONE = "Her daughter can be reached on 555-123-4567."
# A possible city: low confidence, so the author may acknowledge it.
UNCERTAIN = "Springfield was mentioned."


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_case_with_an_identifier_is_blocked_and_nothing_is_stored(author, forum_app):
    reply = author.post("case.create", **case_fields(history=PHONE))
    assert reply.status == 422
    assert problem_code(reply) == "phi-detected"
    (finding,) = reply.body["findings"]
    assert finding["field"] == "history" and finding["confidence"] == "high"
    assert count(forum_app, SignedEnvelope) == count(forum_app, Case) == 0


def test_an_acknowledged_uncertain_finding_is_stored_with_the_case(author, forum_app):
    blocked = author.post("case.create", **case_fields(history=UNCERTAIN))
    assert blocked.status == 422
    findings = blocked.body["findings"]
    assert {f["confidence"] for f in findings} == {"low"}
    acks = [{"rule": f["rule"], "span": f["span_hash"]} for f in findings]
    reply = author.post("case.create", phi_ack=acks, **case_fields(history=UNCERTAIN))
    assert reply.status == 201, reply.body
    with forum_app.app_context():
        (revision,) = db.session.scalars(sa.select(CaseRevision)).all()
        stored = revision.phi_acknowledged
    assert [(f["field"], f["rule"], f["span_hash"]) for f in stored] == [
        (f["field"], f["rule"], f["span_hash"]) for f in findings
    ]
    assert all("excerpt" not in f for f in stored)


def test_an_acknowledgement_does_not_unblock_a_certain_finding(author):
    blocked = author.post("case.create", **case_fields(history=PHONE))
    acks = [{"rule": f["rule"], "span": f["span_hash"]} for f in blocked.body["findings"]]
    reply = author.post("case.create", phi_ack=acks, **case_fields(history=PHONE))
    assert reply.status == 422 and problem_code(reply) == "phi-detected"


@pytest.mark.parametrize(
    "ack", [{"rule": "possible-city"}, {"rule": "Possible City!", "span": "0" * 64}, "x"]
)
def test_malformed_acknowledgements(author, ack):
    reply = author.post("case.create", phi_ack=[ack], **case_fields())
    assert reply.status == 422 and problem_code(reply) == "validation"


def test_clean_text_stores_no_findings(author, forum_app):
    assert author.post("case.create", **case_fields()).status == 201
    with forum_app.app_context():
        (revision,) = db.session.scalars(sa.select(CaseRevision)).all()
        assert revision.phi_acknowledged == []


@pytest.mark.parametrize(
    ("kind", "members", "field"),
    [
        ("answer.create", {"body": PHONE}, "body"),
        (
            "answer.create",
            {"body": "Fine.", "differential": [{"diagnosis": PHONE}]},
            "differential.1.diagnosis",
        ),
        ("comment.create", {"body": PHONE}, "body"),
        ("case.outcome", {"outcome": PHONE}, "outcome"),
        ("case.edit", {"examination": PHONE}, "examination"),
    ],
)
def test_every_text_is_screened(author, forum_app, kind, members, field):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    before = count(forum_app, SignedEnvelope)
    reply = author.post(kind, case_id=case_id, **members)
    assert reply.status == 422, reply.body
    assert problem_code(reply) == "phi-detected"
    assert {f["field"] for f in reply.body["findings"]} == {field}
    assert count(forum_app, SignedEnvelope) == before
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["status"] == "open" and case["revision"] == 1
    assert case["answers"] == [] and case["comments"] == []
    assert case["examination"] == case_fields()["examination"]


def test_answer_edits_are_screened(author, forum_app):
    case_id = author.post("case.create", **case_fields()).body["case_id"]
    answer_id = author.post("answer.create", case_id=case_id, body="Fine.").body["answer_id"]
    reply = author.post("answer.edit", answer_id=answer_id, body=PHONE)
    assert reply.status == 422 and problem_code(reply) == "phi-detected"
    revisions = author.get(f"/api/v1/answers/{answer_id}/revisions").body
    assert [r["fields"]["body"] for r in revisions] == ["Fine."]
    assert count(forum_app, Comment) == 0
