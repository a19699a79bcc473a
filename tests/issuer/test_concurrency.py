"""The quota under real parallel requests: a gunicorn server with several workers."""

import threading

import pytest
import requests

from tests.issuer.support import (
    FAST_ARGON2,
    REQUEST_PATH,
    REQUEST_TYPE,
    current_key,
    issued,
    member_header,
    new_member,
    token_request,
)

pytestmark = pytest.mark.live


def post_all_at_once(url: str, secret: str, bodies: list[bytes]) -> list[requests.Response]:
    """POST every body from its own thread, released together."""
    start = threading.Barrier(len(bodies))
    responses: list = [None] * len(bodies)
    headers = {"Content-Type": REQUEST_TYPE, **member_header(secret)}

    def send(index: int) -> None:
        session = requests.Session()
        start.wait()
        responses[index] = session.post(
            url + REQUEST_PATH, data=bodies[index], headers=headers, timeout=120
        )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.fixture
def served(make_app, live_server):
    """(in-process app, live server) on the same databases and keys."""
    app = make_app(FAST_ARGON2)
    return app, live_server(workers=3, overrides=FAST_ARGON2)


def test_parallel_requests_never_get_more_than_the_quota(served):
    app, server = served
    membership_id, secret = new_member(app)
    spki = current_key(server.url).spki
    bodies = [token_request(spki)[0] for _ in range(12)]

    responses = post_all_at_once(server.url, secret, bodies)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 3 + [429] * 9, statuses
    assert all(len(r.content) == 256 for r in responses if r.status_code == 200)
    assert issued(app, membership_id) == 3


def test_parallel_identical_requests_spend_once(served):
    app, server = served
    membership_id, secret = new_member(app)
    body, _ = token_request(current_key(server.url).spki)

    responses = post_all_at_once(server.url, secret, [body] * 8)

    assert [r.status_code for r in responses] == [200] * 8
    assert len({r.content for r in responses}) == 1
    assert issued(app, membership_id) == 1
