"""Rate-limit counters: in memory, in the shared file of several processes, in the real Redis."""

import multiprocessing
import secrets

import pytest
import redis

from casecrowd.problems import RateLimited
from casecrowd.ratelimit import Limit, RateLimiter, rule_problem
from tests.conftest import REDIS_URL

BACKENDS = ["memory://", "file"] + ([REDIS_URL] if REDIS_URL else [])
SECRET = secrets.token_bytes(32)


@pytest.fixture(params=BACKENDS, ids=lambda url: url.split(":")[0])
def make_limiter(request, tmp_path):
    def make(secret: bytes = SECRET) -> RateLimiter:
        if request.param == "file":
            return RateLimiter("memory://", secret, shared_file=tmp_path / "ratelimit.sqlite3")
        return RateLimiter(request.param, secret)

    return make


def test_limit_is_enforced_with_retry_after(make_limiter):
    limiter = make_limiter()
    key = secrets.token_hex(8)
    for _ in range(3):
        limiter.hit("3/minute", "login", key)
    with pytest.raises(RateLimited) as excinfo:
        limiter.hit("3/minute", "login", key, "logins of this name")
    assert 1 <= int(excinfo.value.headers["Retry-After"]) <= 60
    assert excinfo.value.detail.startswith("Too many logins of this name: at most 3 per minute.")
    assert excinfo.value.extra["retry_after"] == int(excinfo.value.headers["Retry-After"])


def test_keys_and_namespaces_are_independent(make_limiter):
    limiter = make_limiter()
    key = secrets.token_hex(8)
    limiter.hit("1/minute", "login", key)
    limiter.hit("1/minute", "login", key + "-other")
    limiter.hit("1/minute", "issue", key)
    with pytest.raises(RateLimited):
        limiter.hit("1/minute", "login", key)


def test_test_does_not_count_and_clear_resets(make_limiter):
    limiter = make_limiter()
    key = secrets.token_hex(8)
    for _ in range(5):
        limiter.test("2/minute", "login", key)
    limiter.hit("2/minute", "login", key)
    limiter.hit("2/minute", "login", key)
    with pytest.raises(RateLimited):
        limiter.test("2/minute", "login", key)
    limiter.clear("2/minute", "login", key)
    limiter.hit("2/minute", "login", key)


def test_every_window_of_a_rule_counts_and_the_full_one_is_named(make_limiter):
    limiter = make_limiter()
    key = secrets.token_hex(8)
    rule = "5/minute;2/15 minutes"
    limiter.hit(rule, "posts", key)
    limiter.hit(rule, "posts", key)
    with pytest.raises(RateLimited) as excinfo:
        limiter.hit(rule, "posts", key, "posts")
    assert "at most 2 per 15 minutes" in excinfo.value.detail
    assert 60 < limiter.retry_after(rule, "posts", key) <= 900


def test_an_event_refused_by_one_limit_counts_under_none(make_limiter):
    limiter = make_limiter()
    key = secrets.token_hex(8)
    strict, loose = Limit("1/minute", "strict", key), Limit("2/minute", "loose", key)
    limiter.hit_all(strict, loose)
    with pytest.raises(RateLimited):
        limiter.hit_all(strict, loose)
    limiter.hit_all(loose)  # the refused event took no place under "loose"
    with pytest.raises(RateLimited):
        limiter.hit_all(loose)


def test_a_reset_forgets_only_its_own_deployments_counters(make_limiter):
    ours, theirs = make_limiter(), make_limiter(secrets.token_bytes(32))
    key = secrets.token_hex(8)
    ours.hit("1/minute", "login", key)
    theirs.hit("1/minute", "login", key)  # another secret: counted apart
    theirs.reset()
    with pytest.raises(RateLimited):
        ours.hit("1/minute", "login", key)


@pytest.mark.parametrize(
    "rule", ["", "often", "0/minute", "5 per fortnight", "3/minute;", "3/minute;zero"]
)
def test_a_rule_setting_must_parse(rule):
    assert rule_problem(rule) is not None


def test_rules_with_several_windows_are_settings():
    assert rule_problem("6/minute;60/hour;300/day") is None
    assert rule_problem("1 per 30 second") is None


def _take_places(path, key, start, results):
    limiter = RateLimiter("memory://", SECRET, shared_file=path)
    start.wait()
    taken = 0
    for _ in range(20):
        try:
            limiter.hit("25/minute", "opens", key)
            taken += 1
        except RateLimited:
            pass
    results.put(taken)


def test_the_shared_file_is_exact_across_processes(tmp_path):
    # Four forked processes stand for four gunicorn workers on the embedded default.
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    path, key = tmp_path / "ratelimit.sqlite3", secrets.token_hex(8)
    workers = [
        context.Process(target=_take_places, args=(path, key, start, results)) for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    start.set()
    taken = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert sum(taken) == 25


def test_the_shared_file_is_the_service_accounts_alone(tmp_path):
    path = tmp_path / "ratelimit.sqlite3"
    RateLimiter("memory://", SECRET, shared_file=path).hit("1/minute", "login", "x")
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(not REDIS_URL, reason="CASECROWD_TEST_REDIS names no Redis server")
def test_redis_counters_are_shared_between_processes():
    # Two limiter objects stand for two gunicorn workers: the limit is global.
    worker_a, worker_b = RateLimiter(REDIS_URL, SECRET), RateLimiter(REDIS_URL, SECRET)
    key = secrets.token_hex(8)
    worker_a.hit("2/minute", "login", key)
    worker_b.hit("2/minute", "login", key)
    with pytest.raises(RateLimited):
        worker_a.hit("2/minute", "login", key)


@pytest.mark.skipif(not REDIS_URL, reason="CASECROWD_TEST_REDIS names no Redis server")
def test_redis_holds_no_key_in_the_clear():
    limiter = RateLimiter(REDIS_URL, SECRET)
    key = f"pseudonym-{secrets.token_hex(8)}"
    limiter.hit("2/minute", "forum.posts", key)
    names = [name.decode() for name in redis.Redis.from_url(REDIS_URL).keys("*forum.posts*")]
    assert names
    assert not [name for name in names if key in name]
