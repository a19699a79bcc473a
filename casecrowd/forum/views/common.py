"""What every forum blueprint shares: the session guard and the OpenAPI additions."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from flask import g, request

from casecrowd.crypto import base64url
from casecrowd.errordocs import Blueprint, documents_errors
from casecrowd.forum.models import Pseudonym, PseudonymSession
from casecrowd.forum.service import accuracy, limits, sessions
from casecrowd.forum.service.reputation import effective_reputation
from casecrowd.protocol.kinds import KIND_SCHEMAS

SECURITY_SCHEME = "forumSession"
_BEARER = re.compile(r"^Bearer ([A-Za-z0-9_-]{20,100})$", re.IGNORECASE)


def session_token() -> str | None:
    """The forum session token of the request's ``Authorization: Bearer``, if it has one."""
    match = _BEARER.match(request.headers.get("Authorization", ""))
    return match.group(1) if match else None


class ForumBlueprint(Blueprint):
    """Adds the bearer scheme and the signed envelope kinds to the OpenAPI document."""

    def register_views_in_doc(self, api: Any, app: Any, spec: Any, **kwargs: Any) -> None:
        components = spec.components
        if SECURITY_SCHEME not in components.security_schemes:
            components.security_scheme(
                SECURITY_SCHEME,
                {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A forum session token (POST /api/v1/sessions).",
                },
            )
        for kind, schema in KIND_SCHEMAS.items():
            name = "Envelope_" + kind.replace(".", "_")
            if name not in components.schemas:
                components.schema(name, schema=schema)
        super().register_views_in_doc(api, app, spec, **kwargs)

    def session_route(self, view: Callable[..., Any]) -> Callable[..., Any]:
        """Require the session of a pseudonym whose verification has not lapsed.

        Each request so authenticated counts against the pseudonym's
        ``forum.limits.requests`` before the view runs.
        """

        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            g.forum_session, g.forum_pseudonym = sessions.authenticate(session_token())
            limits.count_request(g.forum_pseudonym)
            return view(*args, **kwargs)

        documented = self.doc(security=[{SECURITY_SCHEME: []}])(guarded)
        return documents_errors(sessions.authenticate, limits.count_request)(documented)


def current_session() -> PseudonymSession:
    """The session :meth:`ForumBlueprint.session_route` authenticated for this request."""
    return g.forum_session


def current_pseudonym() -> Pseudonym:
    return g.forum_pseudonym


def pseudonym_body(pseudonym: Pseudonym) -> dict[str, Any]:
    return {
        "handle": pseudonym.handle,
        "public_key": base64url.encode(pseudonym.public_key, padded=False),
        "registered_on": pseudonym.registered_on,
        "verified_until": pseudonym.verified_until,
        "reputation": effective_reputation(pseudonym.reputation),
        "accuracy": accuracy.profile_accuracy(pseudonym.id),
    }
