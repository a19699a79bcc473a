"""Rate-limit counters, in memory and in the real Redis shared by several processes."""

import secrets

import pytest

from casecrowd.problems import RateLimited
from casecrowd.ratelimit import RateLimiter
from tests.conftest import REDIS_URL

BACKENDS = ["memory://"] + ([REDIS_URL] if REDIS_URL else [])


@pytest.fixture(params=BACKENDS, ids=lambda url: url.split(":")[0])
def storage_url(request):
    return request.param


def test_limit_is_enforced_with_retry_after(storage_url):
    limiter = RateLimiter(storage_url)
    key = secrets.token_hex(8)
    for _ in range(3):
        limiter.hit("3/minute", "login", key)
    with pytest.raises(RateLimited) as excinfo:
        limiter.hit("3/minute", "login", key)
    assert 1 <= int(excinfo.value.headers["Retry-After"]) <= 60


def test_keys_and_namespaces_are_independent(storage_url):
    limiter = RateLimiter(storage_url)
    key = secrets.token_hex(8)
    limiter.hit("1/minute", "login", key)
    limiter.hit("1/minute", "login", key + "-other")
    limiter.hit("1/minute", "issue", key)
    with pytest.raises(RateLimited):
        limiter.hit("1/minute", "login", key)


def test_test_does_not_count_and_clear_resets(storage_url):
    limiter = RateLimiter(storage_url)
    key = secrets.token_hex(8)
    for _ in range(5):
        limiter.test("2/minute", "login", key)
    limiter.hit("2/minute", "login", key)
    limiter.hit("2/minute", "login", key)
    with pytest.raises(RateLimited):
        limiter.test("2/minute", "login", key)
    limiter.clear("2/minute", "login", key)
    limiter.hit("2/minute", "login", key)


@pytest.mark.skipif(not REDIS_URL, reason="CASECROWD_TEST_REDIS names no Redis server")
def test_redis_counters_are_shared_between_processes():
    # Two limiter objects stand for two gunicorn workers: the limit is global.
    worker_a, worker_b = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL)
    key = secrets.token_hex(8)
    worker_a.hit("2/minute", "login", key)
    worker_b.hit("2/minute", "login", key)
    with pytest.raises(RateLimited):
        worker_a.hit("2/minute", "login", key)
