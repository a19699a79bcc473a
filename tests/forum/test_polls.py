"""Polls on cases: who may ask one, what a vote may choose, the vote that counts, and
results hidden until one votes or the poll closes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.forum.models import Poll, PollVote, SignedEnvelope
from casecrowd.forum.service import limits
from casecrowd.forum.service import polls as poll_service
from tests.forum.physician import Physician, Transport, case_fields
from tests.forum.test_hidden_content import set_state

ROOMY_LIMITS = {
    "forum": {"limits": {"new_pseudonym_days": 0, "posts": "1000/minute", "votes": "1000/minute"}}
}
OPTIONS = ["Adult-onset Still disease", "Lymphoma", "Familial Mediterranean fever"]


@pytest.fixture
def forum_app(make_app, forum_settings):
    return make_app(forum_settings(ROOMY_LIMITS))


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def rfc3339(moment: datetime) -> str:
    return envelope.format_created(moment)


@pytest.fixture
def case_id(author) -> int:
    return author.post("case.create", **case_fields()).body["case_id"]


def ask(doctor, case: int, /, **changes):
    members = {"case_id": case, "question": "What would you treat first?", "options": OPTIONS}
    return doctor.post("poll.create", **{**members, **changes})


@pytest.fixture
def poll_id(author, case_id) -> int:
    reply = ask(author, case_id)
    assert reply.status == 201, reply.body
    return reply.body["poll_id"]


def poll(reader, poll_id: int) -> dict:
    reply = reader.get(f"/api/v1/polls/{poll_id}")
    assert reply.status == 200, reply.body
    return reply.body


def vote(doctor, poll_id: int, *choices: int, created: datetime | None = None):
    return doctor.post("poll.vote", created=created, poll_id=poll_id, choices=list(choices))


def test_the_case_author_asks_a_poll_listed_on_the_case(author, peer, case_id):
    closes = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    reply = ask(author, case_id, multiple=True, closes=rfc3339(closes))
    assert reply.status == 201, reply.body
    assert reply.body["kind"] == "poll.create" and reply.body["case_id"] == case_id
    shown = poll(peer, reply.body["poll_id"])
    assert shown == {
        "id": reply.body["poll_id"],
        "case_id": case_id,
        "question": "What would you treat first?",
        "options": OPTIONS,
        "multiple": True,
        "closes": rfc3339(closes),
        "closed": False,
        "created": shown["created"],
        "proof_id": reply.body["proof_id"],
        "voters": 0,
        "your_choices": [],
        "results_visible": False,
        "tally": None,
    }
    assert peer.get(f"/api/v1/cases/{case_id}").body["polls"] == [shown]
    signed = peer.get(f"/api/v1/proofs/{shown['proof_id']}").body
    assert signed["kind"] == "poll.create" and "What would you treat first?" in signed["envelope"]


def test_only_the_case_author_asks_a_poll(author, peer, case_id):
    reply = ask(peer, case_id)
    assert reply.status == 403 and problem_code(reply) == "not-author"
    missing = ask(author, case_id + 100)
    assert missing.status == 404 and problem_code(missing) == "case-not-found"
    assert author.get(f"/api/v1/cases/{case_id}").body["polls"] == []


@pytest.mark.parametrize(
    "changes",
    [
        {"options": ["Lymphoma"]},
        {"options": [f"Option {n}" for n in range(1, 10)]},
        {"options": ["Lymphoma", " lymphoma"]},
        {"options": ["Lymphoma", ""]},
        {"options": "Lymphoma"},
        {"question": ""},
        {"question": "Q" * 301},
        {"multiple": "sometimes"},
        {"closes": "next Tuesday"},
        {"closes": "2030-01-01T00:00:00+02:00"},
        {"case_id": "one"},
    ],
)
def test_a_malformed_poll_is_refused_and_nothing_is_stored(author, case_id, forum_app, changes):
    reply = ask(author, case_id, **changes)
    assert reply.status == 422 and problem_code(reply) == "validation", reply.body
    with forum_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Poll)) == 0


def test_two_to_eight_options(author, case_id):
    for options in (["Yes", "No"], [f"Option {n}" for n in range(1, 9)]):
        assert ask(author, case_id, options=options).status == 201


def test_the_closing_time_must_be_ahead_of_the_signed_creation(author, case_id):
    now = datetime.now(UTC).replace(microsecond=0)
    for closes in (now - timedelta(minutes=1), now):
        text, signature = author.sign(
            "poll.create",
            created=now,
            case_id=case_id,
            question="Treat now?",
            options=["Yes", "No"],
            closes=rfc3339(closes),
        )
        reply = author.send(text, signature)
        assert reply.status == 422 and problem_code(reply) == "poll-closing-time-invalid"


def test_phi_in_a_question_or_an_option_is_refused(author, case_id, forum_app):
    phone = "Her daughter can be reached on 555-123-4567."
    for changes in ({"question": phone}, {"options": ["Lymphoma", phone]}):
        reply = ask(author, case_id, **changes)
        assert reply.status == 422 and problem_code(reply) == "phi-detected", reply.body
        (finding,) = reply.body["findings"]
        assert finding["field"] in {"question", "options.2"}
    with forum_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Poll)) == 0


def test_no_poll_on_a_locked_case(author, case_id, forum_app):
    set_state(forum_app, "case", case_id, locked=True)
    reply = ask(author, case_id)
    assert reply.status == 409 and problem_code(reply) == "case-locked"


def test_a_single_choice_poll_takes_one_choice(author, peer, poll_id):
    for choices, code in (((1, 2), "poll-choice-invalid"), ((4,), "poll-choice-invalid")):
        reply = vote(peer, poll_id, *choices)
        assert reply.status == 422 and problem_code(reply) == code, reply.body
    for choices in ((0,), (9,), (1, 1)):
        reply = vote(peer, poll_id, *choices)
        assert reply.status == 422 and problem_code(reply) == "validation", reply.body
    assert poll(author, poll_id)["voters"] == 0
    reply = vote(peer, poll_id, 2)
    assert reply.status == 200 and reply.body["counted"] is True
    assert poll(peer, poll_id)["tally"] == [0, 1, 0]


def test_a_multiple_choice_poll_takes_several(author, peer, case_id):
    poll_id = ask(author, case_id, multiple=True).body["poll_id"]
    assert vote(peer, poll_id, 3, 1).status == 200
    shown = poll(peer, poll_id)
    assert shown["your_choices"] == [1, 3] and shown["tally"] == [1, 0, 1]
    assert shown["voters"] == 1
    reply = vote(peer, poll_id, 1, 4)
    assert reply.status == 422 and problem_code(reply) == "poll-choice-invalid"


def test_unknown_polls(peer, poll_id):
    assert problem_code(peer.get(f"/api/v1/polls/{poll_id + 50}")) == "poll-not-found"
    assert problem_code(peer.get(f"/api/v1/polls/{poll_id + 50}/votes")) == "poll-not-found"
    reply = vote(peer, poll_id + 50, 1)
    assert reply.status == 404 and problem_code(reply) == "poll-not-found"


def test_the_latest_vote_counts_and_the_author_votes_too(author, peer, physician, poll_id):
    third = physician().join()
    for choice in (1, 3, 2):
        assert vote(peer, poll_id, choice).body["counted"] is True
    assert vote(third, poll_id, 2).status == 200
    assert vote(author, poll_id, 1).status == 200
    shown = poll(author, poll_id)
    assert shown["tally"] == [1, 2, 0] and shown["voters"] == 3
    assert poll(peer, poll_id)["your_choices"] == [2]


def test_a_replayed_older_vote_changes_nothing(author, peer, poll_id):
    now = datetime.now(UTC)
    older = peer.sign(
        "poll.vote", created=now - timedelta(seconds=30), poll_id=poll_id, choices=[1]
    )
    newer = peer.sign("poll.vote", created=now, poll_id=poll_id, choices=[2])
    assert peer.send(*newer).body["counted"] is True
    late = peer.send(*older)
    assert late.status == 200 and late.body["counted"] is False
    assert poll(peer, poll_id)["tally"] == [0, 1, 0]
    (counted,) = peer.get(f"/api/v1/polls/{poll_id}/votes").body["votes"]
    assert counted["choices"] == [2] and counted["proof"]["envelope"] == newer[0]


def test_results_are_hidden_until_one_votes_and_again_once_withdrawn(author, peer, poll_id):
    assert vote(author, poll_id, 1).status == 200
    before = poll(peer, poll_id)
    assert (before["results_visible"], before["tally"], before["voters"]) == (False, None, 1)
    refused = peer.get(f"/api/v1/polls/{poll_id}/votes")
    assert refused.status == 403 and problem_code(refused) == "poll-results-hidden"
    assert vote(peer, poll_id, 2).status == 200
    after = poll(peer, poll_id)
    assert (after["results_visible"], after["tally"], after["voters"]) == (True, [1, 1, 0], 2)
    assert len(peer.get(f"/api/v1/polls/{poll_id}/votes").body["votes"]) == 2

    withdrawn = vote(peer, poll_id)
    assert withdrawn.status == 200 and withdrawn.body["choices"] == []
    again = poll(peer, poll_id)
    assert (again["results_visible"], again["tally"], again["voters"]) == (False, None, 1)
    assert again["your_choices"] == []
    assert peer.get(f"/api/v1/polls/{poll_id}/votes").status == 403
    assert poll(author, poll_id)["tally"] == [1, 0, 0]


def test_a_closed_poll_takes_no_votes_and_shows_its_results(author, peer, case_id, monkeypatch):
    closes = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=2)
    poll_id = ask(author, case_id, closes=rfc3339(closes)).body["poll_id"]
    assert vote(author, poll_id, 3).status == 200
    late_signed = vote(peer, poll_id, 1, created=closes)
    assert late_signed.status == 409 and problem_code(late_signed) == "poll-closed"

    # The server's clock passes the closing time: a vote signed before it arrives too late.
    early = peer.sign(
        "poll.vote", created=closes - timedelta(seconds=30), poll_id=poll_id, choices=[1]
    )
    monkeypatch.setattr(poll_service, "utcnow", lambda: closes + timedelta(seconds=1))
    reply = peer.send(*early)
    assert reply.status == 409 and problem_code(reply) == "poll-closed"
    shown = poll(peer, poll_id)
    assert shown["closed"] is True and shown["results_visible"] is True
    assert shown["tally"] == [0, 0, 1] and shown["your_choices"] == []
    assert len(peer.get(f"/api/v1/polls/{poll_id}/votes").body["votes"]) == 1


def test_a_poll_on_a_hidden_case_is_its_authors_alone(author, peer, case_id, poll_id, forum_app):
    assert vote(author, poll_id, 1).status == 200
    set_state(forum_app, "case", case_id, hidden=True)
    for path in (f"/api/v1/polls/{poll_id}", f"/api/v1/polls/{poll_id}/votes"):
        reply = peer.get(path)
        assert reply.status == 403 and problem_code(reply) == "content-hidden", path
        assert author.get(path).status == 200, path
    reply = vote(peer, poll_id, 2)
    assert reply.status == 403 and problem_code(reply) == "content-hidden"
    assert "polls" not in peer.get(f"/api/v1/cases/{case_id}").body


def test_poll_envelopes_count_under_posts_and_votes(make_app, forum_settings, issuer):
    assert (limits.ENVELOPE_RULES["poll.create"], limits.ENVELOPE_RULES["poll.vote"]) == (
        "posts",
        "votes",
    )
    app = make_app(forum_settings({"forum": {"limits": {"votes": "2/minute"}}}))
    doctor = Physician(Transport(app.test_client()), issuer).join()
    case_id = doctor.post("case.create", **case_fields()).body["case_id"]
    poll_id = ask(doctor, case_id).body["poll_id"]
    for choice in (1, 2):
        assert vote(doctor, poll_id, choice).status == 200
    reply = vote(doctor, poll_id, 3)
    assert reply.status == 429 and "votes" in reply.body["detail"]
    with app.app_context():
        (stored,) = db.session.scalars(sa.select(PollVote)).all()
        assert stored.choices == [2]
        kinds = db.session.scalars(sa.select(SignedEnvelope.kind)).all()
        assert kinds.count("poll.vote") == 2
