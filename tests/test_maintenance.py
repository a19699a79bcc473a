"""Sweeps: expired short-lived rows go, on demand (`casecrowd sweep`) and on the server's timer."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from casecrowd import config, maintenance
from casecrowd.cli import cli
from casecrowd.clock import utcnow
from casecrowd.db import db
from casecrowd.forum.service import sessions as forum_sessions
from casecrowd.issuer.models import RetryEntry
from casecrowd.staff.models import StaffAccount, StaffSession
from tests.issuer.support import current_epoch
from tests.staff.support import FAST_ARGON2, add_account

INTERVAL = {"maintenance": {"sweep_interval_seconds": 1}}


@pytest.fixture
def app(make_app):
    return make_app(FAST_ARGON2)


def seed(app) -> dict[str, set]:
    """Retry entries of ended epochs and of this one; expired and live staff sessions.

    Returns what a sweep must leave: the current entries' keys and the live sessions' digests.
    """
    add_account(app, "vera", "verifier")
    epoch = current_epoch()
    entries = {bytes([n]) * 32: e for n, e in enumerate((epoch - 5, epoch - 1, epoch, epoch))}
    now = utcnow()
    sessions = {
        "a" * 64: -timedelta(hours=1),
        "b" * 64: -timedelta(0),
        "c" * 64: timedelta(hours=1),
    }
    with app.app_context():
        account = db.session.scalar(sa.select(StaffAccount))
        for key, entry_epoch in entries.items():
            db.session.add(RetryEntry(entry_key=key, response=bytes(256), epoch=entry_epoch))
        for digest, offset in sessions.items():
            db.session.add(
                StaffSession(account=account, token_hash=digest, expires_at=now + offset)
            )
        db.session.commit()
    return {
        "entries": {key for key, e in entries.items() if e == epoch},
        "sessions": {digest for digest, offset in sessions.items() if offset > timedelta(0)},
    }


def remaining(app) -> dict[str, set]:
    with app.app_context():
        return {
            "entries": {bytes(k) for k in db.session.scalars(sa.select(RetryEntry.entry_key))},
            "sessions": set(db.session.scalars(sa.select(StaffSession.token_hash))),
        }


def test_the_sweep_command_deletes_what_has_expired_and_leaves_the_rest(app):
    kept = seed(app)

    result = app.test_cli_runner().invoke(cli, ["sweep"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["deleted 2 issuer_retry_entries", "deleted 2 staff_sessions"]
    assert remaining(app) == kept
    again = app.test_cli_runner().invoke(cli, ["sweep"])
    assert again.output.splitlines()[:2] == [
        "deleted 0 issuer_retry_entries",
        "deleted 0 staff_sessions",
    ]


def test_the_command_is_an_operator_command(app, settings_for, tmp_path):
    """The real command, on the test's databases: it builds the app creating nothing."""
    kept = seed(app)
    config_file = tmp_path / "casecrowd.toml"
    values = config.load(settings_for(FAST_ARGON2), environ={})
    config_file.write_text(config.render_toml(values, with_help=False))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASECROWD_")}

    def run(folder, **extra):
        return subprocess.run(
            [sys.executable, "-m", "casecrowd", "sweep"],
            cwd=folder,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
        )

    result = run(tmp_path, CASECROWD_CONFIG=str(config_file))
    assert result.returncode == 0, result.stderr
    assert "deleted 2 issuer_retry_entries" in result.stdout
    assert remaining(app) == kept

    empty = tmp_path / "elsewhere"
    empty.mkdir()
    refused = run(empty)
    assert refused.returncode == 1
    assert "casecrowd init" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert list(empty.iterdir()) == []


def test_a_failing_sweep_is_named_and_the_others_still_run(app, monkeypatch):
    kept = seed(app)
    broken = ("broken", f"{__name__}:_fails")
    monkeypatch.setattr(maintenance, "SWEEPS", (broken, *maintenance.SWEEPS))

    with pytest.raises(maintenance.SweepFailed) as caught:
        maintenance.sweep(app=app)
    assert caught.value.failures == {"broken": "ZeroDivisionError"}
    assert caught.value.counts["staff_sessions"] == 2
    assert remaining(app) == kept

    result = app.test_cli_runner().invoke(cli, ["sweep"])
    assert result.exit_code == 1
    assert "deleted 0 staff_sessions" in result.output
    assert "sweep failed for broken (ZeroDivisionError)" in result.output


def _fails(now):
    return 1 // 0


def test_every_sweep_runs_and_a_missing_one_is_a_failure(app, monkeypatch):
    assert set(maintenance.sweep(app=app)) == {
        "issuer_retry_entries",
        "staff_sessions",
        "forum_sessions",
    }
    monkeypatch.delattr(forum_sessions, "sweep_expired")
    with pytest.raises(maintenance.SweepFailed) as caught:
        maintenance.sweep(app=app)
    assert caught.value.failures == {"forum_sessions": "AttributeError"}
    assert set(caught.value.counts) == {"issuer_retry_entries", "staff_sessions"}


def test_the_sweeper_thread_survives_a_failing_round(app, monkeypatch, caplog):
    kept = seed(app)
    rounds = []

    def flaky(now):
        rounds.append(now)
        if len(rounds) == 1:
            raise RuntimeError("row 42 of a secret table")
        return 0

    monkeypatch.setattr(
        maintenance, "SWEEPS", (("flaky", f"{__name__}:_flaky"), *maintenance.SWEEPS)
    )
    monkeypatch.setattr(sys.modules[__name__], "_flaky", flaky, raising=False)
    sweeper = maintenance.Sweeper(app, 0.05)
    with caplog.at_level(logging.INFO, logger="casecrowd.maintenance"):
        sweeper.start()
        deadline = time.monotonic() + 10
        while len(rounds) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        sweeper.stop()
        sweeper.join(timeout=5)

    assert not sweeper.is_alive()
    assert len(rounds) >= 3
    assert remaining(app) == kept
    assert "sweep failed for flaky (RuntimeError)" in caplog.text
    assert "row 42" not in caplog.text
    assert sweeper.daemon


@pytest.mark.live
@pytest.mark.parametrize("workers", [1, 2], ids=["werkzeug", "gunicorn"])
def test_a_live_server_sweeps_with_no_request_arriving(app, live_server, workers):
    server = live_server(workers=workers, overrides={**FAST_ARGON2, **INTERVAL})
    kept = seed(app)  # after start-up: only the timer can sweep these

    deadline = time.monotonic() + 30
    while remaining(app) != kept and time.monotonic() < deadline:
        time.sleep(0.25)

    assert remaining(app) == kept
    assert server.process.poll() is None
    assert "Traceback" not in server.log()
