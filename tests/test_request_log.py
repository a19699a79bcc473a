"""One structured line per request on its role's logger, none for the routes that pair
issuance with redemption, and never a client address, a path, a size or a body."""

from __future__ import annotations

import json
import logging

import pytest
import requests
from gunicorn.config import Config as GunicornConfig

from casecrowd import gunicorn_conf, metrics, web
from casecrowd.crypto import privacypass
from casecrowd.gunicorn_support import AddresslessLogger
from tests.forum.physician import Physician, Transport
from tests.issuer.support import current_key, new_member, post_token_request

# The views whose routes must never be logged (the forum's token-challenge
# document, when it exists, is found by its rule in UNLOGGED_ROUTES).
UNLOGGED_ENDPOINTS = {
    "forum_pseudonyms.register",
    "forum_sessions.challenge",
    "forum_sessions.open_session",
    "issuer.token_request",
    "issuer.issuer_directory",
    "desk.application_status",
}


def request_records(caplog):
    found = []
    for record in caplog.records:
        try:
            line = json.loads(record.getMessage())
        except ValueError:
            continue
        if isinstance(line, dict) and line.get("event") == "request":
            found.append((record.name, line))
    return found


def request_lines(caplog):
    return [line for _, line in request_records(caplog)]


@pytest.fixture
def logged(caplog):
    caplog.set_level(logging.DEBUG, logger="casecrowd")
    return caplog


def test_one_structured_line_per_request(client, logged):
    client.get("/api/v1/health?secret-query=1", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    ((logger, line),) = request_records(logged)
    assert logger == "casecrowd.health"
    assert line["method"] == "GET"
    assert line["route"] == "/api/v1/health"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert set(line) == {"event", "method", "route", "status", "duration_ms"}


def test_each_role_writes_its_own_logger(client, logged):
    requests_by_role = {
        "casecrowd.health": "/api/v1/health",
        "casecrowd.desk": "/api/v1/desk/specialties",
        "casecrowd.staff": "/api/v1/staff/me",
        "casecrowd.forum": "/api/v1/cases",
        "casecrowd.api": "/api/v1/openapi.json",
        "casecrowd.web": "/api/v1/no-such-route",
    }
    for path in requests_by_role.values():
        client.get(path)
    assert [logger for logger, _ in request_records(logged)] == list(requests_by_role)
    routes = {logger: line["route"] for logger, line in request_records(logged)}
    assert routes["casecrowd.web"] == web.UNMATCHED_ROUTE
    assert routes["casecrowd.staff"] == "/api/v1/staff/me"


def test_the_route_template_is_logged_never_the_path(client, logged):
    client.get("/api/v1/cases/918273")
    client.get("/api/v1/cases/918273/revisions")
    assert {line["route"] for line in request_lines(logged)} == {
        "/api/v1/cases/<int:case_id>",
        "/api/v1/cases/<int:case_id>/revisions",
    }
    assert "918273" not in logged.text


def test_line_holds_no_address_no_query_no_body_no_size(client, logged):
    client.post(
        "/api/v1/health",
        json={"legal_name": "Jane Roe"},
        headers={"X-Forwarded-For": "198.51.100.7", "X-Real-IP": "198.51.100.8"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    client.get("/api/v1/nothing?email=a@b.example")
    client.get("/api/v1/desk/specialties")
    text = logged.text
    for leak in ("203.0.113.9", "198.51.100.7", "198.51.100.8", "Jane Roe", "a@b.example"):
        assert leak not in text
    lines = request_lines(logged)
    assert len(lines) == 3
    for line in lines:
        assert set(line) == {"event", "method", "route", "status", "duration_ms"}


def test_a_method_nobody_uses_is_logged_as_other(client, logged):
    client.open("/api/v1/health", method="BREW")
    (line,) = request_lines(logged)
    assert (line["method"], line["status"]) == (metrics.OTHER_METHOD, 405)


def test_the_declared_routes_are_those_of_registration_sessions_and_tokens(app):
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert {rules[endpoint] for endpoint in UNLOGGED_ENDPOINTS} <= web.UNLOGGED_ROUTES
    logged_rules = {rule for endpoint, rule in rules.items() if endpoint not in UNLOGGED_ENDPOINTS}
    # No other view shares a rule with them (it would go unlogged too).
    assert logged_rules & web.UNLOGGED_ROUTES <= {f"{web.API_PREFIX}/token-challenge"}


def test_unlogged_routes_leave_no_line_whatever_the_method_or_the_answer(app, client, logged):
    tried = 0
    for rule in app.url_map.iter_rules():
        if rule.rule not in web.UNLOGGED_ROUTES:
            continue
        for method in sorted(rule.methods or ()):
            client.open(rule.rule, method=method)  # no credentials, no body
            client.open(rule.rule, method=method, json={"pseudonym": "nobody"})
            client.open(rule.rule, method=method, data=b"x" * 259, content_type="text/plain")
            tried += 3
    assert tried >= 4 * 2 * 3  # four routes, POST and OPTIONS at least, three bodies each
    assert request_lines(logged) == []
    assert logged.records == []
    statuses = {key[4] for key in metrics.recorder(app).pending() if key[3] in web.UNLOGGED_ROUTES}
    assert statuses >= {"2xx", "4xx"}  # OPTIONS answers; the rest is refused


def test_a_whole_registration_leaves_no_line_but_counts(app, client, logged):
    """Token request, registration, session challenge and opening, each a success."""
    _, secret = new_member(app)
    key = current_key(client)
    doctor = Physician(Transport(client), issuer=None)  # type: ignore[arg-type]
    request, state = privacypass.Client.create_token_request(doctor.challenge(), key.spki)
    answer = post_token_request(client, secret, request.serialize())
    assert answer.status_code == 200
    token = privacypass.Client.finalize(state, privacypass.TokenResponse.deserialize(answer.data))
    logged.clear()

    assert doctor.register(token).status == 201
    assert doctor.open_session().status == 201
    assert doctor.get("/api/v1/cases").status == 200

    ((logger, line),) = request_records(logged)
    assert (logger, line["route"], line["status"]) == ("casecrowd.forum", "/api/v1/cases", 200)
    assert len(logged.records) == 1
    counted = {key[1:]: n for key, n in metrics.recorder(app).pending().items()}
    assert counted[("issuer", "POST", "/api/v1/issuer/token-requests", "2xx")] == 1
    assert counted[("forum", "POST", "/api/v1/pseudonyms", "2xx")] == 1
    assert counted[("forum", "POST", "/api/v1/sessions/challenge", "2xx")] == 1
    assert counted[("forum", "POST", "/api/v1/sessions", "2xx")] == 1


def broken_forum_app(make_app, tmp_path):
    """The forum database is a file in a folder that does not exist: every query fails."""
    missing = tmp_path / "no-such-folder" / "forum.sqlite3"
    app = make_app({"database": {"forum_url": f"sqlite:///{missing}"}}, initialize=False)
    return app


def test_a_fault_in_an_unlogged_route_is_one_line_without_route_or_trace(
    make_app, tmp_path, caplog
):
    app = broken_forum_app(make_app, tmp_path)
    caplog.set_level(logging.DEBUG, logger="casecrowd")
    answer = app.test_client().post(
        "/api/v1/sessions/challenge", json={"pseudonym": "quiet-otter-abcdef"}
    )
    assert answer.status_code == 500
    assert answer.content_type == "application/problem+json"
    (record,) = caplog.records
    assert (record.name, record.levelno) == ("casecrowd.web", logging.ERROR)
    assert record.getMessage() == "an unlogged route failed: OperationalError"
    assert record.exc_info is None and record.exc_text is None
    assert "session" not in caplog.text and "forum" not in caplog.text
    pending = metrics.recorder(app).pending()
    assert [(key[1:], n) for key, n in pending.items()] == [
        (("forum", "POST", "/api/v1/sessions/challenge", "5xx"), 1)
    ]


def test_a_fault_elsewhere_is_logged_with_its_trace_on_the_roles_logger(make_app, tmp_path, caplog):
    app = broken_forum_app(make_app, tmp_path)
    caplog.set_level(logging.DEBUG, logger="casecrowd")
    answer = app.test_client().get("/api/v1/cases", headers={"Authorization": "Bearer " + "A" * 43})
    assert answer.status_code == 500
    fault, request_record = caplog.records
    assert (fault.name, fault.getMessage()) == ("casecrowd.forum", "unhandled error")
    assert fault.exc_info is not None
    assert request_records(caplog) == [("casecrowd.forum", json.loads(request_record.getMessage()))]
    assert request_lines(caplog)[0]["status"] == 500


def test_request_log_can_be_switched_off_and_requests_still_count(make_app, caplog):
    app = make_app({"logging": {"requests": False}})
    caplog.set_level(logging.INFO, logger="casecrowd")
    app.test_client().get("/api/v1/health")
    assert request_lines(caplog) == []
    pending = metrics.recorder(app).pending()
    assert [(key[1:], n) for key, n in pending.items()] == [
        (("health", "GET", "/api/v1/health", "2xx"), 1)
    ]


def test_gunicorn_writes_no_access_log_even_when_asked():
    assert gunicorn_conf.accesslog is None
    assert gunicorn_conf.logger_class is AddresslessLogger
    assert gunicorn_conf.forwarded_allow_ips == ""
    cfg = GunicornConfig()
    cfg.set("accesslog", "-")  # as `--access-logfile -` would
    logger = AddresslessLogger(cfg)
    assert not logger.access_log_enabled
    # Never reads its arguments: nothing is gathered, nothing written.
    assert logger.access(None, None, None, None) is None


def test_gunicorn_logs_no_line_before_each_request():
    class Worker:
        def __init__(self):
            self.lines = []
            self.log = self

        def debug(self, *args):
            self.lines.append(args)

    class Request:
        method, path = "POST", "/api/v1/pseudonyms"

    worker = Worker()
    gunicorn_conf.pre_request(worker, Request())
    assert worker.lines == []


@pytest.mark.live
def test_live_gunicorn_logs_no_client_address_and_no_access_line(live_server):
    server = live_server(workers=2, overrides={"logging": {"level": "INFO"}})
    for _ in range(5):
        response = requests.get(
            f"{server.url}/api/v1/health", headers={"X-Forwarded-For": "198.51.100.7"}, timeout=5
        )
        assert response.status_code == 200
    challenge = requests.post(
        f"{server.url}/api/v1/sessions/challenge", json={"pseudonym": "x"}, timeout=5
    )
    assert challenge.status_code in (404, 422)
    log = server.log()
    assert '"GET /api/v1/health"' not in log  # gunicorn's access format
    assert "/api/v1/sessions" not in log
    request_lines = [line for line in log.splitlines() if '"event":"request"' in line]
    assert len(request_lines) >= 5  # plus the readiness probes
    for line in request_lines:
        assert line.startswith("INFO casecrowd.health {")
        assert "127.0.0.1" not in line
        assert "198.51.100.7" not in line
