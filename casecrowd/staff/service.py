"""Staff accounts and login sessions: create, log in, authenticate, log out."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from casecrowd.db import db
from casecrowd.problems import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from casecrowd.ratelimit import limiter
from casecrowd.staff import passwords
from casecrowd.staff.models import ROLES, StaffAccount, StaffSession, utcnow
from casecrowd.staff.tokens import credentials_from_header, digests_match, new_token, token_digest

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
LOGIN_NAMESPACE = "staff-login"
REALM = 'Bearer realm="casecrowd-staff"'


class StaffUnauthenticated(Unauthorized):
    code, title = "staff-unauthenticated", "Staff login required"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": REALM})


class LoginFailed(Unauthorized):
    code, title = "login-failed", "Login failed"

    def __init__(self) -> None:
        # One message for an unknown name, a disabled account and a wrong
        # password: the answer must not tell which accounts exist.
        super().__init__("Unknown username or wrong password.", headers={"WWW-Authenticate": REALM})


class RoleRequired(Forbidden):
    code, title = "role-required", "Role required"


class StaffAccountExists(Conflict):
    code, title = "staff-account-exists", "Staff account exists"


class StaffAccountUnknown(NotFound):
    code, title = "staff-account-unknown", "No such staff account"


class BadStaffInput(Unprocessable):
    code, title = "staff-input", "Invalid staff account data"


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _check_new_account(username: str, role: str, password: str) -> None:
    if not USERNAME_PATTERN.fullmatch(username):
        raise BadStaffInput(
            "A username has 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'."
        )
    if role not in ROLES:
        raise BadStaffInput(f"The role must be one of {', '.join(ROLES)}.")
    problem = passwords.password_problem(password)
    if problem:
        raise BadStaffInput(f"The password {problem}.")


def create_account(username: str, role: str, password: str) -> StaffAccount:
    username = normalise_username(username)
    _check_new_account(username, role, password)
    account = StaffAccount(
        username=username, role=role, password_hash=passwords.hash_password(password)
    )
    db.session.add(account)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise StaffAccountExists(f"The staff account {username} already exists.") from None
    return account


def list_accounts() -> list[StaffAccount]:
    return list(db.session.scalars(select(StaffAccount).order_by(StaffAccount.username)))


def _account(username: str) -> StaffAccount:
    account = db.session.scalar(
        select(StaffAccount).where(StaffAccount.username == normalise_username(username))
    )
    if account is None:
        raise StaffAccountUnknown("There is no staff account with that name.")
    return account


def set_password(username: str, password: str) -> None:
    account = _account(username)
    problem = passwords.password_problem(password)
    if problem:
        raise BadStaffInput(f"The password {problem}.")
    account.password_hash = passwords.hash_password(password)
    # A new password ends every session opened with the old one.
    db.session.execute(delete(StaffSession).where(StaffSession.account_id == account.id))
    db.session.commit()


def set_active(username: str, active: bool) -> None:
    account = _account(username)
    account.active = active
    if not active:
        db.session.execute(delete(StaffSession).where(StaffSession.account_id == account.id))
    db.session.commit()


def _login_rule() -> str:
    return current_app.config["CASECROWD"]["staff.login_failures"]


def login(username: str, password: str) -> tuple[str, StaffSession]:
    """Check the password; return a new bearer token (shown once) and its session.

    Throttled per account name (never per address): once the configured
    number of failures is reached, even the right password gets 429 until the
    window moves on, so the throttle cannot be used as a password oracle.
    """
    name = normalise_username(username)
    limiter().test(_login_rule(), LOGIN_NAMESPACE, name)
    passwords.dummy_hash()
    account = db.session.scalar(select(StaffAccount).where(StaffAccount.username == name))
    if account is None or not account.active:
        passwords.burn_verification(password)
        raise _failure(name)
    if not passwords.verify_password(account.password_hash, password):
        raise _failure(name)
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    now = utcnow()
    db.session.execute(
        delete(StaffSession).where(
            StaffSession.account_id == account.id, StaffSession.expires_at <= now
        )
    )
    token = new_token()
    hours = current_app.config["CASECROWD"]["staff.session_hours"]
    session = StaffSession(
        account=account,
        token_hash=token_digest(token),
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    db.session.add(session)
    db.session.commit()
    return token, session


def _failure(name: str) -> LoginFailed:
    # Counting the failure may itself answer 429 (the limit was just reached).
    limiter().hit(_login_rule(), LOGIN_NAMESPACE, name)
    return LoginFailed()


def current_session(authorization: str | None) -> StaffSession:
    """The live session named by ``Authorization: Bearer <token>``; 401 otherwise."""
    token = credentials_from_header(authorization, "Bearer")
    if token is None:
        raise StaffUnauthenticated("This needs a staff session: Authorization: Bearer <token>.")
    digest = token_digest(token)
    session = db.session.scalar(select(StaffSession).where(StaffSession.token_hash == digest))
    # The lookup is by digest, so its timing says nothing useful about the
    # token; the comparison itself is constant-time all the same.
    if (
        session is None
        or not digests_match(session.token_hash, digest)
        or session.expires_at <= utcnow()
        or not session.account.active
    ):
        raise StaffUnauthenticated("The staff session is unknown, expired or ended.")
    return session


def authenticate(authorization: str | None, roles: tuple[str, ...]) -> StaffSession:
    """The live session of an account holding one of ``roles`` (any role if empty)."""
    session = current_session(authorization)
    if roles and session.account.role not in roles:
        raise RoleRequired(f"This needs the role {' or '.join(roles)}.")
    return session


def logout(session: StaffSession) -> None:
    db.session.delete(session)
    db.session.commit()
