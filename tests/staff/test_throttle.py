"""Failed logins are throttled per account name: 429 with Retry-After, in memory and Redis."""

import pytest

from tests.conftest import REDIS_URL
from tests.staff.support import FAST_ARGON2, PASSWORD, add_account, login

RULE = {"staff": {**FAST_ARGON2["staff"], "login_failures": "3/minute"}}


@pytest.fixture
def app(make_app):
    return make_app(RULE)


def fail(client, username, times):
    for _ in range(times):
        assert login(client, username, "a wrong password!").status_code == 401


def test_after_the_allowed_failures_even_the_right_password_gets_429(app, client):
    add_account(app, "zoe", "verifier")
    fail(client, "zoe", 3)
    response = login(client, "zoe")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    body = response.get_json()
    assert body["type"] == "urn:casecrowd:problem:rate-limited"
    assert response.mimetype == "application/problem+json"


def test_successful_logins_are_not_counted(app, client):
    add_account(app, "abe", "verifier")
    for _ in range(5):
        assert login(client, "abe").status_code == 201
    fail(client, "abe", 2)
    assert login(client, "abe").status_code == 201


def test_the_throttle_is_per_account(app, client):
    add_account(app, "bea", "verifier")
    add_account(app, "cal", "verifier")
    fail(client, "bea", 3)
    assert login(client, "bea").status_code == 429
    assert login(client, "cal").status_code == 201


def test_unknown_names_are_throttled_like_real_ones(app, client):
    add_account(app, "dot", "verifier")
    fail(client, "dot", 3)
    fail(client, "ghost", 3)
    known, unknown = login(client, "dot"), login(client, "ghost", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert known.get_json().keys() == unknown.get_json().keys()


def test_name_case_does_not_escape_the_throttle(app, client):
    add_account(app, "eli", "verifier")
    fail(client, "eli", 2)
    assert login(client, "ELI", "a wrong password!").status_code == 401
    assert login(client, "Eli").status_code == 429


@pytest.mark.live
@pytest.mark.skipif(not REDIS_URL, reason="CASECROWD_TEST_REDIS names no Redis server")
def test_throttle_holds_across_gunicorn_workers_with_redis(make_app, live_server):
    import requests

    settings = {**RULE, "ratelimit": {"storage_url": REDIS_URL}}
    server = live_server(workers=2, overrides=settings)
    add_account(make_app(settings), "fay", "verifier")
    url = f"{server.url}/api/v1/staff/sessions"
    statuses = []
    # Separate connections, so that both workers take requests.
    for _ in range(6):
        reply = requests.post(
            url, json={"username": "fay", "password": "a wrong password!"}, timeout=10
        )
        statuses.append(reply.status_code)
    assert statuses == [401, 401, 401, 429, 429, 429]
    final = requests.post(url, json={"username": "fay", "password": PASSWORD}, timeout=10)
    assert final.status_code == 429
    assert int(final.headers["Retry-After"]) >= 1
