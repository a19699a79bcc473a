"""Argon2id staff passwords (argon2-cffi), with the cost taken from settings."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_HASHER = "casecrowd.staff.hasher"
_DUMMY = "casecrowd.staff.dummy_hash"

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024


def hasher() -> PasswordHasher:
    """The app's hasher, built once from the ``staff.argon2_*`` settings."""
    extensions = current_app.extensions
    if _HASHER not in extensions:
        settings = current_app.config["CASECROWD"]
        extensions[_HASHER] = PasswordHasher(
            time_cost=settings["staff.argon2_time_cost"],
            memory_cost=settings["staff.argon2_memory_kib"],
            parallelism=settings["staff.argon2_parallelism"],
            type=Type.ID,
        )
    return extensions[_HASHER]


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
    """A hash of a password nobody knows, made once per process.

    Made at the first login whatever its outcome, so that its one-off cost
    does not single out the first unknown name either.
    """
    extensions = current_app.extensions
    if _DUMMY not in extensions:
        extensions[_DUMMY] = hash_password(secrets.token_urlsafe(16))
    return extensions[_DUMMY]


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
