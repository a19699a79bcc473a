"""gunicorn's own answers and log lines: problem+json, no client address, no request path.

Malformed requests never reach the application; gunicorn answers them
itself. They come from 127.0.0.2 here, so that any trace of the client's
address in the server's output is unambiguous (the server listens on
127.0.0.1, which its start-up lines name).
"""

from __future__ import annotations

import json
import socket

import pytest

from casecrowd.gunicorn_support import scrub_addresses

pytestmark = pytest.mark.live

CLIENT_ADDRESS = "127.0.0.2"


def raw_exchange(url: str, payload: bytes) -> tuple[int, dict[str, str], bytes]:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection(
        (host, int(port)), timeout=10, source_address=(CLIENT_ADDRESS, 0)
    ) as sock:
        sock.sendall(payload)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


MALFORMED = {
    "request line": (b"NOT HTTP AT ALL\r\n\r\n", 400),
    "header name": (b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n", 400),
    "long request line": (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    "large header": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 300_000 + b"\r\n\r\n", 431),
    "chunk size": (
        b"POST /api/v1/sessions/challenge HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        400,
    ),
}


def test_malformed_requests_get_problem_json_and_leave_no_address_in_the_log(live_server):
    server = live_server(workers=2, overrides={"logging": {"level": "DEBUG"}})
    for name, (payload, status) in MALFORMED.items():
        got, headers, body = raw_exchange(server.url, payload)
        assert got == status, name
        assert headers["content-type"] == "application/problem+json", name
        problem = json.loads(body)
        assert problem["status"] == status and problem["detail"], name
        # The answer never quotes the request back.
        assert b"NOT HTTP" not in body and b"aaaa" not in body and b"Bad Header" not in body
    log = server.log()
    assert "Invalid request" in log  # gunicorn did log them...
    assert CLIENT_ADDRESS not in log  # ...without the address
    assert "ip=" not in log
    # No access line either, not even for the chunked POST to the session challenge.
    assert "/api/v1/sessions" not in log


def test_a_request_line_just_under_the_limit_reaches_the_application(live_server):
    server = live_server(workers=1)
    path = "/api/v1/cases/" + "9" * 8000
    status, headers, _ = raw_exchange(
        server.url, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    assert status == 404
    assert headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Invalid request from ip=203.0.113.9: Invalid HTTP Version",
            "Invalid request: Invalid HTTP Version",
        ),
        ("peer 2001:db8::17 went away", "peer - went away"),
        ("connection from ::1 closed", "connection from - closed"),
        ("at 10:42:07 worker 12 booted", "at 10:42:07 worker 12 booted"),
        # A worker's failure names the request; its path may hold ids or a query.
        ("Error handling request POST /api/v1/pseudonyms", "Error handling request"),
        ("Error handling request /api/v1/cases/7?q=fever", "Error handling request"),
        ("Error handling request (no URI read)", "Error handling request (no URI read)"),
    ],
)
def test_scrubbing_removes_addresses_and_paths_and_keeps_times(line, expected):
    assert scrub_addresses(line) == expected
