"""The login counters hold across gunicorn workers, on the embedded default store too."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import REDIS_URL
from tests.staff.support import FAST_ARGON2, add_account, live_login, wrong_code

pytestmark = pytest.mark.live

WRONG = "a wrong password!"
STORES = ["memory://", *([REDIS_URL] if REDIS_URL else [])]


def settings(store, **staff):
    return {"staff": {**FAST_ARGON2["staff"], **staff}, "ratelimit": {"storage_url": store}}


def concurrently(attempts, times):
    # Four at a time on separate connections: both workers take requests.
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda _: attempts().status_code, range(times)))


@pytest.mark.parametrize("store", STORES)
def test_five_failures_in_all_with_two_workers(make_app, live_server, store):
    overrides = settings(store)  # the default rule: 5/15 minutes
    server = live_server(workers=2, overrides=overrides)
    app = make_app(overrides)
    add_account(app, "fay", "moderator")
    add_account(app, "gil", "verifier")
    for name in ("fay", "gil"):
        statuses = concurrently(lambda n=name: live_login(server.url, n, WRONG, otp=None), 10)
        assert sorted(statuses) == [401] * 5 + [429] * 5, (name, statuses)
    locked = live_login(server.url, "fay")
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 1
    # The verifier's password and code still get in, whichever worker answers.
    assert live_login(server.url, "gil").status_code == 201


def test_wrong_codes_are_counted_across_workers(make_app, live_server):
    overrides = settings("memory://", otp_failures="3/15 minutes")
    server = live_server(workers=2, overrides=overrides)
    add_account(make_app(overrides), "hana", "admin")
    bad = wrong_code("hana")
    statuses = concurrently(lambda: live_login(server.url, "hana", otp=bad), 8)
    assert sorted(statuses) == [401] * 3 + [429] * 5, statuses
    assert live_login(server.url, "hana").status_code == 429
