"""Reputation and privileges through the API: deltas, refusals, and the stored sum = its recount."""

from __future__ import annotations

import random

import sqlalchemy as sa

from casecrowd.db import db
from casecrowd.forum.models import Pseudonym, SignedEnvelope, Vote
from casecrowd.forum.service.reputation import recompute
from tests.forum.physician import Physician, Transport, case_fields


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def reputation(reader: Physician, member: Physician) -> int:
    reply = reader.get(f"/api/v1/pseudonyms/{member.handle}")
    assert reply.status == 200, reply.body
    return reply.body["reputation"]


def stored(app, *members: Physician) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Pseudonym.handle, Pseudonym.reputation).where(
                Pseudonym.handle.in_([m.handle for m in members])
            )
        )
        return dict(rows.all())


def assert_recount_matches(app) -> None:
    with app.app_context():
        pseudonyms = db.session.execute(sa.select(Pseudonym.id, Pseudonym.reputation)).all()
        assert pseudonyms
        for pseudonym_id, value in pseudonyms:
            assert value == recompute(db.session, pseudonym_id), pseudonym_id


def new_case(author: Physician, **changes) -> int:
    reply = author.post("case.create", **case_fields(**changes))
    assert reply.status == 201, reply.body
    return reply.body["case_id"]


def new_answer(author: Physician, case_id: int, body: str = "Consider sarcoidosis.") -> int:
    reply = author.post("answer.create", case_id=case_id, body=body)
    assert reply.status == 201, reply.body
    return reply.body["answer_id"]


def vote(voter: Physician, target: str, target_id: int, value: int):
    return voter.post("vote", target=target, target_id=target_id, value=value)


def app_with(make_app, forum_settings, issuer, overrides):
    app = make_app(forum_settings({"forum": overrides}))
    return app, (lambda: Physician(Transport(app.test_client()), issuer).join())


def test_a_new_pseudonym_starts_at_the_configured_reputation(make_app, forum_settings, issuer):
    app, member = app_with(make_app, forum_settings, issuer, {"reputation": {"initial": 3}})
    doctor = member()
    assert reputation(doctor, doctor) == 3
    assert stored(app, doctor) == {doctor.handle: 3}


def test_votes_and_acceptances_move_reputation_and_reverse_exactly(physician, forum_app):
    author, first, second = physician().join(), physician().join(), physician().join()
    case_id = new_case(author)
    first_answer = new_answer(first, case_id)
    second_answer = new_answer(second, case_id, "Consider lymphoma.")

    def shown() -> tuple[int, int, int]:
        return tuple(reputation(author, m) for m in (author, first, second))

    assert shown() == (1, 1, 1)
    assert vote(author, "answer", first_answer, 1).status == 200
    assert vote(author, "answer", second_answer, 1).status == 200
    assert shown() == (1, 11, 11)

    # Downvoting waits for 15 reputation; the refusal names the threshold and keeps nothing.
    refused = vote(first, "answer", second_answer, -1)
    assert refused.status == 403
    assert problem_code(refused) == "insufficient-reputation"
    assert refused.body["privilege"] == "vote_down"
    assert refused.body["required_reputation"] == 15
    assert refused.body["reputation"] == 11
    assert shown() == (1, 11, 11)
    tally = author.get(f"/api/v1/answers/{second_answer}/votes").body
    assert [v["value"] for v in tally["votes"]] == [1] and tally["score"] == 1

    assert vote(second, "case", case_id, 1).status == 200  # the case's author: +5
    assert shown() == (6, 11, 11)
    assert author.post("answer.accept", answer_id=first_answer).status == 200
    assert shown() == (8, 26, 11)  # +15 to the answerer, +2 to the acceptor
    assert author.post("answer.accept", answer_id=first_answer).status == 200
    assert shown() == (8, 26, 11)  # accepting it again changes nothing

    assert vote(first, "answer", second_answer, -1).status == 200  # now allowed
    assert shown() == (8, 25, 9)  # -1 for downvoting an answer, -2 for receiving it
    assert vote(first, "answer", second_answer, 0).status == 200
    assert shown() == (8, 26, 11)  # withdrawn: given back exactly

    assert author.post("answer.accept", answer_id=second_answer).status == 200
    assert shown() == (8, 11, 26)  # the bonus moves; the acceptor keeps theirs
    assert vote(author, "answer", first_answer, 0).status == 200
    assert vote(second, "case", case_id, -1).status == 200
    assert shown() == (1, 1, 26)  # 8 - 5 - 2 = 1: a case downvote costs the voter nothing
    assert_recount_matches(forum_app)


def test_reputation_is_shown_on_author_summaries(physician):
    author, peer = physician().join(), physician().join()
    case_id = new_case(author)
    answer_id = new_answer(peer, case_id)
    author.post("comment.create", answer_id=answer_id, body="Thank you, that fits.")
    vote(author, "answer", answer_id, 1)
    case = author.get(f"/api/v1/cases/{case_id}").body
    assert case["author_reputation"] == 1
    assert case["answers"][0]["author_reputation"] == 11
    assert case["answers"][0]["comments"][0]["author_reputation"] == 1
    (item,) = author.get("/api/v1/cases").body["items"]
    assert (item["author"], item["author_reputation"]) == (author.handle, 1)
    session = peer.open_session().body
    assert session["pseudonym"]["reputation"] == 11


def test_reputation_below_the_floor_is_shown_at_the_floor(make_app, forum_settings, issuer):
    app, member = app_with(make_app, forum_settings, issuer, {"privileges": {"vote_down": 1}})
    author, critics = member(), [member() for _ in range(2)]
    case_id = new_case(critics[0])
    answer_id = new_answer(author, case_id)
    for critic in critics:
        assert vote(critic, "answer", answer_id, -1).status == 200
    assert stored(app, author) == {author.handle: 1 - 4}
    assert reputation(critics[0], author) == 1
    # The floor is what privileges are checked against, too: voting up still works.
    assert vote(author, "case", case_id, 1).status == 200


def test_an_upvote_below_the_threshold_is_refused(make_app, forum_settings, issuer):
    app, member = app_with(make_app, forum_settings, issuer, {"privileges": {"vote_up": 5}})
    author, voter = member(), member()
    case_id = new_case(author)
    refused = vote(voter, "case", case_id, 1)
    assert refused.status == 403
    assert refused.body["required_reputation"] == 5 and refused.body["reputation"] == 1
    assert str(5) in refused.body["detail"]
    # Withdrawing needs no privilege (and a vote of 0 gives and takes nothing).
    assert vote(voter, "case", case_id, 0).status == 200
    with app.app_context():
        kinds = db.session.scalars(sa.select(SignedEnvelope.kind).order_by(SignedEnvelope.id))
        assert list(kinds) == ["case.create", "vote"]
        assert [v.value for v in db.session.scalars(sa.select(Vote))] == [0]
    assert stored(app, author, voter) == {author.handle: 1, voter.handle: 1}


def test_commenting_on_others_posts_is_a_privilege_but_ones_own_thread_is_open(
    make_app, forum_settings, issuer
):
    app, member = app_with(make_app, forum_settings, issuer, {"privileges": {"comment": 20}})
    author, answerer, bystander = member(), member(), member()
    case_id = new_case(author)
    answer_id = new_answer(answerer, case_id)

    def comment(who: Physician, **target):
        return who.post("comment.create", body="A short question.", **target)

    for who, target in (
        (answerer, {"case_id": case_id}),
        (bystander, {"case_id": case_id}),
        (bystander, {"answer_id": answer_id}),
    ):
        refused = comment(who, **target)
        assert refused.status == 403, target
        assert problem_code(refused) == "insufficient-reputation"
        assert refused.body["privilege"] == "comment"
        assert refused.body["required_reputation"] == 20
    assert comment(author, case_id=case_id).status == 201  # one's own case
    assert comment(answerer, answer_id=answer_id).status == 201  # one's own answer
    assert comment(author, answer_id=answer_id).status == 201  # an answer to one's own case
    # Earned reputation opens the rest: an upvoted, accepted answer gives 1 + 10 + 15.
    vote(author, "answer", answer_id, 1)
    author.post("answer.accept", answer_id=answer_id)
    assert comment(answerer, case_id=case_id).status == 201
    detail = author.get(f"/api/v1/cases/{case_id}").body
    assert detail["comment_count"] == 2
    assert len(detail["answers"][0]["comments"]) == 2


def test_after_many_votes_changes_and_acceptances_the_stored_reputation_is_the_recount(
    make_app, forum_settings, issuer
):
    app, member = app_with(make_app, forum_settings, issuer, {"privileges": {"vote_down": 1}})
    people = [member() for _ in range(4)]
    cases = [(people[n], new_case(people[n], title=f"Case number {n}")) for n in range(2)]
    answers = []
    for n in range(4):
        owner, case_id = cases[n % 2]
        answerer = people[(n + 1) % 4]
        answers.append((answerer, case_id, new_answer(answerer, case_id)))
    chance = random.Random(20261123)
    for _ in range(40):
        if chance.random() < 0.8:
            voter = chance.choice(people)
            if chance.random() < 0.5:
                owner, target_id = chance.choice(cases)
                kind = "case"
            else:
                owner, _, target_id = chance.choice(answers)
                kind = "answer"
            reply = vote(voter, kind, target_id, chance.choice((-1, 0, 1)))
            assert reply.status == (403 if owner is voter else 200), reply.body
        else:
            owner, case_id = chance.choice(cases)
            answerer, _, answer_id = chance.choice([a for a in answers if a[1] == case_id])
            assert owner.post("answer.accept", answer_id=answer_id).status == 200
    assert_recount_matches(app)
    values = stored(app, *people)
    assert len(set(values.values())) > 1  # the walk did move reputations
    for person in people:
        assert reputation(people[0], person) == max(1, values[person.handle])
