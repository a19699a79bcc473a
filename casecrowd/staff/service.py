"""Staff accounts and login sessions: create, log in, authenticate, log out."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from casecrowd.clock import next_whole_hour, utcnow
from casecrowd.db import db
from casecrowd.problems import DomainError, RateLimited, raises
from casecrowd.staff import passwords, throttle, totp
from casecrowd.staff.errors import (
    BadStaffInput,
    LoginFailed,
    OneTimeCodeRequired,
    RoleRequired,
    SecondFactorNotEnrolled,
    StaffAccountExists,
    StaffAccountUnknown,
    StaffUnauthenticated,
)
from casecrowd.staff.models import ROLES, StaffAccount, StaffSession
from casecrowd.staff.settings import staff_config
from casecrowd.staff.tokens import digests_match, new_token, token_digest

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


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
    """A new account without a second factor (which verifiers and admins need to log in)."""
    account = _insert_account(username, role, password)
    db.session.commit()
    return account


def create_enrolled_account(username: str, role: str, password: str) -> totp.Enrolment:
    """A new account with its TOTP factor, in one commit: it never exists without it."""
    enrolment = totp.enrol(_insert_account(username, role, password))
    db.session.commit()
    return enrolment


def _insert_account(username: str, role: str, password: str) -> StaffAccount:
    username = normalise_username(username)
    _check_new_account(username, role, password)
    account = StaffAccount(
        username=username, role=role, password_hash=passwords.hash_password(password)
    )
    db.session.add(account)
    try:
        db.session.flush()  # the unique name decides, not a lookup first
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


def enrol_second_factor(username: str) -> totp.Enrolment:
    """A new TOTP secret for the account, replacing any; its open sessions end."""
    enrolment = totp.enrol(_account(username))
    db.session.commit()
    return enrolment


def set_active(username: str, active: bool) -> None:
    account = _account(username)
    account.active = active
    if not active:
        db.session.execute(delete(StaffSession).where(StaffSession.account_id == account.id))
    db.session.commit()


@raises(LoginFailed, OneTimeCodeRequired, SecondFactorNotEnrolled, RateLimited)
def login(username: str, password: str, otp: str | None = None) -> tuple[str, StaffSession]:
    """Check the password (and code); return a new bearer token (shown once) and its session.

    Failures are counted per account name, never per address
    (:mod:`casecrowd.staff.throttle`). Past ``staff.login_failures`` every
    answer is 429, even for the right password, so the lock is no password
    oracle; only the right password *and* a valid, unused code of an
    enrolled factor still get in. A lock that anyone can cause by failing
    on purpose must not keep out the account's owner, and the code is what
    a guesser of passwords does not have. While locked, an attempt with a
    code costs one password verification whatever the name, like any other,
    and only a success tells that the password was right: guesses go on,
    but each has to hit the code as well.

    Wrong codes after a right password also count on ``staff.otp_failures``:
    only someone who knows the password can fill that one.
    """
    name = normalise_username(username)
    digest = throttle.name_digest(name)
    now = utcnow()
    locked = throttle.retry_after(throttle.PASSWORD, digest, staff_config().login_failures, now)
    if locked and otp is None:
        # Nothing can get past the lock: answer before any work, alike for every name.
        raise RateLimited(retry_after=locked)
    passwords.dummy_hash()
    account = db.session.scalar(select(StaffAccount).where(StaffAccount.username == name))
    if account is None or not account.active:
        passwords.burn_verification(password)
        raise _failure(digest, locked, now)
    if not passwords.verify_password(account.password_hash, password):
        raise _failure(digest, locked, now)
    _check_second_factor(account, otp, digest, locked, now)
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    db.session.execute(
        delete(StaffSession).where(
            StaffSession.account_id == account.id, StaffSession.expires_at <= now
        )
    )
    token = new_token()
    # Rounded up: the session lasts at least its configured length, and its
    # expiry no longer tells the minute of the login.
    expires = next_whole_hour(now + timedelta(hours=staff_config().session_hours))
    session = StaffSession(account=account, token_hash=token_digest(token), expires_at=expires)
    db.session.add(session)
    db.session.commit()
    return token, session


def _check_second_factor(
    account: StaffAccount, otp: str | None, digest: str, locked: int | None, now: datetime
) -> None:
    """Return if the login may go on. The password was right: while locked, nothing may say so."""
    enrolled = totp.enrolled(account)
    if not enrolled and not locked:
        if totp.required(account.role):
            raise SecondFactorNotEnrolled(account)
        return
    waiting = throttle.retry_after(throttle.OTP, digest, staff_config().otp_failures, now)
    if not enrolled or waiting:
        if locked:
            # The very path of a wrong password under the lock.
            raise _failure(digest, locked, now)
        raise RateLimited(retry_after=waiting)
    if otp is None:  # never under the lock: login answered that one first
        raise OneTimeCodeRequired()
    if not totp.accept(account, otp, now):
        raise _failure(digest, locked, now, wrong_code=True)


def _failure(
    digest: str, locked: int | None, now: datetime, *, wrong_code: bool = False
) -> DomainError:
    """Count the failure (both counters for a wrong code) in one commit; the error to raise."""
    full = throttle.record(throttle.PASSWORD, digest, staff_config().login_failures, now)
    waiting = None
    if wrong_code:
        waiting = throttle.record(throttle.OTP, digest, staff_config().otp_failures, now)
    db.session.commit()
    # While locked every failure looks the same: the password lock's answer.
    if locked or full:
        return RateLimited(retry_after=locked or full)
    if waiting:
        return RateLimited(retry_after=waiting)
    return LoginFailed()


@raises(StaffUnauthenticated)
def current_session(token: str | None) -> StaffSession:
    """The live session of the bearer ``token`` (None: none was sent); 401 otherwise."""
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


@raises(current_session, RoleRequired)
def authenticate(token: str | None, roles: tuple[str, ...]) -> StaffSession:
    """The live session of an account holding one of ``roles`` (any role if empty)."""
    session = current_session(token)
    if roles and session.account.role not in roles:
        raise RoleRequired(f"This needs the role {' or '.join(roles)}.")
    return session


def logout(session: StaffSession) -> None:
    db.session.delete(session)
    db.session.commit()


def sweep_expired_sessions(now: datetime | None = None) -> int:
    """Delete every account's expired sessions; returns how many. No commit."""
    cutoff = utcnow() if now is None else now
    return db.session.execute(
        delete(StaffSession)
        .where(StaffSession.expires_at <= cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
