"""Helpers shared by the staff and desk tests: cheap Argon2, accounts, logins, TOTP codes.

Verifiers and admins are enrolled at creation, as ``casecrowd staff add``
does; the helpers keep each enrolment secret and compute codes from it with
pyotp, like an authenticator app. A code works once, so the helpers never
reuse a time step the server has accepted: each login takes the next unused
one (the current step, then the next), waiting for the clock only when a
test logs one account in more than twice within a step.
"""

from __future__ import annotations

import time
from typing import Any

import pyotp
import requests

from casecrowd.staff import service, totp

# Argon2id at its cheapest, so that tests spend their time on behaviour.
FAST_ARGON2: dict[str, Any] = {
    "staff": {"argon2_time_cost": 1, "argon2_memory_kib": 64, "argon2_parallelism": 1}
}
PASSWORD = "correct horse battery staple"
LOGIN_PATH = "/api/v1/staff/sessions"

# Enrolment secret and last accepted step per username; the latest add_account wins.
SECRETS: dict[str, str] = {}
_USED_STEP: dict[str, int] = {}
AUTO: Any = object()  # the next valid code, when the account has a factor


def remember(username: str, secret: str | None) -> None:
    """Keep (or forget) the enrolment secret of ``username``, e.g. one printed by the CLI."""
    _USED_STEP.pop(username, None)
    if secret is None:
        SECRETS.pop(username, None)
    else:
        SECRETS[username] = secret


def add_account(
    app: Any,
    username: str,
    role: str,
    password: str = PASSWORD,
    *,
    second_factor: bool | None = None,
) -> str | None:
    """Create an account, enrolled when its role needs a factor (or when asked); its secret."""
    enrol = totp.required(role) if second_factor is None else second_factor
    with app.app_context():
        if enrol:
            secret = service.create_enrolled_account(username, role, password).secret
        else:
            service.create_account(username, role, password)
            secret = None
    remember(username, secret)
    return secret


def next_step(username: str) -> int | None:
    """The time step of the next code to send (None: no factor known)."""
    secret = SECRETS.get(username)
    if secret is None:
        return None
    step_seconds = pyotp.TOTP(secret).interval
    while True:
        current = int(time.time()) // step_seconds
        step = max(current, _USED_STEP.get(username, current - 1) + 1)
        # The server accepts the current step and the next one; later ones
        # have to wait for the clock.
        if step <= current + 1:
            return step
        time.sleep(step_seconds - time.time() % step_seconds + 0.05)


def code_at(username: str, step: int) -> str:
    return pyotp.TOTP(SECRETS[username]).generate_otp(step)


def wrong_code(username: str) -> str:
    """A well-formed code that no step the server could accept now (or soon) gives."""
    step_seconds = pyotp.TOTP(SECRETS[username]).interval
    current = int(time.time()) // step_seconds
    valid = {code_at(username, step) for step in range(current - 2, current + 3)}
    return next(code for code in (f"{n:06d}" for n in range(0, 10**6, 111111)) if code not in valid)


def _body(username: str, password: str, otp: Any) -> tuple[dict[str, str], int | None]:
    step = None
    if otp is AUTO:
        step = next_step(service.normalise_username(username))
        otp = None if step is None else code_at(service.normalise_username(username), step)
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    return body, step


def _accepted(username: str, step: int | None, status: int) -> None:
    # The server spends a code only on a successful login.
    if step is not None and status == 201:
        _USED_STEP[service.normalise_username(username)] = step


def login(client: Any, username: str, password: str = PASSWORD, otp: Any = AUTO) -> Any:
    """POST a login with Flask's test client; ``otp`` defaults to the next valid code."""
    body, step = _body(username, password, otp)
    response = client.post(LOGIN_PATH, json=body)
    _accepted(username, step, response.status_code)
    return response


def live_login(url: str, username: str, password: str = PASSWORD, otp: Any = AUTO) -> Any:
    """The same against a live server's base URL (``requests``)."""
    body, step = _body(username, password, otp)
    response = requests.post(f"{url}{LOGIN_PATH}", json=body, timeout=30)
    _accepted(username, step, response.status_code)
    return response


def bearer(client: Any, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = login(client, username, password)
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def live_bearer(url: str, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = live_login(url, username, password)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def staff_headers(app: Any, client: Any, role: str) -> dict[str, str]:
    """Create an account holding ``role`` (named after it) and log it in."""
    add_account(app, role, role)
    return bearer(client, role)
