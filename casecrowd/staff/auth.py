"""``require_staff``: the role check every staff-only view uses (desk, moderation).

Sessions are bearer tokens in ``Authorization: Bearer <token>``, not
cookies: the staff API is used by scripts and a client that sends the header
explicitly, so there is no ambient credential for another site to ride on
(no CSRF surface) and nothing for a browser to keep.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, request
from flask_smorest import Blueprint

from casecrowd.errordocs import documents_errors
from casecrowd.staff import service
from casecrowd.staff.models import ROLES, StaffAccount, StaffSession
from casecrowd.staff.tokens import credentials_from_header

F = TypeVar("F", bound=Callable[..., Any])

SECURITY_SCHEME = "staffBearer"
SECURITY_SCHEME_DOC = {
    "type": "http",
    "scheme": "bearer",
    "description": (
        "A staff session token from POST /api/v1/staff/sessions, sent as "
        "`Authorization: Bearer <token>`. It expires after `staff.session_hours` "
        "and ends at logout."
    ),
}

# Never registered: only its doc decorator is used, so that every staff-only
# view documents its security the same way.
_doc = Blueprint("staff-auth-doc", __name__)


def require_staff(*roles: str) -> Callable[[F], F]:
    """Let the view run only for a live staff session holding one of ``roles``.

    No roles: any staff account. ``admin`` is not implied; list it where it
    applies. The account is available to the view as :func:`current_staff`.
    """
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown staff roles: {sorted(unknown)}")

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = credentials_from_header(request.headers.get("Authorization"), "Bearer")
            g.staff_session = service.authenticate(token, roles)
            return view(*args, **kwargs)

        documented = _doc.doc(security=[{SECURITY_SCHEME: []}])(wrapper)
        # RoleRequired only when there is a role to require.
        errors = (service.authenticate,) if roles else (service.current_session,)
        return documents_errors(*errors)(documented)  # type: ignore[return-value]

    return decorate


def current_staff() -> StaffAccount:
    """The account authenticated by :func:`require_staff` for this request."""
    return g.staff_session.account


def current_staff_session() -> StaffSession:
    return g.staff_session


def register_security_scheme(api_spec: Any) -> None:
    api_spec.components.security_scheme(SECURITY_SCHEME, SECURITY_SCHEME_DOC)
