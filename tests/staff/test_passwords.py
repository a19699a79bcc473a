"""Argon2id staff passwords, rehashed when the configured cost changes."""

from sqlalchemy import select

from casecrowd.db import db
from casecrowd.staff.models import StaffAccount
from tests.staff.support import add_account, login


def stored_hash(app, username):
    with app.app_context():
        return db.session.scalar(
            select(StaffAccount.password_hash).where(StaffAccount.username == username)
        )


def argon2(time_cost, memory_kib, parallelism=1):
    return {
        "staff": {
            "argon2_time_cost": time_cost,
            "argon2_memory_kib": memory_kib,
            "argon2_parallelism": parallelism,
        }
    }


def test_hash_is_argon2id_with_the_configured_parameters(make_app):
    app = make_app(argon2(2, 128, 2))
    add_account(app, "wes", "verifier")
    assert stored_hash(app, "wes").startswith("$argon2id$v=19$m=128,t=2,p=2$")


def test_login_rehashes_when_parameters_change(make_app):
    old = make_app(argon2(1, 64))
    add_account(old, "xena", "verifier")
    original = stored_hash(old, "xena")
    assert original.startswith("$argon2id$v=19$m=64,t=1,p=1$")

    new = make_app(argon2(2, 256))
    assert login(new.test_client(), "xena").status_code == 201
    upgraded = stored_hash(new, "xena")
    assert upgraded.startswith("$argon2id$v=19$m=256,t=2,p=1$")

    # The new hash still verifies, and an unchanged setting rehashes nothing.
    assert login(new.test_client(), "xena").status_code == 201
    assert stored_hash(new, "xena") == upgraded


def test_failed_login_does_not_rehash(make_app):
    old = make_app(argon2(1, 64))
    add_account(old, "yara", "verifier")
    original = stored_hash(old, "yara")
    new = make_app(argon2(2, 256))
    assert login(new.test_client(), "yara", "not the password at all").status_code == 401
    assert stored_hash(new, "yara") == original
