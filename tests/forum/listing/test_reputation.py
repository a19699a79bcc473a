"""Reputation in the Stack Exchange pattern: deltas, privileges, and recounting from storage."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from casecrowd import problems
from casecrowd.config import ConfigError
from casecrowd.db import db
from casecrowd.forum.models import Pseudonym, Vote
from casecrowd.forum.service.reputation import (
    InsufficientReputation,
    accept_delta,
    apply_deltas,
    current_rules,
    effective_reputation,
    has_privilege,
    recompute,
    require_privilege,
    vote_delta,
    vote_privilege,
)


@pytest.fixture
def rules(app):
    with app.app_context():
        yield current_rules()


@pytest.mark.parametrize(
    ("kind", "old", "new", "author", "voter"),
    [
        ("case", 0, 1, 5, 0),
        ("answer", 0, 1, 10, 0),
        ("case", 0, -1, -2, 0),
        ("answer", 0, -1, -2, -1),
        ("answer", 1, -1, -12, -1),
        ("answer", -1, 1, 12, 1),
        ("case", 1, -1, -7, 0),
        ("answer", -1, 0, 2, 1),
        ("case", 1, 0, -5, 0),
        ("answer", 1, 1, 0, 0),
        ("case", 0, 0, 0, 0),
    ],
)
def test_vote_deltas_follow_the_default_numbers(rules, kind, old, new, author, voter):
    assert vote_delta(kind, old, new, rules) == {"author": author, "voter": voter}


@pytest.mark.parametrize(("kind", "value"), [("comment", 1), ("case", 2), ("answer", -2)])
def test_a_vote_that_cannot_exist_is_refused(rules, kind, value):
    with pytest.raises(ValueError):
        vote_delta(kind, 0, value, rules)


def test_accepting_rewards_the_answerer_and_the_acceptor(rules):
    assert accept_delta(1, None, 2, rules) == {2: 15, 1: 2}
    # Moving the acceptance moves the answerer's reward; the acceptor keeps theirs.
    assert accept_delta(1, 2, 3, rules) == {3: 15, 2: -15}
    assert accept_delta(1, 2, None, rules) == {2: -15, 1: -2}
    assert accept_delta(1, 2, 2, rules) == {}


def test_accepting_ones_own_answer_earns_nothing(rules):
    assert accept_delta(1, None, 1, rules) == {}
    assert accept_delta(1, 1, 2, rules) == {2: 15, 1: 2}
    assert accept_delta(1, 2, 1, rules) == {2: -15, 1: -2}


def test_the_floor_applies_when_reputation_is_read(rules):
    assert effective_reputation(-40, rules) == 1
    assert effective_reputation(1, rules) == 1
    assert effective_reputation(260, rules) == 260


STRICT = {"vote_up": 15, "comment": 50, "vote_down": 125}


@pytest.fixture
def strict_rules(make_app):
    """Stack Exchange's own thresholds, as a deployment may configure them."""
    app = make_app({"forum": {"privileges": STRICT}}, initialize=False)
    with app.app_context():
        yield current_rules()


@pytest.mark.parametrize(("privilege", "needed"), sorted(STRICT.items()))
def test_privileges_unlock_at_their_thresholds(strict_rules, privilege, needed):
    below, at = Pseudonym(reputation=needed - 1), Pseudonym(reputation=needed)
    assert not has_privilege(below, privilege, strict_rules)
    assert has_privilege(at, privilege, strict_rules)
    require_privilege(at, privilege, strict_rules)
    with pytest.raises(InsufficientReputation) as caught:
        require_privilege(below, privilege, strict_rules)
    assert caught.value.extra == {
        "privilege": privilege,
        "required_reputation": needed,
        "reputation": needed - 1,
    }


def test_a_newcomer_may_upvote_and_comment_but_not_downvote(rules):
    # Members are verified physicians: only downvoting waits for reputation.
    assert rules.privileges == {"vote_up": 1, "comment": 1, "vote_down": 15}
    newcomer = Pseudonym(reputation=rules.initial)
    assert has_privilege(newcomer, "vote_up", rules)
    assert has_privilege(newcomer, "comment", rules)
    assert not has_privilege(newcomer, "vote_down", rules)
    # Even a reputation driven below the floor keeps the first two.
    assert has_privilege(Pseudonym(reputation=-30), "vote_up", rules)
    assert has_privilege(Pseudonym(reputation=15), "vote_down", rules)


def test_missing_reputation_is_a_403_problem_naming_the_threshold(app, rules):
    with pytest.raises(InsufficientReputation) as caught:
        require_privilege(Pseudonym(reputation=-3), "vote_down", rules)
    with app.test_request_context():
        response = problems.handle_domain_error(caught.value)
    body = response.get_json()
    assert response.status_code == 403
    assert body["type"] == "urn:casecrowd:problem:insufficient-reputation"
    assert body["required_reputation"] == 15
    assert body["reputation"] == 1  # the floor, not the stored -3
    assert "15" in body["detail"]


def test_unknown_privileges_are_a_programming_error(rules):
    with pytest.raises(ValueError):
        require_privilege(Pseudonym(reputation=1000), "edit_others", rules)


def test_withdrawing_a_vote_needs_no_privilege():
    assert vote_privilege(1) == "vote_up"
    assert vote_privilege(-1) == "vote_down"
    assert vote_privilege(0) is None


def test_every_number_is_a_setting(make_app):
    app = make_app(
        {
            "forum": {
                "reputation": {"answer_upvote": 7, "downvote_cast_on_answer": 0, "initial": 3},
                "privileges": {"vote_up": 1},
            }
        }
    )
    with app.app_context():
        rules = current_rules()
        assert vote_delta("answer", 0, 1) == {"author": 7, "voter": 0}
        assert vote_delta("answer", 0, -1) == {"author": -2, "voter": 0}
        assert has_privilege(Pseudonym(reputation=1), "vote_up")
        assert rules.initial == 3


@pytest.mark.parametrize(
    "overrides",
    [
        {"reputation": {"downvote_received": 2}},
        {"reputation": {"downvote_cast_on_answer": 1}},
        {"reputation": {"answer_upvote": -10}},
        {"reputation": {"initial": 0}},
        {"privileges": {"vote_down": 0}},
        {"privileges": {"comment": "fifty"}},
    ],
)
def test_nonsensical_numbers_stop_start_up(make_app, overrides):
    with pytest.raises(ConfigError):
        make_app({"forum": overrides}, initialize=False)


def test_incremental_reputation_always_equals_the_recount(forum):
    """Random votes, changed votes and moved acceptances, applied as the deltas say."""
    rules = current_rules()
    session = forum.session
    people = [forum.pseudonym(reputation=rules.initial) for _ in range(5)]
    cases = [forum.case(author=people[n]) for n in range(4)]
    answers = [forum.answer(cases[n % 4], author=people[(n * 3 + 1) % 5]) for n in range(9)]
    targets = {"case": cases, "answer": answers}
    author_of = {answer.id: answer.pseudonym_id for answer in answers}
    chance = random.Random(20260302)
    votes: dict[tuple[int, str, int], Vote] = {}
    for _ in range(400):
        if chance.random() < 0.8:
            voter = chance.choice(people)
            kind = chance.choice(("case", "answer"))
            target = chance.choice(targets[kind])
            if target.pseudonym_id == voter.id:
                continue
            value = chance.choice((-1, 0, 1))
            existing = votes.get((voter.id, kind, target.id))
            delta = vote_delta(kind, existing.value if existing else 0, value, rules)
            apply_deltas(session, {target.pseudonym_id: delta["author"], voter.id: delta["voter"]})
            if existing:
                existing.value = value
            else:
                votes[(voter.id, kind, target.id)] = forum.vote(voter, kind, target.id, value)
        else:
            case = chance.choice(cases)
            choice = chance.choice([a for a in answers if a.case_id == case.id] + [None])
            old = author_of.get(case.accepted_answer_id)
            new = choice.pseudonym_id if choice else None
            apply_deltas(session, accept_delta(case.pseudonym_id, old, new, rules))
            case.accepted_answer_id = choice.id if choice else None
        session.flush()
    forum.commit()

    session.expire_all()
    stored = {person.id: person.reputation for person in session.scalars(select(Pseudonym))}
    assert len({stored[p.id] for p in people}) > 1  # the walk did move reputations
    for person in people:
        assert stored[person.id] == recompute(session, person.id, rules)


def test_reputation_below_the_floor_is_kept_so_withdrawals_give_back_exactly(forum):
    rules = current_rules()
    session = forum.session
    author = forum.pseudonym(reputation=rules.initial)
    answer = forum.answer(forum.case(), author=author)
    critics = [forum.pseudonym(reputation=200) for _ in range(3)]
    votes = []
    for critic in critics:
        delta = vote_delta("answer", 0, -1, rules)
        apply_deltas(session, {author.id: delta["author"], critic.id: delta["voter"]})
        votes.append(forum.vote(critic, "answer", answer.id, -1))
    forum.commit()
    session.refresh(author)
    assert author.reputation == rules.initial - 6 == recompute(session, author.id, rules)
    assert effective_reputation(author.reputation, rules) == rules.floor
    # One critic changes their mind: exactly their downvote is given back.
    delta = vote_delta("answer", -1, 1, rules)
    apply_deltas(session, {author.id: delta["author"], critics[0].id: delta["voter"]})
    votes[0].value = 1
    forum.commit()
    session.refresh(author)
    assert author.reputation == rules.initial - 4 + 10 == recompute(session, author.id, rules)


def test_recount_of_a_newcomer_is_the_initial_reputation(forum):
    newcomer = forum.pseudonym()
    assert recompute(db.session, newcomer.id) == current_rules().initial
