"""Reading the mod log over HTTP: pages in seq order, who may read, and the key that signs it."""

from __future__ import annotations

import json

import pytest

from casecrowd.crypto.base64url import decode
from casecrowd.db import db
from casecrowd.moderation import log
from casecrowd.moderation.keys import MODERATION_KEY_DOCUMENT
from casecrowd.protocol import modlog
from tests.conftest import deep_merge
from tests.forum.conftest import (  # noqa: F401 - fixtures for tests outside tests/forum
    author,
    directory,
    forum_settings,
    http,
    issuer,
    issuer_keys,
    physician,
)
from tests.staff.support import FAST_ARGON2, staff_headers

MODLOG = "/api/v1/modlog"
KEY = "/.well-known/casecrowd-moderation-key"


@pytest.fixture
def forum_app(make_app, forum_settings):  # noqa: F811 - staff logins here need cheap Argon2
    return make_app(deep_merge(FAST_ARGON2, forum_settings()))


def append_entries(app, count: int, note: str = "") -> None:
    with app.app_context():
        for number in range(1, count + 1):
            log.append("hide", "spam", "answer", number, "mod-1", note=note)
        db.session.commit()


def problem_code(reply) -> str:
    return reply.body["type"].rsplit(":", 1)[1]


def test_pages_follow_seq_order_and_chain(forum_app, http, author):  # noqa: F811
    append_entries(forum_app, 5)
    pages, after = [], 0
    while after is not None:
        reply = author.get(f"{MODLOG}?after={after}&limit=2")
        assert reply.status == 200, reply.body
        pages.append([entry["seq"] for entry in reply.body["entries"]])
        after = reply.body["next"]
    assert pages == [[1, 2], [3, 4], [5]]
    entries = author.get(f"{MODLOG}?limit=5").body["entries"]
    public_key = decode(http.request("GET", KEY).body["public_key"], "key")
    assert modlog.verify_chain(entries, public_key).entries == 5
    assert author.get(f"{MODLOG}?after=5").body == {"entries": [], "next": None}


def test_entries_are_served_as_signed_and_never_with_the_note(forum_app, author):  # noqa: F811
    append_entries(forum_app, 1, note="the removed text quoted a chart number")
    (entry,) = author.get(MODLOG).body["entries"]
    assert set(entry) == {*modlog.SIGNED_MEMBERS, "entry_hash", "signature"}
    assert "chart number" not in json.dumps(entry)
    assert entry["target_id"] == "1" and entry["prev_hash"] == modlog.GENESIS_HASH
    assert entry["entry_hash"] == modlog.entry_hash(entry)


def test_a_page_holds_100_entries_unless_asked_for_up_to_500(forum_app, author):  # noqa: F811
    append_entries(forum_app, 101)
    first = author.get(MODLOG).body
    assert len(first["entries"]) == 100 and first["next"] == 100
    assert len(author.get(f"{MODLOG}?limit=500").body["entries"]) == 101


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=501", "limit=ten", "after=-1", "after=2147483648", "after=1.5"],
)
def test_bad_queries_are_422_problems(author, query):  # noqa: F811
    reply = author.get(f"{MODLOG}?{query}")
    assert reply.status == 422, reply.body
    assert problem_code(reply) == "validation"
    assert reply.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer " + "A" * 43}, {"Authorization": "Basic dXNlcjpwYXNz"}],
)
def test_reading_needs_a_session(forum_app, http, headers):  # noqa: F811
    append_entries(forum_app, 1)
    reply = http.request("GET", MODLOG, headers=headers)
    assert reply.status == 401
    assert problem_code(reply) == "session-required"
    assert "entries" not in reply.body


@pytest.mark.parametrize(
    ("role", "status"), [("moderator", 200), ("admin", 200), ("verifier", 403)]
)
def test_moderators_read_with_their_staff_session(forum_app, role, status):
    append_entries(forum_app, 2)
    client = forum_app.test_client()
    reply = client.get(MODLOG, headers=staff_headers(forum_app, client, role))
    assert reply.status_code == status, reply.get_json()
    if status == 200:
        assert [entry["seq"] for entry in reply.get_json()["entries"]] == [1, 2]
    else:
        assert reply.get_json()["type"] == "urn:casecrowd:problem:role-required"


def test_the_key_is_public_and_the_one_init_wrote(forum_app, http, keys_dir):  # noqa: F811
    reply = http.request("GET", KEY)
    assert reply.status == 200
    published = json.loads((keys_dir / MODERATION_KEY_DOCUMENT).read_text())
    assert reply.body == published
    assert reply.body["algorithm"] == "Ed25519" and len(decode(reply.body["public_key"], "k")) == 32
    assert reply.headers["Cache-Control"].startswith("public, max-age=")
    again = http.request("GET", KEY, headers={"If-None-Match": reply.headers["ETag"]})
    assert again.status == 304
