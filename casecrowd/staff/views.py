"""Staff login sessions: log in, see who you are, log out."""

from __future__ import annotations

from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.staff import service
from casecrowd.staff.auth import current_staff_session, register_security_scheme, require_staff
from casecrowd.staff.schemas import CurrentStaffSchema, LoginSchema, StaffSessionSchema

blp = Blueprint(
    "staff",
    __name__,
    url_prefix="/api/v1/staff",
    description=(
        "Staff sessions. Tokens are bearer tokens (no cookies), stored only as SHA-256"
        " digests, expiring after `staff.session_hours`."
    ),
)


@blp.record_once
def _document_security(state) -> None:  # type: ignore[no-untyped-def]
    register_security_scheme(state.app.extensions["casecrowd.api"].spec)


@blp.post("/sessions")
@blp.arguments(LoginSchema)
@blp.response(201, StaffSessionSchema, headers={"Cache-Control": {"schema": {"type": "string"}}})
@documents_errors(service.login)
def log_in(credentials):
    """Log in with username, password and, for an account with a second factor, `otp`.

    The token in the answer is shown once. Verifiers and admins need a TOTP
    factor (enrolled on the server: `casecrowd staff totp NAME`); without one
    the answer is 403. Failed logins are counted per account name; past
    `staff.login_failures` the answer is 429 with Retry-After, even for the
    right password, unless a valid code comes with it. Wrong codes are also
    counted on `staff.otp_failures`.
    """
    token, session = service.login(
        credentials["username"], credentials["password"], credentials.get("otp")
    )
    body = {
        "token": token,
        "token_type": "Bearer",
        "expires_at": session.expires_at,
        "account": session.account,
    }
    return body, 201, {"Cache-Control": "no-store"}


@blp.get("/me")
@require_staff()
@blp.response(200, CurrentStaffSchema)
def who_am_i():
    """The account and expiry of the current session."""
    session = current_staff_session()
    return {"account": session.account, "expires_at": session.expires_at}


@blp.delete("/sessions/current")
@require_staff()
@blp.response(204)
def log_out():
    """End the current session; its token stops working at once."""
    service.logout(current_staff_session())
