"""A 429 tells the physician, in words, when to try again; nothing is retried behind their back."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from casecrowd.client.errors import retry_words, slow_mode_words
from casecrowd.db import db
from casecrowd.forum.service.moderation_state import content_row, locked_state
from casecrowd.protocol.media import PROBLEM_JSON
from tests.client.support import Physician, registered_member
from tests.conftest import free_port

NOW = datetime(2026, 12, 9, 14, 3, tzinfo=UTC)
AT = r"\(at (\d{1,2} \w{3} \d{4} )?\d\d:\d\d UTC\)"  # the date only when it is not today


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (45, "in 45 seconds (at 14:04 UTC)"),
        (120, "in 2 minutes (at 14:05 UTC)"),
        (121, "in 3 minutes (at 14:06 UTC)"),  # rounded up: never sooner than the server said
        (5400, "in 1 hour 30 minutes (at 15:33 UTC)"),
        (36 * 3600, "in 36 hours (at 11 Dec 2026 02:03 UTC)"),
        (3 * 86400, "in 3 days (at 12 Dec 2026 14:03 UTC)"),
        (None, "later"),
    ],
)
def test_a_wait_is_said_in_words_and_as_a_time(seconds, words):
    assert retry_words("answers", seconds, NOW) == f"Too many answers for now; try again {words}."


def test_slow_mode_names_its_pace_when_known():
    assert slow_mode_words(600, 90, NOW) == (
        "This case is in slow mode (one post per 10 minutes); try again in 2 minutes"
        " (at 14:05 UTC)."
    )
    assert slow_mode_words(None, 30, NOW) == (
        "This case is in slow mode; try again in 30 seconds (at 14:04 UTC)."
    )


class Limiting:
    """A forum stand-in on loopback refusing every request with one 429; it counts them."""

    def __init__(self, retry_after: str | None, body: dict[str, Any] | None) -> None:
        self.requests: list[tuple[str, str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                stub.requests.append(("GET", self.path.split("?")[0]))
                self._refuse()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub.requests.append(("POST", self.path))
                self._refuse()

            def _refuse(self) -> None:
                content = json.dumps(body).encode() if body is not None else b"Slow down"
                self.send_response(429)
                self.send_header("Content-Type", PROBLEM_JSON if body is not None else "text/plain")
                if retry_after is not None:
                    self.send_header("Retry-After", retry_after)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


RATE_LIMITED = {
    "type": "urn:casecrowd:problem:rate-limited",
    "title": "Too many requests",
    "status": 429,
    # Whatever the server writes, the words are the client's own.
    "detail": "Slow down \x1b[2J\u202e now",
    "retry_after": 120,
}


@pytest.fixture
def limiting() -> Iterator[Any]:
    """Start a stand-in; ``body`` None answers plain text (a proxy's 429, not the forum's)."""
    stubs: list[Limiting] = []

    def start(retry_after: str | None = "120", body: dict[str, Any] | None = RATE_LIMITED):
        stub = Limiting(retry_after, body)
        stubs.append(stub)
        return stub

    yield start
    for stub in stubs:
        stub.close()


@pytest.fixture
def member(tmp_path) -> Physician:
    """A wallet holding a pseudonym with a session, so a write goes straight to the envelope."""
    physician = Physician(tmp_path / "member", "http://127.0.0.1:1")
    wallet = physician.wallet()
    wallet.add_pseudonym("main").session_token = "a-session-token"
    wallet.save()
    return physician


@pytest.mark.parametrize(
    ("verb", "attempted", "asked"),
    [
        (("answer", 3, "Consider lymphoma."), "answers", ("POST", "/api/v1/envelopes")),
        (("comment", "--case", 3, "Any travel?"), "comments", ("POST", "/api/v1/envelopes")),
        (("vote", "case", 3, "up"), "votes", ("POST", "/api/v1/envelopes")),
        (("flag", "answer", 3, "--reason", "spam"), "flags", ("POST", "/api/v1/envelopes")),
        (("appeal", 4, "--text", "Please reconsider."), "appeals", ("POST", "/api/v1/appeals")),
        (("case", "show", 3), "requests", ("GET", "/api/v1/cases/3")),
    ],
)
def test_each_verb_says_what_was_refused_and_when_to_retry(
    limiting, member, verb, attempted, asked
):
    stub = limiting()
    refused = member.run(*verb, CASECROWD_SERVER=stub.url)
    assert refused.exit_code == 1
    pattern = rf"Error: Too many {attempted} for now; try again in 2 minutes {AT}\.\n"
    assert re.search(pattern, refused.stderr), refused.stderr
    assert "\x1b" not in refused.stderr and "Slow down" not in refused.stderr
    assert stub.requests == [asked]  # asked once, not again and again


def test_the_json_error_keeps_the_wait_for_scripts(limiting, member):
    stub = limiting()
    error = member.json("answer", 3, "Consider lymphoma.", CASECROWD_SERVER=stub.url, expect=1)
    assert (error["error"]["status"], error["error"]["retry_after"]) == (429, 120)
    assert error["error"]["message"].startswith("Too many answers for now; try again in 2 minutes")


def test_a_429_that_is_not_a_problem_document_still_reads_plainly(limiting, member):
    proxy = limiting(retry_after="45", body=None)
    shown = member.run("case", "show", 3, CASECROWD_SERVER=proxy.url)
    assert re.search(rf"Too many requests for now; try again in 45 seconds {AT}\.", shown.stderr)
    silent = limiting(retry_after=None, body=None)
    shown = member.run("case", "show", 3, CASECROWD_SERVER=silent.url)
    assert "Error: Too many requests for now; try again later." in shown.stderr


def test_a_real_slow_mode_refusal_says_when_the_next_post_can_go(server, author, case_id, tmp_path):
    with server.app.app_context():
        locked_state("case", content_row("case", case_id)).slow_mode_seconds = 600
        db.session.commit()
    peer = registered_member(server, tmp_path, "peer")
    assert peer.run("answer", case_id, "Consider lymphoma.").exit_code == 0
    error = peer.json("comment", "--case", case_id, "And a marrow biopsy.", expect=1)["error"]
    assert error["type"] == "urn:casecrowd:problem:slow-mode" and error["retry_after"] > 540
    assert re.fullmatch(
        rf"This case is in slow mode; try again in 10 minutes {AT}\.", error["message"]
    )


def test_a_real_rate_limit_names_what_was_refused(served, tmp_path):
    server = served({"forum": {"limits": {"posts": "1/minute"}}})
    author = registered_member(server, tmp_path, "author")
    case_id = author.json("case", "new", "--file", author.write_case())["case_id"]
    refused = author.run("answer", case_id, "Lymphoma should be excluded first.")
    assert refused.exit_code == 1
    wait = r"(\d{1,2} seconds|1 minute)"
    pattern = rf"Error: Too many answers for now; try again in {wait} {AT}\.\n"
    assert re.search(pattern, refused.stderr), refused.stderr
