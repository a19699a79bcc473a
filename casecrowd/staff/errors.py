"""Errors of staff accounts and logins, as clients and operators see them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casecrowd.problems import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable

if TYPE_CHECKING:
    from casecrowd.staff.models import StaffAccount

REALM = 'Bearer realm="casecrowd-staff"'


class _StaffChallenge(Unauthorized):
    """A 401 of the staff API, naming the scheme to log in with (``WWW-Authenticate``)."""

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": REALM})


class StaffUnauthenticated(_StaffChallenge):
    code, title = "staff-unauthenticated", "Staff login required"


class LoginFailed(_StaffChallenge):
    code, title = "login-failed", "Login failed"

    def __init__(self) -> None:
        # One message for an unknown name, a disabled account, a wrong
        # password and a wrong code: the answer must not tell which accounts
        # exist, nor which half of a password and code was right.
        super().__init__("Unknown username, wrong password or wrong one-time code.")


class OneTimeCodeRequired(_StaffChallenge):
    """Only ever raised after the password was verified (it tells that it was)."""

    code, title = "otp-required", "One-time code required"

    def __init__(self) -> None:
        super().__init__(
            "This account also needs the 6-digit code of its authenticator app, as otp."
        )


class SecondFactorNotEnrolled(Forbidden):
    """A verifier or admin without a factor (one from before factors existed)."""

    code, title = "second-factor-not-enrolled", "Second factor not enrolled"

    def __init__(self, account: StaffAccount) -> None:
        super().__init__(
            f"The {account.role} account {account.username} needs a second factor before it"
            " can log in; an operator enrols one on the server with"
            f" `casecrowd staff totp {account.username}`."
        )


class RoleRequired(Forbidden):
    code, title = "role-required", "Role required"


class StaffAccountExists(Conflict):
    code, title = "staff-account-exists", "Staff account exists"


class StaffAccountUnknown(NotFound):
    code, title = "staff-account-unknown", "No such staff account"


class BadStaffInput(Unprocessable):
    code, title = "staff-input", "Invalid staff account data"
