"""Argon2id staff passwords (argon2-cffi), with the cost taken from settings."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask

from casecrowd.settings import per_app
from casecrowd.staff.settings import staff_config

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024


def _make_hasher(app: Flask) -> PasswordHasher:
    config = staff_config(app)
    return PasswordHasher(
        time_cost=config.argon2_time_cost,
        memory_cost=config.argon2_memory_kib,
        parallelism=config.argon2_parallelism,
        type=Type.ID,
    )


def hasher(app: Flask | None = None) -> PasswordHasher:
    """The app's hasher, built once from the ``staff.argon2_*`` settings."""
    return per_app(_make_hasher, app)


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than the configured ones."""
    return hasher().check_needs_rehash(stored_hash)


def dummy_hash() -> str:
    """A hash of a password nobody knows, made once per app (so once per process).

    Made at the first login whatever its outcome, so that its one-off cost
    does not single out the first unknown name either.
    """
    return per_app(_make_dummy_hash)


def _make_dummy_hash(app: Flask) -> str:
    return hasher(app).hash(secrets.token_urlsafe(16))


def burn_verification(password: str) -> None:
    """Spend the time of a real verification against :func:`dummy_hash`.

    Unknown and disabled accounts go through this so that a login answers in
    about the same time whether or not the account exists.
    """
    verify_password(dummy_hash(), password)


def password_problem(password: str) -> str | None:
    """Why a new staff password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"must have at least {MIN_PASSWORD_CHARS} characters"
    if len(password) > MAX_PASSWORD_CHARS:
        return f"must have at most {MAX_PASSWORD_CHARS} characters"
    if password != password.strip():
        return "must not start or end with white space"
    return None
