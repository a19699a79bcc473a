"""``casecrowd poll new|vote|show`` and ``casecrowd verify --poll`` through a real server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from casecrowd.client.errors import ClientError
from casecrowd.client.polls import closing_time
from casecrowd.crypto import envelope
from casecrowd.db import db
from casecrowd.forum.models import Poll, PollVote
from tests.client.support import registered_member

ROOMY = {"forum": {"limits": {"new_pseudonym_days": 0, "posts": "100/minute"}}}
OPTIONS = ("Adult-onset Still disease", "Lymphoma", "Familial Mediterranean fever")


@pytest.fixture
def server(served):
    return served(ROOMY)


@pytest.fixture
def peer(server, tmp_path):
    return registered_member(server, tmp_path, "peer")


def new_poll(author, case_id, *extra) -> int:
    args = ["poll", "new", case_id, "--question", "What would you treat first?"]
    for option in OPTIONS:
        args += ["--option", option]
    return author.json(*args, *extra)["poll_id"]


@pytest.fixture
def poll_id(author, case_id) -> int:
    return new_poll(author, case_id)


def test_ask_vote_and_show(author, peer, case_id, poll_id):
    hidden = peer.run("poll", "show", poll_id)
    assert hidden.exit_code == 0, hidden.stderr
    assert "What would you treat first?" in hidden.stdout
    assert "2. Lymphoma" in hidden.stdout
    assert "Results are hidden until you vote" in hidden.stdout
    assert "as the case's author signed them" in hidden.stdout

    voted = peer.json("poll", "vote", poll_id, 2)
    assert (voted["choices"], voted["counted"]) == ([2], True)
    assert author.json("poll", "vote", poll_id, 1)["counted"] is True
    shown = peer.json("poll", "show", poll_id)
    assert shown["tally"] == [1, 1, 0] and shown["your_choices"] == [2]
    assert shown["problems"] == [] and shown["signed"]["options"] == list(OPTIONS)
    text = peer.run("poll", "show", poll_id).stdout
    assert "* 2. Lymphoma" in text and "█" in text and "Results are hidden" not in text

    withdrawn = peer.run("poll", "vote", poll_id, "--withdraw")
    assert withdrawn.exit_code == 0 and "Withdrew your vote" in withdrawn.stdout
    assert peer.json("poll", "show", poll_id)["tally"] is None
    (listed,) = peer.json("case", "show", case_id)["polls"]
    assert (listed["id"], listed["voters"], listed["tally"]) == (poll_id, 1, None)


def test_a_multiple_choice_poll_with_a_closing_time(author, peer, case_id):
    poll_id = new_poll(author, case_id, "--multiple", "--closes-in", "3d")
    shown = peer.json("poll", "show", poll_id)
    closes = envelope.parse_created(shown["closes"])
    assert shown["multiple"] is True
    assert timedelta(days=2, hours=23) < closes - datetime.now(UTC) <= timedelta(days=3)
    assert peer.json("poll", "vote", poll_id, 1, 3)["choices"] == [1, 3]
    assert peer.json("poll", "show", poll_id)["tally"] == [1, 0, 1]


def test_refusals_and_usage_errors(author, peer, case_id, poll_id):
    not_author = peer.json(
        "poll", "new", case_id, "--question", "Q?", "--option", "A", "--option", "B", expect=1
    )
    assert not_author["error"]["status"] == 403
    one_option = author.run("poll", "new", case_id, "--question", "Q?", "--option", "A")
    assert one_option.exit_code == 2
    both = author.run(
        "poll", "new", case_id, "--question", "Q?", "--option", "A", "--option", "B",
        "--closes", "2030-01-01T00:00:00Z", "--closes-in", "3d",
    )  # fmt: skip
    assert both.exit_code == 2
    assert peer.run("poll", "vote", poll_id).exit_code == 2
    assert peer.run("poll", "vote", poll_id, 1, "--withdraw").exit_code == 2
    too_many = peer.json("poll", "vote", poll_id, 1, 2, expect=1)
    assert too_many["error"]["status"] == 422
    assert peer.json("poll", "vote", poll_id + 10, 1, expect=1)["error"]["status"] == 404


def test_phi_in_a_question_is_caught_before_sending(author, case_id, server):
    blocked = author.json(
        "poll", "new", case_id, "--question", "Call her at 212-555-0187?",
        "--option", "Yes", "--option", "No", expect=3,
    )  # fmt: skip
    assert [f["confidence"] for f in blocked["error"]["findings"]] == ["high"]
    with server.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Poll)) == 0


@pytest.mark.parametrize(
    ("closes", "closes_in"),
    [("tomorrow", None), ("2030-01-01T00:00:00+01:00", None), (None, "3 days"), (None, "0d")],
)
def test_closing_times_that_cannot_be_read(closes, closes_in):
    with pytest.raises(ClientError):
        closing_time(closes, closes_in, datetime.now(UTC))


def test_verify_recounts_the_tally_from_the_signed_votes(author, peer, server, poll_id, tmp_path):
    third = registered_member(server, tmp_path, "third")
    for doctor, choice in ((peer, 2), (third, 2), (author, 3)):
        assert doctor.json("poll", "vote", poll_id, choice)["counted"] is True
    assert peer.json("poll", "vote", poll_id, 1)["counted"] is True  # the latest counts
    checked = author.json("verify", "--poll", poll_id)
    assert checked["matches"] is True and checked["tally"] == [1, 1, 1]
    assert (checked["voters"], checked["signed_votes"], checked["rejected"]) == (3, 3, [])
    human = author.run("verify", "--poll", poll_id)
    assert human.exit_code == 0 and "matches the forum's" in human.stdout

    # The forum's database says the author chose option 1; the signed vote says 3.
    with server.app.app_context():
        vote = db.session.scalars(
            sa.select(PollVote).where(PollVote.poll_id == poll_id).order_by(PollVote.id.desc())
        ).first()
        vote.choices = [1]
        db.session.commit()
    tampered = author.json("verify", "--poll", poll_id, expect=6)
    assert tampered["matches"] is False
    assert tampered["served_tally"] == [2, 1, 0] and tampered["tally"] == [1, 1, 1]
    assert author.run("verify", "--poll", poll_id).exit_code == 6


def test_verify_catches_a_question_the_forum_rewrote(author, peer, server, poll_id):
    assert peer.json("poll", "vote", poll_id, 1)["counted"] is True
    with server.app.app_context():
        db.session.get(Poll, poll_id).options = ["Lymphoma", "Still disease", "FMF"]
        db.session.commit()
    checked = peer.json("verify", "--poll", poll_id, expect=6)
    assert "the forum shows options other than the signed poll's" in checked["problems"]
    shown = peer.json("poll", "show", poll_id, expect=6)
    assert shown["signed"]["options"] == list(OPTIONS)


def test_verify_refuses_while_results_are_hidden(author, peer, poll_id):
    refused = peer.json("verify", "--poll", poll_id, expect=1)
    assert refused["error"]["status"] == 403
    assert author.run("verify", "--poll", poll_id, "1").exit_code == 2
