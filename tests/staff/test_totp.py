"""TOTP second factors: required for verifiers and admins, sealed at rest, each code once."""

import os
import stat
import threading
from datetime import UTC, datetime, timedelta

import pyotp
import sqlalchemy as sa
from sqlalchemy import select, update

from casecrowd import bootstrap
from casecrowd.db import db, engine
from casecrowd.staff import totp
from casecrowd.staff.keys import STAFF_KEY_FILE
from casecrowd.staff.models import StaffAccount, StaffSession
from tests.staff.support import (
    FAST_ARGON2,
    PASSWORD,
    SECRETS,
    add_account,
    code_at,
    login,
    next_step,
    wrong_code,
)

WRONG = "a wrong password!"


def test_a_verifier_is_asked_for_a_code_only_after_the_right_password(app, client):
    add_account(app, "ana", "verifier")
    wrong = login(client, "ana", WRONG, otp=None)
    assert wrong.status_code == 401
    assert wrong.get_json()["type"] == "urn:casecrowd:problem:login-failed"
    asked = login(client, "ana", otp=None)
    assert asked.status_code == 401
    assert asked.headers["WWW-Authenticate"].startswith("Bearer")
    body = asked.get_json()
    assert body["type"] == "urn:casecrowd:problem:otp-required"
    assert "otp" in body["detail"]
    assert login(client, "ana").status_code == 201


def test_a_code_works_once(app, client):
    add_account(app, "ben", "admin")
    step = next_step("ben")
    code = code_at("ben", step)
    assert login(client, "ben", otp=code).status_code == 201
    replay = login(client, "ben", otp=code)
    assert replay.status_code == 401
    assert replay.get_json()["type"] == "urn:casecrowd:problem:login-failed"
    assert login(client, "ben", otp=code_at("ben", step + 1)).status_code == 201


def test_one_step_of_drift_is_accepted_and_older_steps_are_replays(app):
    add_account(app, "cia", "verifier")
    moment = datetime.now(UTC)
    step = pyotp.TOTP(SECRETS["cia"]).timecode(moment)
    with app.app_context():
        found = db.session.scalar(select(StaffAccount).where(StaffAccount.username == "cia"))
        assert not totp.accept(found, code_at("cia", step - 2), moment)
        assert not totp.accept(found, code_at("cia", step + 2), moment)
        assert totp.accept(found, code_at("cia", step - 1), moment)
        db.session.commit()
        assert found.totp_last_step == step - 1
        assert totp.accept(found, code_at("cia", step + 1), moment)
        db.session.commit()
        # Once a later step was used, an earlier code is a replay too.
        assert not totp.accept(found, code_at("cia", step), moment)
        later = moment + timedelta(seconds=60)
        assert totp.accept(found, code_at("cia", step + 2), later)
        db.session.commit()


def test_racing_logins_with_one_code_let_only_one_in(app):
    add_account(app, "dee", "verifier")
    code = code_at("dee", next_step("dee"))
    statuses, barrier = [], threading.Barrier(4)

    def attempt():
        client = app.test_client()
        barrier.wait()
        body = {"username": "dee", "password": PASSWORD, "otp": code}
        statuses.append(client.post("/api/v1/staff/sessions", json=body).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 401, 401, 401]


def test_an_admin_without_a_factor_is_told_which_command_enrols_one(app, client, runner):
    add_account(app, "ann", "admin", second_factor=False)
    # Before the password is verified, nothing is said about factors.
    assert login(client, "ann", WRONG).get_json()["type"] == "urn:casecrowd:problem:login-failed"
    refused = login(client, "ann")
    assert refused.status_code == 403
    body = refused.get_json()
    assert body["type"] == "urn:casecrowd:problem:second-factor-not-enrolled"
    assert "`casecrowd staff totp ann`" in body["detail"]
    with app.app_context():
        assert db.session.scalars(select(StaffSession)).all() == []


def test_moderators_may_do_without_a_factor_but_must_use_one_they_have(app, client):
    add_account(app, "mia", "moderator")
    assert login(client, "mia").status_code == 201
    assert login(client, "mia", otp="123456").status_code == 201  # nothing to check it against
    add_account(app, "moe", "moderator", second_factor=True)
    assert login(client, "moe", otp=None).get_json()["type"] == "urn:casecrowd:problem:otp-required"
    assert login(client, "moe", otp=wrong_code("moe")).status_code == 401
    assert login(client, "moe").status_code == 201


def test_the_secret_is_stored_sealed(app):
    secret = add_account(app, "ned", "verifier")
    with app.app_context(), engine("identity").connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM staff_accounts")).mappings().one()
    sealed = bytes(row["totp_secret"])
    assert secret.encode() not in sealed
    assert len(secret) == 32  # base32 of 160 bits (RFC 4226 §4)
    assert len(sealed) == 24 + 16 + 8 + 32  # nonce, tag, account id, secret


def test_a_sealed_secret_does_not_work_on_another_account(app, client):
    add_account(app, "ola", "verifier")
    add_account(app, "pam", "verifier")
    with app.app_context():
        sealed = db.session.scalar(
            select(StaffAccount.totp_secret).where(StaffAccount.username == "ola")
        )
        db.session.execute(
            update(StaffAccount).where(StaffAccount.username == "pam").values(totp_secret=sealed)
        )
        db.session.commit()
    # Ola's code under Pam's name, and Pam's own, both fail: the seal names Ola.
    SECRETS["pam"] = SECRETS["ola"]
    assert login(client, "pam").status_code == 401
    assert login(client, "ola").status_code == 201


def test_under_another_staff_key_no_code_verifies(make_app, app, client, tmp_path):
    add_account(app, "quin", "verifier")
    other = make_app({**FAST_ARGON2, "paths": {"keys": str(tmp_path / "other-keys")}})
    assert login(other.test_client(), "quin").status_code == 401
    assert login(client, "quin").status_code == 201


def test_init_makes_the_staff_key_once_with_mode_0600(make_app, tmp_path):
    keys = tmp_path / "own-keys"
    app = make_app({**FAST_ARGON2, "paths": {"keys": str(keys)}})
    path = keys / STAFF_KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    content = path.read_bytes()
    assert len(bytes.fromhex(content.decode().strip())) == 32
    report = bootstrap.initialize(app)
    assert STAFF_KEY_FILE not in report.created_paths
    assert path.read_bytes() == content
