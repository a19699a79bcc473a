"""Sanctions: a suspended or banned pseudonym is refused everywhere but its appeal."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.models import PseudonymToken, Sanction, SignedEnvelope
from casecrowd.protocol.media import PROBLEM_JSON
from tests.forum.physician import Physician, case_fields
from tests.forum.test_appeals import add_entry, problem_code, pseudonym_id


def sanction(app, doctor: Physician, kind: str, *, starts=None, ends=None, lifted=False) -> int:
    """Impose ``kind`` on the doctor's pseudonym (and lift it, if asked); the entry's seq."""
    seq = add_entry(app, kind, "pseudonym", doctor.handle, reason="harassment")
    lifted_seq = add_entry(app, "lift", "pseudonym", doctor.handle) if lifted else None
    target = pseudonym_id(app, doctor)
    with app.app_context():
        db.session.add(
            Sanction(
                pseudonym_id=target,
                kind=kind,
                log_seq=seq,
                starts=starts or utcnow() - timedelta(minutes=1),
                ends=ends,
                lifted_seq=lifted_seq,
            )
        )
        db.session.commit()
    return seq


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def rfc3339(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def case_id(peer) -> int:
    return peer.post("case.create", **case_fields()).body["case_id"]


def refusals(doctor: Physician, case_id: int) -> dict[str, object]:
    """Every way a member uses the forum, each tried once."""
    return {
        "read": doctor.get(f"/api/v1/cases/{case_id}"),
        "list": doctor.get("/api/v1/cases"),
        "post": doctor.post("case.create", **case_fields()),
        "answer": doctor.post("answer.create", case_id=case_id, body="Consider lymphoma."),
        "vote": doctor.post("vote", target="case", target_id=case_id, value=1),
        "flag": doctor.post("flag", target="case", target_id=case_id, reason="spam"),
        "own sanctions": doctor.get("/api/v1/me/moderation"),
        "new session": doctor.open_session(),
        "renewal": doctor.register(doctor.token()),
    }


def test_a_suspension_refuses_every_use_and_names_its_end(author, case_id, forum_app):
    ends = (utcnow() + timedelta(days=3)).replace(microsecond=0)
    seq = sanction(forum_app, author, "suspend", ends=ends)
    tokens = count(forum_app, PseudonymToken)
    for use, reply in refusals(author, case_id).items():
        assert reply.status == 403, (use, reply.body)
        assert reply.headers["Content-Type"] == PROBLEM_JSON, use
        assert problem_code(reply) == "pseudonym-suspended", use
        assert reply.body["sanction"] == "suspend"
        assert reply.body["ends"] == rfc3339(ends)
        assert reply.body["log_entry"] == seq
        assert reply.body["detail"] == (
            f"This pseudonym is suspended until {rfc3339(ends)} (mod log entry {seq})."
        )
    author_id = pseudonym_id(forum_app, author)
    assert count(forum_app, SignedEnvelope, SignedEnvelope.pseudonym_id == author_id) == 0
    # The refused renewal spent no token.
    assert count(forum_app, PseudonymToken) == tokens


def test_a_ban_has_no_end(author, case_id, forum_app):
    seq = sanction(forum_app, author, "ban")
    for use, reply in refusals(author, case_id).items():
        assert reply.status == 403, (use, reply.body)
        assert problem_code(reply) == "pseudonym-banned", use
        assert (reply.body["sanction"], reply.body["ends"]) == ("ban", None)
        assert reply.body["log_entry"] == seq
        assert reply.body["detail"] == f"This pseudonym is banned (mod log entry {seq})."


def test_a_ban_outranks_a_suspension(author, case_id, forum_app):
    sanction(forum_app, author, "suspend", ends=utcnow() + timedelta(days=30))
    seq = sanction(forum_app, author, "ban")
    reply = author.get(f"/api/v1/cases/{case_id}")
    assert problem_code(reply) == "pseudonym-banned" and reply.body["log_entry"] == seq


def test_a_warning_bars_nothing(author, case_id, forum_app):
    sanction(forum_app, author, "warn")
    assert author.get(f"/api/v1/cases/{case_id}").status == 200
    assert author.post("case.create", **case_fields()).status == 201
    assert author.post("vote", target="case", target_id=case_id, value=1).status == 200
    assert author.post("flag", target="case", target_id=case_id, reason="spam").status == 201
    assert author.open_session().status == 201
    assert author.register(author.token()).status == 200


@pytest.mark.parametrize("ended", ["expired", "lifted"])
def test_a_suspension_that_ended_no_longer_bars(author, case_id, forum_app, ended):
    now = utcnow()
    if ended == "expired":
        sanction(forum_app, author, "suspend", starts=now - timedelta(days=2), ends=now)
    else:
        sanction(forum_app, author, "suspend", ends=now + timedelta(days=2), lifted=True)
    assert author.get(f"/api/v1/cases/{case_id}").status == 200
    assert author.post("answer.create", case_id=case_id, body="Consider lymphoma.").status == 201
    assert author.open_session().status == 201


def test_a_token_refused_during_a_suspension_renews_once_it_is_lifted(author, forum_app):
    sanction(forum_app, author, "suspend", ends=utcnow() + timedelta(days=2))
    token = author.token()
    assert problem_code(author.register(token)) == "pseudonym-suspended"
    lift = add_entry(forum_app, "lift", "pseudonym", author.handle)
    with forum_app.app_context():
        db.session.execute(sa.update(Sanction).values(lifted_seq=lift))
        db.session.commit()
    assert author.register(token).status == 200


def send_appeal(http, text: str, signature: str):
    return http.request("POST", "/api/v1/appeals", json={"envelope": text, "signature": signature})


@pytest.mark.parametrize("kind", ["suspend", "ban"])
def test_a_barred_pseudonym_appeals_without_a_session_once(author, http, forum_app, kind):
    ends = utcnow() + timedelta(days=7) if kind == "suspend" else None
    seq = sanction(forum_app, author, kind, ends=ends)
    signed = author.sign("appeal", log_entry=seq, text="The remark was about a drug.")
    reply = send_appeal(http, *signed)
    assert reply.status == 201, reply.body
    assert reply.body["kind"] == "appeal" and reply.body["log_entry"] == seq
    assert isinstance(reply.body["appeal_id"], int)
    # A retry of the same envelope gets the same answer; another appeal of the entry does not.
    assert send_appeal(http, *signed).body == reply.body
    again = send_appeal(http, *author.sign("appeal", log_entry=seq, text="Please."))
    assert again.status == 409 and problem_code(again) == "appeal-duplicate"


def test_the_sessionless_route_takes_signed_appeals_only(author, physician, http, forum_app):
    seq = sanction(forum_app, author, "ban")
    vote = author.sign("vote", target="case", target_id=1, value=1)
    assert problem_code(send_appeal(http, *vote)) == "appeal-only"
    stranger = physician()
    unknown = send_appeal(http, *stranger.sign("appeal", log_entry=seq, text="Unfair."))
    assert unknown.status == 404 and problem_code(unknown) == "pseudonym-not-found"
    text, _ = author.sign("appeal", log_entry=seq, text="Unfair.")
    _, foreign = stranger.sign("appeal", log_entry=seq, text="Unfair.")
    forged = send_appeal(http, text, foreign)
    assert forged.status == 422 and problem_code(forged) == "envelope-signature-invalid"
    spaced = send_appeal(http, text.replace(",", ", ", 1), foreign)
    assert spaced.status == 422 and problem_code(spaced) == "envelope-non-canonical"
    garbage = send_appeal(http, "not json", foreign)
    assert garbage.status == 422 and problem_code(garbage) == "envelope-malformed"
    nameless = send_appeal(http, '{"kind":"appeal","pseudonym":"short"}', foreign)
    assert nameless.status == 422 and problem_code(nameless) == "envelope-malformed"
    author_id = pseudonym_id(forum_app, author)
    assert count(forum_app, SignedEnvelope, SignedEnvelope.pseudonym_id == author_id) == 0
