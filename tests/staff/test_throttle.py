"""Failed logins are throttled per account name, in the identity database: 429 with Retry-After.

A valid second factor gets past a password lock; wrong codes have their own counter.
"""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from casecrowd.clock import utcnow
from casecrowd.db import db, engine
from casecrowd.staff import throttle
from casecrowd.staff.models import LoginFailure
from tests.staff.support import FAST_ARGON2, add_account, login, wrong_code

RULE = {"staff": {**FAST_ARGON2["staff"], "login_failures": "3/minute", "otp_failures": "2/minute"}}
WRONG = "a wrong password!"


@pytest.fixture
def app(make_app):
    return make_app(RULE)


def fail(client, username, times):
    for _ in range(times):
        assert login(client, username, WRONG, otp=None).status_code == 401


def assert_throttled(response, limit_seconds=60):
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= limit_seconds
    assert response.get_json()["type"] == "urn:casecrowd:problem:rate-limited"
    assert response.mimetype == "application/problem+json"


def test_after_the_allowed_failures_even_the_right_password_gets_429(app, client):
    add_account(app, "zoe", "moderator")  # no second factor: nothing gets past the lock
    fail(client, "zoe", 3)
    assert_throttled(login(client, "zoe"))
    assert_throttled(login(client, "zoe", otp="123456"))


def test_successful_logins_are_not_counted(app, client):
    add_account(app, "abe", "moderator")
    for _ in range(5):
        assert login(client, "abe").status_code == 201
    fail(client, "abe", 2)
    assert login(client, "abe").status_code == 201


def test_the_throttle_is_per_account(app, client):
    add_account(app, "bea", "moderator")
    add_account(app, "cal", "verifier")
    fail(client, "bea", 3)
    assert login(client, "bea").status_code == 429
    assert login(client, "cal").status_code == 201


def test_unknown_names_are_throttled_like_real_ones(app, client):
    add_account(app, "dot", "moderator")
    add_account(app, "deb", "verifier")
    for name in ("dot", "deb", "ghost"):
        fail(client, name, 3)
    answers = [login(client, name, otp=None) for name in ("dot", "deb", "ghost")]
    assert {answer.status_code for answer in answers} == {429}
    assert len({tuple(answer.get_json()) for answer in answers}) == 1


def test_name_case_does_not_escape_the_throttle(app, client):
    add_account(app, "eli", "moderator")
    fail(client, "eli", 2)
    assert login(client, "ELI", WRONG).status_code == 401
    assert login(client, "Eli").status_code == 429


def test_a_locked_account_with_a_factor_still_logs_in_with_password_and_code(app, client):
    add_account(app, "gus", "verifier")
    fail(client, "gus", 3)
    fail(client, "ghost", 3)
    # Until both are right, the answers are those of any locked name...
    assert_throttled(login(client, "gus", otp=None))
    assert_throttled(login(client, "gus", otp=wrong_code("gus")))
    assert_throttled(login(client, "gus", WRONG))  # a valid code, not spent by this
    assert_throttled(login(client, "ghost", otp="123456"))
    # ...and the owner, with password and code, gets in all the same.
    response = login(client, "gus")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["account"] == {"username": "gus", "role": "verifier"}


def test_locked_answers_do_not_tell_which_part_was_right(app, client):
    add_account(app, "ida", "verifier")
    fail(client, "ida", 3)
    fail(client, "nobody-here", 3)
    answers = [
        login(client, "ida", WRONG),
        login(client, "ida", otp=wrong_code("ida")),
        login(client, "nobody-here", otp="123456"),
    ]
    bodies = [answer.get_json() for answer in answers]
    assert {answer.status_code for answer in answers} == {429}
    assert {(b["type"], b["title"]) for b in bodies} == {
        ("urn:casecrowd:problem:rate-limited", "Too many requests")
    }


def test_wrong_codes_are_throttled_on_their_own_counter(app, client):
    add_account(app, "hal", "verifier")
    for _ in range(2):  # otp_failures: 2/minute
        response = login(client, "hal", otp=wrong_code("hal"))
        assert response.status_code == 401
        assert response.get_json()["type"] == "urn:casecrowd:problem:login-failed"
    # The password lock is not reached (2 of 3), the code counter is:
    assert_throttled(login(client, "hal"))
    # Each of those failures counted as a failed login too.
    assert login(client, "hal", WRONG, otp=None).status_code == 401
    assert_throttled(login(client, "hal", WRONG, otp=None))


def test_the_code_counter_also_holds_past_a_password_lock(app, client):
    add_account(app, "ivo", "verifier")
    fail(client, "ivo", 3)
    for _ in range(2):
        assert_throttled(login(client, "ivo", otp=wrong_code("ivo")))
    # Whoever knows the password gets two guesses at the code, not more.
    assert_throttled(login(client, "ivo"))


def test_names_are_stored_only_as_keyed_digests(app, client):
    add_account(app, "jay", "moderator")
    fail(client, "jay", 1)
    login(client, "mistyped-secret-passphrase", WRONG)
    with app.app_context(), engine("identity").connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM staff_login_failures")).mappings().all()
        assert len(rows) == 2
        assert {row["name_digest"] for row in rows} == {
            throttle.name_digest("jay"),
            throttle.name_digest("mistyped-secret-passphrase"),
        }
    text = repr(rows)
    assert "jay" not in text and "mistyped" not in text


def test_the_window_moves_with_each_failure(app):
    rule = throttle.Rule.parse("3/minute")
    start = utcnow()
    with app.app_context():
        key = throttle.name_digest("kai")
        for seconds in (0, 10, 20):
            assert (
                throttle.record(throttle.PASSWORD, key, rule, start + timedelta(seconds=seconds))
                is None
            )
        assert (
            throttle.retry_after(throttle.PASSWORD, key, rule, start + timedelta(seconds=30)) == 30
        )
        assert throttle.record(throttle.PASSWORD, key, rule, start + timedelta(seconds=30)) == 30
        # At 60 s the first failure leaves the window, and only that one.
        at = start + timedelta(seconds=60)
        assert throttle.retry_after(throttle.PASSWORD, key, rule, at) is None
        assert throttle.record(throttle.PASSWORD, key, rule, at) is None
        assert throttle.retry_after(throttle.PASSWORD, key, rule, at) == 10
        db.session.commit()


def test_expired_failures_of_any_name_are_purged(app):
    rule = throttle.Rule.parse("3/minute")
    start = utcnow()
    with app.app_context():
        for name in ("lea", "lou", "lyn"):
            throttle.record(throttle.PASSWORD, throttle.name_digest(name), rule, start)
        db.session.commit()
        later = start + timedelta(minutes=2)
        throttle.record(throttle.PASSWORD, throttle.name_digest("max"), rule, later)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 1


def test_racing_failures_take_no_more_seats_than_the_rule_has(app):
    rule = throttle.Rule.parse("5/minute")
    now = utcnow()
    results, barrier = [], threading.Barrier(10)

    def fail_once():
        with app.app_context():
            key = throttle.name_digest("ned")
            barrier.wait()
            results.append(throttle.record(throttle.PASSWORD, key, rule, now))
            db.session.commit()

    threads = [threading.Thread(target=fail_once) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(None) == 5
    assert all(isinstance(seconds, int) and seconds >= 1 for seconds in results if seconds)
