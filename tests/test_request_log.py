"""One structured line per request, and never a client address or a body."""

import json
import logging

import requests

from casecrowd import gunicorn_conf


def request_lines(caplog):
    return [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "casecrowd.requests"
    ]


def test_one_structured_line_per_request(client, caplog):
    caplog.set_level(logging.INFO, logger="casecrowd.requests")
    client.get("/api/v1/health?secret-query=1", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    (line,) = request_lines(caplog)
    assert line["method"] == "GET"
    assert line["route"] == "/api/v1/health"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert set(line) == {"event", "method", "route", "status", "duration_ms"}


def test_line_holds_no_address_no_query_no_body(client, caplog):
    caplog.set_level(logging.DEBUG, logger="casecrowd")
    client.post(
        "/api/v1/health",
        json={"legal_name": "Jane Roe"},
        headers={"X-Forwarded-For": "198.51.100.7", "X-Real-IP": "198.51.100.8"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    client.get("/api/v1/nothing?email=a@b.example")
    text = caplog.text
    for leak in ("203.0.113.9", "198.51.100.7", "198.51.100.8", "Jane Roe", "a@b.example"):
        assert leak not in text
    assert len(request_lines(caplog)) == 2


def test_request_log_can_be_switched_off(make_app, caplog):
    app = make_app({"logging": {"requests": False}})
    caplog.set_level(logging.INFO, logger="casecrowd.requests")
    app.test_client().get("/api/v1/health")
    assert request_lines(caplog) == []


def test_gunicorn_access_log_format_has_no_remote_address():
    fmt = gunicorn_conf.access_log_format
    assert "%(h)s" not in fmt
    assert "forwarded" not in fmt.lower()
    assert "real-ip" not in fmt.lower()
    assert gunicorn_conf.forwarded_allow_ips == ""


def test_live_gunicorn_logs_no_client_address(live_server):
    server = live_server(workers=2, overrides={"logging": {"level": "INFO"}})
    for _ in range(5):
        response = requests.get(
            f"{server.url}/api/v1/health", headers={"X-Forwarded-For": "198.51.100.7"}, timeout=5
        )
        assert response.status_code == 200
    log = server.log()
    access_lines = [line for line in log.splitlines() if '"GET /api/v1/health"' in line]
    assert len(access_lines) >= 5, log  # plus the readiness probe
    request_lines = [line for line in log.splitlines() if '"event":"request"' in line]
    assert len(request_lines) >= 5
    for line in access_lines + request_lines:
        assert "127.0.0.1" not in line
        assert "198.51.100.7" not in line
