"""Staff login sessions: log in, see who you are, log out."""

from __future__ import annotations

from flask_smorest import Blueprint

from casecrowd.problems import PROBLEM_JSON, ProblemSchema
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
@blp.alt_response(
    401,
    schema=ProblemSchema,
    content_type=PROBLEM_JSON,
    description="Unknown username or wrong password.",
)
@blp.alt_response(
    429,
    schema=ProblemSchema,
    content_type=PROBLEM_JSON,
    description="Too many failed logins for this name.",
)
def log_in(credentials):
    """Log in with username and password; the token in the answer is shown once.

    Failed logins are counted per account name; past `staff.login_failures`
    the answer is 429 with Retry-After, even for the right password.
    """
    token, session = service.login(credentials["username"], credentials["password"])
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
