"""Request counts by the hour: kept in memory, stored once the hour is over, each side in
its own database, read with ``casecrowd metrics``."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from types import SimpleNamespace

import sqlalchemy as sa

from casecrowd import db, gunicorn_conf, metrics
from casecrowd.cli import cli

TEN = datetime(2026, 12, 7, 10, 15, 30, tzinfo=UTC)
ELEVEN = datetime(2026, 12, 7, 11, 0, 5, tzinfo=UTC)
COLUMNS = {"hour", "role", "method", "route", "status_class", "requests"}


def at(app, moment: datetime) -> None:
    metrics.recorder(app).clock = lambda: moment


def get(client, path: str, **kwargs) -> int:
    """One request, closed as a server closes it once the answer is sent."""
    with client.get(path, **kwargs) as response:
        return response.status_code


def stored(app, bind: str) -> list[dict]:
    table = metrics.MODELS[bind].__table__
    with app.app_context(), db.engine(bind).connect() as conn:
        rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings()
        return [dict(row) for row in rows]


def summary(rows) -> dict[tuple, int]:
    return {
        (row["hour"], row["role"], row["method"], row["route"], row["status_class"]): row[
            "requests"
        ]
        for row in rows
    }


def metrics_command(app, *args: str):
    result = app.test_cli_runner().invoke(cli, ["metrics", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_counts_are_stored_by_the_first_request_after_their_hour(app):
    client = app.test_client()
    at(app, TEN)
    for _ in range(3):
        assert get(client, "/api/v1/health") == 200
    assert get(client, "/api/v1/desk/specialties") == 200
    for _ in range(2):
        with client.post("/api/v1/pseudonyms", json={}) as response:
            assert response.status_code == 422
    assert get(client, "/api/v1/no-such-route") == 404
    assert stored(app, "identity") == [] and stored(app, "forum") == []

    at(app, ELEVEN)
    assert get(client, "/api/v1/health") == 200

    hour = datetime(2026, 12, 7, 10)
    assert summary(stored(app, "identity")) == {
        (hour, "desk", "GET", "/api/v1/desk/specialties", "2xx"): 1,
        (hour, "health", "GET", "/api/v1/health", "2xx"): 3,
        (hour, "web", "GET", "<unmatched>", "4xx"): 1,
    }
    # The forum's counts are in the forum's database, and only there.
    assert summary(stored(app, "forum")) == {
        (hour, "forum", "POST", "/api/v1/pseudonyms", "4xx"): 2
    }
    # The request of the new hour waits in memory for its own hour to end.
    pending = metrics.recorder(app).pending()
    assert list(pending.values()) == [1]
    assert list(pending)[0][0] == datetime(2026, 12, 7, 11)


def test_the_write_waits_until_the_answer_is_sent(app):
    client = app.test_client()
    at(app, TEN)
    get(client, "/api/v1/health")
    at(app, ELEVEN)
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert stored(app, "identity") == []  # answered, not yet closed
    response.close()
    assert len(stored(app, "identity")) == 1


def test_an_hour_is_asked_to_be_written_once():
    recorder = metrics.Recorder(clock=lambda: TEN)
    assert not recorder.add("health", "GET", "/api/v1/health", 200)
    recorder.clock = lambda: ELEVEN
    assert recorder.add("health", "GET", "/api/v1/health", 200)
    assert not recorder.add("health", "GET", "/api/v1/health", 200)
    taken = recorder.take(metrics.hour_of(ELEVEN))
    assert list(taken.values()) == [1]
    assert sum(recorder.pending().values()) == 2
    assert not recorder.add("health", "GET", "/api/v1/health", 503)  # nothing ended since


def test_rows_hold_only_hour_role_method_route_status_class_and_count(app):
    client = app.test_client()
    at(app, TEN)
    get(client, "/api/v1/cases/918273?q=fever", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    with client.open("/api/v1/health", method="BREW") as response:
        assert response.status_code == 405
    at(app, ELEVEN)
    get(client, "/api/v1/health")
    with app.app_context():
        for bind in db.BINDS:
            table = metrics.MODELS[bind].__table__
            assert {column.name for column in table.columns} == COLUMNS
    rows = stored(app, "forum") + stored(app, "identity")
    assert {(row["route"], row["method"]) for row in rows} == {
        ("/api/v1/cases/<int:case_id>", "GET"),
        ("<unmatched>", metrics.OTHER_METHOD),
    }
    assert "918273" not in repr(rows) and "203.0.113.9" not in repr(rows)


def test_the_command_shows_ended_hours_only(app):
    client = app.test_client()
    at(app, TEN)
    get(client, "/api/v1/health")
    with client.post("/api/v1/sessions/challenge", json={"pseudonym": "x"}) as response:
        assert response.status_code in (404, 422)
    # A worker's exit writes the hour in progress too: stored, not shown.
    gunicorn_conf.worker_exit(None, SimpleNamespace(wsgi=app))
    assert len(stored(app, "identity")) == len(stored(app, "forum")) == 1
    assert "no requests counted in the last 24 ended hour(s)" in metrics_command(app)
    assert json.loads(metrics_command(app, "--json")) == []

    at(app, ELEVEN)
    rows = json.loads(metrics_command(app, "--json"))
    assert [(r["hour"], r["role"], r["route"], r["requests"]) for r in rows] == [
        ("2026-12-07T10:00Z", "forum", "/api/v1/sessions/challenge", 1),
        ("2026-12-07T10:00Z", "health", "/api/v1/health", 1),
    ]
    assert set(rows[0]) == COLUMNS
    table = metrics_command(app).splitlines()
    assert table[0].split("\t") == ["hour", "role", "method", "route", "status_class", "requests"]
    assert table[2].split("\t") == ["2026-12-07T10:00Z", "health", "GET", "/api/v1/health"] + [
        "2xx",
        "1",
    ]


def test_the_command_shows_the_hours_asked_for(app):
    client = app.test_client()
    for hour in (6, 9, 12):
        at(app, TEN.replace(hour=hour))
        get(client, "/api/v1/health")
    metrics.flush(app, everything=True)
    at(app, TEN.replace(hour=13))
    hours = lambda *args: [r["hour"] for r in json.loads(metrics_command(app, "--json", *args))]  # noqa: E731
    assert hours("--hours", "1") == ["2026-12-07T12:00Z"]
    assert hours("--hours", "4") == ["2026-12-07T09:00Z", "2026-12-07T12:00Z"]
    assert hours() == ["2026-12-07T06:00Z", "2026-12-07T09:00Z", "2026-12-07T12:00Z"]
    refused = app.test_cli_runner().invoke(cli, ["metrics", "--hours", "0"])
    assert refused.exit_code == 2 and "--hours" in refused.output


def test_workers_add_to_the_same_hour(make_app):
    """Several workers (apps) write the same hour at once; no count is lost."""
    apps = [make_app() for _ in range(4)]
    for app in apps:
        at(app, TEN)
        client = app.test_client()
        for _ in range(25):
            get(client, "/api/v1/health")
            get(client, "/api/v1/cases")
    start = threading.Barrier(len(apps))

    def stop(app):
        start.wait()
        metrics.flush(app, everything=True)

    threads = [threading.Thread(target=stop, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [row["requests"] for row in stored(apps[0], "identity")] == [100]
    assert [row["requests"] for row in stored(apps[0], "forum")] == [100]
    assert all(metrics.recorder(app).pending() == {} for app in apps)


def test_counts_a_database_refuses_are_kept_for_the_next_flush(make_app, tmp_path, caplog):
    missing = tmp_path / "no-such-folder" / "forum.sqlite3"
    app = make_app({"database": {"forum_url": f"sqlite:///{missing}"}}, initialize=False)
    at(app, TEN)
    client = app.test_client()
    get(client, "/api/v1/health")
    with client.post("/api/v1/pseudonyms", json={}) as response:
        assert response.status_code == 422
    caplog.set_level(logging.WARNING, logger="casecrowd")
    at(app, ELEVEN)
    assert metrics.flush(app) == 1  # the identity side's row
    assert [row["requests"] for row in stored(app, "identity")] == [1]
    kept = metrics.recorder(app).pending()
    assert [key[1:] for key in kept] == [("forum", "POST", "/api/v1/pseudonyms", "4xx")]
    (record,) = caplog.records
    assert record.name == "casecrowd.metrics"
    assert record.getMessage() == (
        "request counts could not be written to the forum database (OperationalError);"
        " kept for the next flush"
    )
    # No new try (nor warning) per request while the database is down: once an hour.
    for _ in range(3):
        get(client, "/api/v1/health")
    assert len(caplog.records) == 1
    at(app, ELEVEN.replace(hour=12))
    get(client, "/api/v1/health")
    assert len(caplog.records) == 2
    assert [row["requests"] for row in stored(app, "identity")] == [1, 3]


def test_the_development_server_saves_its_counts_when_stopped(tmp_path):
    """``casecrowd serve`` (one process) stopped by SIGTERM writes the hour in progress."""
    from tests.conftest import free_port
    from tests.test_serve import serving, wait_for

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving(tmp_path, "--port", str(port)) as (process, log):
        wait_for(url, process, log)
    assert process.returncode == 0, log.read_text()
    with sa.create_engine(f"sqlite:///{tmp_path / 'instance' / 'identity.sqlite3'}").connect() as c:
        rows = c.execute(sa.text("SELECT role, route, requests FROM metrics_identity_requests"))
        assert [tuple(row) for row in rows] == [("health", "/api/v1/health", 1)]


def test_the_command_refuses_outside_a_deployment(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}
    result = subprocess.run(
        [sys.executable, "-m", "casecrowd", "metrics"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "casecrowd init" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
