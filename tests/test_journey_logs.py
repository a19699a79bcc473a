"""A whole physician's journey against a live gunicorn server, then its log read in full.

The log must say nothing that pairs the identity side with the forum: no line for a
token request, a registration, a session challenge or opening (nor one too many or
too few that would betray them), every other request on its role's logger with its
route template and no size. The hourly counts report what the log leaves out.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import requests
from werkzeug.exceptions import HTTPException

from casecrowd import metrics
from casecrowd.cli import cli
from tests import conftest
from tests.client.support import Physician, approve
from tests.conftest import deep_merge
from tests.staff.support import FAST_ARGON2

pytestmark = pytest.mark.live

# What must never appear, as a route or a path, anywhere in the log.
UNLOGGED = {
    "/api/v1/issuer/token-requests": "issuer",
    "/api/v1/pseudonyms": "forum",
    "/api/v1/sessions/challenge": "forum",
    "/api/v1/sessions": "forum",
    "/api/v1/token-challenge": "forum",
    # Anonymous, but fetched just before a client's token requests.
    "/.well-known/private-token-issuer-directory": "issuer",
    "/api/v1/desk/applications/status": "desk",
}
# The role a path belongs to, by its prefix (the forum holds the rest of /api/v1).
ROLE_PREFIXES = (
    ("/.well-known/private-token-issuer-directory", "issuer"),
    ("/api/v1/issuer/", "issuer"),
    ("/api/v1/desk/", "desk"),
    ("/api/v1/staff/", "staff"),
    ("/api/v1/health", "health"),
    ("/api/v1/openapi.json", "api"),
    ("/api/v1/", "forum"),
)
REQUEST_LINE = re.compile(
    r"^INFO casecrowd\.(?P<role>[a-z]+) (?P<line>\{.*\"event\":\"request\".*\})$"
)


@pytest.fixture
def sent(monkeypatch):
    """Every HTTP exchange of this process that got an answer: (method, path, status).

    An observer only: each request goes to the server as it would have.
    """
    exchanges: list[tuple[str, str, int]] = []
    send = requests.Session.send

    def observed(session, prepared, **kwargs):
        response = send(session, prepared, **kwargs)
        exchanges.append((prepared.method, urlsplit(prepared.url).path, response.status_code))
        return response

    monkeypatch.setattr(requests.Session, "send", observed)
    return exchanges


def role_of(path: str) -> str:
    return next(role for prefix, role in ROLE_PREFIXES if path.startswith(prefix))


def template_of(app, method: str, path: str) -> str:
    try:
        rule, _ = app.url_map.bind("server").match(path, method=method, return_rule=True)
    except HTTPException:
        return "<unmatched>"
    return rule.rule


def test_the_log_of_a_whole_journey_cannot_pair_tokens_with_a_pseudonym(
    make_app, live_server, sent, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    port = conftest.free_port()
    url = f"http://127.0.0.1:{port}"
    overrides = deep_merge(FAST_ARGON2, {"server": {"public_url": url}})
    app = make_app(overrides)
    server = live_server(
        workers=2, overrides={**overrides, "logging": {"level": "INFO"}}, port=port
    )

    physician = Physician(tmp_path / "physician", url)
    applied = physician.apply()
    approve(app, applied["application_id"])
    status = physician.json("status")
    assert status["status"] == "approved"
    # A client may obtain its quota as soon as it learns of the approval.
    if not status.get("tokens_obtained"):
        assert physician.json("tokens", "fetch", "-n", "2")["obtained"] == 2
    registered = physician.json("pseudonym", "new", "--label", "me", "--now")
    case = physician.json("case", "new", "--file", physician.write_case())
    shown = physician.json("case", "show", case["case_id"])
    assert shown["author"] == registered["handle"]

    server.stop()  # the workers write their counts as they exit
    log = server.log()
    exchanges = list(sent)

    # The journey did what the log must not show.
    by_route = Counter((method, template_of(app, method, path)) for method, path, _ in exchanges)
    tokens = sum(
        1
        for method, path, status in exchanges
        if (method, path, status) == ("POST", "/api/v1/issuer/token-requests", 200)
    )
    assert tokens >= 1
    assert by_route[("POST", "/api/v1/pseudonyms")] >= 1
    assert by_route[("POST", "/api/v1/sessions/challenge")] >= 1
    assert by_route[("POST", "/api/v1/sessions")] >= 1

    request_lines, other_lines = [], []
    for text in log.splitlines():
        match = REQUEST_LINE.match(text)
        if match:
            request_lines.append((match["role"], json.loads(match["line"])))
        else:
            other_lines.append(text)
    for text in other_lines:
        assert '"event":"request"' not in text, text  # every request line is a role's
        for word in ("token-request", "pseudonyms", "sessions", "token-challenge", "directory"):
            assert word not in text, text
        assert "could not be written" not in text and "Exception during worker exit" not in text
    for _, line in request_lines:
        assert set(line) == {"event", "method", "route", "status", "duration_ms"}, line
        assert line["route"] not in UNLOGGED, line
        assert not re.search(r"/\d+(/|$)", line["route"]), line  # a template, not a path
    assert registered["handle"] not in log

    # Exactly one line per request to a logged route, no more, no fewer.
    logged = Counter(
        (role, line["method"], line["route"], line["status"]) for role, line in request_lines
    )
    expected = Counter(
        (role_of(path), method, template_of(app, method, path), status)
        for method, path, status in exchanges
        if template_of(app, method, path) not in UNLOGGED
    )
    assert logged == expected
    assert ("forum", "GET", "/api/v1/cases/<int:case_id>", 200) in logged
    assert {role for role, *_ in logged} >= {"desk", "forum", "health"}

    # The hourly counts hold every request, those unlogged too, once the hour is over.
    an_hour_later = datetime.now(UTC) + metrics.HOUR
    metrics.recorder(app).clock = lambda: an_hour_later
    result = app.test_cli_runner().invoke(cli, ["metrics", "--hours", "2", "--json"])
    assert result.exit_code == 0, result.output
    counted = Counter()
    for row in json.loads(result.output):
        counted[(row["role"], row["method"], row["route"], row["status_class"])] += row["requests"]
    every_request = Counter(
        (role_of(path), method, template_of(app, method, path), f"{status // 100}xx")
        for method, path, status in exchanges
    )
    assert counted == every_request
    assert counted[("issuer", "POST", "/api/v1/issuer/token-requests", "2xx")] == tokens
    assert counted[("forum", "POST", "/api/v1/pseudonyms", "2xx")] == 1
